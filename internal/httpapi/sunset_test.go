package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestDirectSunset(t *testing.T) {
	env := testenv.New(t)
	id := createTool(t, env, "old-scanner", "maintain")
	sbase := fmt.Sprintf("/api/v1/tools/%d/sunset", id)

	refusal := jsonCall(t, env, http.MethodPost, sbase, map[string]any{"kind": "direct"}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.reason") {
		t.Errorf("a direct sunset without a reason: %v", problemFields(refusal))
	}
	if res := env.Do(http.MethodPost, sbase, "", []byte(`{"kind":"direct","reason":"x"}`), nil); res.Status != http.StatusUnauthorized {
		t.Errorf("without a token: %d", res.Status)
	}
	plan := jsonCall(t, env, http.MethodPost, sbase, map[string]any{"kind": "direct",
		"reason": "superseded by the product's dependency scanning"}, http.StatusCreated)
	if plan["kind"] != "direct" || stageOf(t, env, id) != "transition" {
		t.Fatalf("plan %v, stage %s", plan, stageOf(t, env, id))
	}
	jsonCall(t, env, http.MethodPost, sbase, map[string]any{"kind": "direct", "reason": "again"}, http.StatusConflict)

	done := map[string]any{"done": true}
	refusal = jsonCall(t, env, http.MethodPatch, sbase, map[string]any{"checks": map[string]any{"identify_alternatives": done}}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.checks.identify_alternatives") {
		t.Errorf("alternatives ticked without naming any: %v", problemFields(refusal))
	}
	refusal = jsonCall(t, env, http.MethodPatch, sbase, map[string]any{"checks": map[string]any{"migrate_users": done}}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.checks.migrate_users") {
		t.Errorf("a post-co-create activity on a direct plan: %v", problemFields(refusal))
	}
	jsonCall(t, env, http.MethodPatch, sbase, map[string]any{
		"alternatives": []string{"GitLab dependency scanning"}, "stakeholders_agree": []string{"appsec", "sirt"},
		"rollback": map[string]any{"can_keep_running": false, "plan": "none needed: the product feature is GA"},
		"checks":   map[string]any{"identify_alternatives": done, "validate_decision": done},
	}, http.StatusOK)
	date := env.Clock.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	jsonCall(t, env, http.MethodPost, sbase+"/announce", map[string]any{"decommission_on": date}, http.StatusOK)
	env.Clock.Advance(31 * 24 * time.Hour)
	jsonCall(t, env, http.MethodPatch, sbase, map[string]any{"decommissioning": map[string]any{
		"infrastructure_shut_down": true, "repositories_archived": true, "documentation_updated": true}}, http.StatusOK)
	plan = jsonCall(t, env, http.MethodPost, sbase+"/decommission", map[string]any{}, http.StatusOK)
	if plan["state"] != "decommissioned" || stageOf(t, env, id) != "retired" {
		t.Fatalf("state %v, stage %s", plan["state"], stageOf(t, env, id))
	}
	tool := jsonCall(t, env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d", id), nil, http.StatusOK)
	if c := tool["commitment"].(map[string]any); c["slo"] != nil {
		t.Errorf("a retired tool still has an SLO: %v", c)
	}
	jsonCall(t, env, http.MethodPost, sbase+"/close", map[string]any{"lessons_learned": "announce earlier"}, http.StatusOK)
}

func TestSunsetRefusals(t *testing.T) {
	env := testenv.New(t)
	maintained := createTool(t, env, "maintained", "maintain")
	redirected := createTool(t, env, "redirected", "redirect")

	refusal := jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/cocreate", maintained),
		map[string]any{"integration_epic_url": "https://gitlab.com/groups/g/-/epics/1"}, http.StatusConflict)
	if !strings.Contains(fmt.Sprint(refusal["detail"]), "integrate") {
		t.Errorf("co-create of a maintain tool: %v", refusal["detail"])
	}
	refusal = jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/sunset", redirected),
		map[string]any{"kind": "direct", "reason": "nobody uses it"}, http.StatusConflict)
	if !strings.Contains(fmt.Sprint(refusal["detail"]), "transfer") {
		t.Errorf("direct sunset of a redirect tool should point at transfer: %v", refusal["detail"])
	}
	refusal = jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/sunset", maintained),
		map[string]any{"kind": "post_cocreate"}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.kind") {
		t.Errorf("post_cocreate by hand: %v", problemFields(refusal))
	}
	engineer := env.User("erin", core.RoleEngineer)
	var p struct{}
	_, err := engineer.Post(t.Context(), fmt.Sprintf("/api/v1/tools/%d/sunset", maintained),
		map[string]any{"kind": "direct", "reason": "unused"}, &p)
	if err == nil || !strings.Contains(err.Error(), "403") || !strings.Contains(err.Error(), "manager") {
		t.Errorf("an engineer deciding a sunset: %v", err)
	}
}

func TestTransfer(t *testing.T) {
	env := testenv.New(t)
	id := createTool(t, env, "redirected", "redirect")
	path := fmt.Sprintf("/api/v1/tools/%d/transfer", id)
	refusal := jsonCall(t, env, http.MethodPost, path, map[string]any{"new_owner_team": "appsec", "documentation_updated": true}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.new_owner_team") {
		t.Errorf("transfer to the current owner: %v", problemFields(refusal))
	}
	out := jsonCall(t, env, http.MethodPost, path, map[string]any{"new_owner_team": "infrasec", "note": "they run it daily",
		"documentation_updated": true}, http.StatusCreated) // rule 4 of issue 14
	tool := out["tool"].(map[string]any)
	if tool["stage"] != "transferred" || tool["owner_team"] != "infrasec" || out["transfer"].(map[string]any)["from_team"] != "appsec" {
		t.Fatalf("after transfer: %v", out)
	}
	jsonCall(t, env, http.MethodPost, path, map[string]any{"new_owner_team": "someone", "documentation_updated": true}, http.StatusConflict)
	list := jsonCall(t, env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d/transfers", id), nil, http.StatusOK)
	if len(list["items"].([]any)) != 1 {
		t.Errorf("transfers = %v", list)
	}
	msgs := jsonCall(t, env, http.MethodGet, "/api/v1/outbox?limit=100", nil, http.StatusOK)["items"].([]any)
	last := msgs[len(msgs)-1].(map[string]any)
	if last["topic"] != "tool.transferred" || !strings.Contains(fmt.Sprint(last["recipients"]), "infrasec") {
		t.Errorf("last outbox message = %v", last)
	}
}
