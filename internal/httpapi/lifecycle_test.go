package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// jsonCall sends body as JSON with the admin token, checks the status, and
// decodes the answer into a generic map.
func jsonCall(t *testing.T, env *testenv.Env, method, path string, body any, want int) map[string]any {
	t.Helper()
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	res := env.Do(method, path, testenv.AdminToken, raw, nil)
	if res.Status != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", method, path, res.Status, want, res.Body)
	}
	var out map[string]any
	if len(res.Body) > 0 {
		if err := json.Unmarshal(res.Body, &out); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, res.Body)
		}
	}
	return out
}

// problemFields returns the locations a problem document names.
func problemFields(doc map[string]any) []string {
	var out []string
	errs, _ := doc["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		out = append(out, fmt.Sprint(m["location"]))
	}
	return out
}

func hasField(doc map[string]any, loc string) bool {
	for _, f := range problemFields(doc) {
		if f == loc {
			return true
		}
	}
	return false
}

func createTool(t *testing.T, env *testenv.Env, name, category string) int64 {
	t.Helper()
	body := map[string]any{"name": name, "owner_team": "appsec", "stakeholder_teams": []string{"sirt", "vuln-mgmt"},
		"criticality": "high", "category": category}
	if category == "integrate" {
		body["epic_url"], body["milestone"] = "https://gitlab.com/groups/gitlab-org/-/epics/1", "18.9"
	}
	tool := jsonCall(t, env, http.MethodPost, "/api/v1/tools", body, http.StatusCreated)
	return int64(tool["id"].(float64))
}

func stageOf(t *testing.T, env *testenv.Env, id int64) string {
	t.Helper()
	return jsonCall(t, env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d", id), nil, http.StatusOK)["stage"].(string)
}

func outboxTopics(t *testing.T, env *testenv.Env) []string {
	t.Helper()
	l := jsonCall(t, env, http.MethodGet, "/api/v1/outbox?limit=500", nil, http.StatusOK)
	var out []string
	for _, m := range l["items"].([]any) {
		out = append(out, m.(map[string]any)["topic"].(string))
	}
	return out
}

func TestCoCreateThroughSunsetToRetired(t *testing.T) {
	env := testenv.New(t)
	id := createTool(t, env, "VulnMapper", "integrate")
	base := fmt.Sprintf("/api/v1/tools/%d/cocreate", id)

	c := jsonCall(t, env, http.MethodPost, base, map[string]any{"integration_epic_url": "https://gitlab.com/groups/gitlab-com/-/epics/10"}, http.StatusCreated)
	if c["loop"] != "validation" || stageOf(t, env, id) != "co_create" {
		t.Fatalf("after start: loop %v, stage %s", c["loop"], stageOf(t, env, id))
	}
	if !strings.Contains(fmt.Sprint(c["warnings"]), "no handover epic yet") {
		t.Errorf("warnings %v should ask for the handover epic early", c["warnings"])
	}

	// Loop 2 cannot start before loop 1's outputs exist: the refusal lists them.
	refusal := jsonCall(t, env, http.MethodPost, base+"/advance", map[string]any{}, http.StatusConflict)
	for _, f := range []string{"body.loop1.validated_proposal_url", "body.loop1.technical_design_url", "body.loop1.stakeholder_alignment", "body.loop1.pm_validated"} {
		if !hasField(refusal, f) {
			t.Errorf("refusal to advance does not name %s: %v", f, problemFields(refusal))
		}
	}

	// Functionality epics; one without the metric label is refused (rule 19 of issue 14).
	jsonCall(t, env, http.MethodPost, base+"/functionalities", map[string]any{"title": "Map findings to owners",
		"epic_url": "https://gitlab.com/groups/gitlab-com/-/epics/11"}, http.StatusOK)
	refusal = jsonCall(t, env, http.MethodPost, base+"/functionalities", map[string]any{"title": "Weekly digest",
		"epic_url": "https://gitlab.com/groups/gitlab-com/-/epics/12", "labels": []string{"security"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(fmt.Sprint(refusal["errors"]), "ProdSecEngMetric::Tooling Integration") {
		t.Errorf("a functionality epic without the metric label: %v", refusal)
	}
	c = jsonCall(t, env, http.MethodPost, base+"/functionalities", map[string]any{"title": "Weekly digest",
		"epic_url": "https://gitlab.com/groups/gitlab-com/-/epics/12",
		"labels":   []string{"security", "ProdSecEngMetric::Tooling Integration"}}, http.StatusOK)
	if c["percent_in_product"].(float64) != 0 {
		t.Errorf("percent_in_product = %v, want 0", c["percent_in_product"])
	}

	// The handover epic and the product group's answers.
	jsonCall(t, env, http.MethodPatch, base, map[string]any{"handover": map[string]any{
		"epic_url": "https://gitlab.com/groups/gitlab-com/-/epics/13", "product_group": "group::security policies",
		"product_manager": "@pm", "engineering_manager": "@em", "feature_flag": "vuln_mapper_owners",
		"definition_of_done": "GA behind no flag", "rollout_plan": "percentage rollout", "handover_point": "after GA"}}, http.StatusOK)
	c = jsonCall(t, env, http.MethodPost, base+"/handover/answers", map[string]any{"question": "fits_group",
		"answer": "yes, it fits our roadmap", "said_by": "@pm"}, http.StatusOK)
	if strings.Contains(fmt.Sprint(c["warnings"]), "no handover epic") {
		t.Errorf("the handover epic is recorded but still warned about: %v", c["warnings"])
	}

	// Loop 1's activities and outputs, then advance.
	done := map[string]any{"done": true}
	jsonCall(t, env, http.MethodPatch, base, map[string]any{"loop1": map[string]any{
		"pm_validated": done, "engineering_validated": done, "aligned_with_plans": done, "scope_refined": done,
		"validated_proposal_url": "https://gitlab.com/gitlab-org/gitlab/-/issues/1",
		"technical_design_url":   "https://gitlab.com/gitlab-org/gitlab/-/issues/2",
		"stakeholder_alignment":  []string{"@pm", "@em", "appsec"}}}, http.StatusOK)
	c = jsonCall(t, env, http.MethodPost, base+"/advance", map[string]any{}, http.StatusOK)
	if c["loop"] != "integration" {
		t.Fatalf("loop = %v, want integration", c["loop"])
	}

	// Roadmap, sunsetting issues, and a merged contribution that completes a phase and closes an issue.
	jsonCall(t, env, http.MethodPost, base+"/roadmap/phases", map[string]any{"title": "Owners in product", "complete_when": "owner mapping is GA"}, http.StatusOK)
	jsonCall(t, env, http.MethodPost, base+"/roadmap/issues", map[string]any{"requirement": "owner mapping available in product"}, http.StatusOK)
	jsonCall(t, env, http.MethodPost, base+"/merge-requests", map[string]any{"url": "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/5",
		"functionality_id": 1, "completes_phase_id": 1, "fulfils": []int{1}}, http.StatusOK)
	c = jsonCall(t, env, http.MethodPatch, base+"/merge-requests/1", map[string]any{"state": "merged"}, http.StatusOK)
	roadmap := c["roadmap"].(map[string]any)
	if roadmap["phases"].([]any)[0].(map[string]any)["done_at"] == nil ||
		roadmap["sunsetting_issues"].([]any)[0].(map[string]any)["state"] != "closed" {
		t.Errorf("a merged contribution should complete its phase and close its sunsetting issue: %v", roadmap)
	}
	c = jsonCall(t, env, http.MethodPatch, base+"/functionalities/1", map[string]any{"status": "in_product"}, http.StatusOK)
	jsonCall(t, env, http.MethodPatch, base+"/functionalities/2", map[string]any{"status": "dropped"}, http.StatusOK)
	c = jsonCall(t, env, http.MethodGet, base, nil, http.StatusOK)
	if c["percent_in_product"].(float64) != 100 {
		t.Errorf("percent_in_product = %v, want 100 (one in product, one dropped)", c["percent_in_product"])
	}

	// Shipping needs loop 2's outputs.
	refusal = jsonCall(t, env, http.MethodPost, base+"/advance", map[string]any{}, http.StatusConflict)
	if !hasField(refusal, "body.loop2.deployed") || !hasField(refusal, "body.loop2.documentation_url") {
		t.Errorf("refusal to ship names %v", problemFields(refusal))
	}
	jsonCall(t, env, http.MethodPatch, base, map[string]any{"loop2": map[string]any{"tests_written": done, "docs_written": done,
		"deployed": done, "feature_shipped": done, "api_available": done,
		"documentation_url": "https://docs.gitlab.com/user/application_security/owners/"},
		"considerations": map[string]any{"feature_parity": "good_enough", "accepted_gaps": []string{"no weekly digest"}}}, http.StatusOK)
	jsonCall(t, env, http.MethodPost, base+"/feedback", map[string]any{"who": "appsec", "feedback": "works for triage"}, http.StatusOK)
	c = jsonCall(t, env, http.MethodPost, base+"/advance", map[string]any{}, http.StatusOK)
	if c["loop"] != "shipped" || stageOf(t, env, id) != "transition" {
		t.Fatalf("after shipping: loop %v, stage %s; want shipped, transition", c["loop"], stageOf(t, env, id))
	}

	// The post-co-create sunset plan opened by itself.
	sbase := fmt.Sprintf("/api/v1/tools/%d/sunset", id)
	plan := jsonCall(t, env, http.MethodGet, sbase, nil, http.StatusOK)
	if plan["kind"] != "post_cocreate" || plan["state"] != "open" {
		t.Fatalf("plan = %v", plan)
	}
	tool := jsonCall(t, env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d", id), nil, http.StatusOK)
	if tool["category"] != "sunset" {
		t.Errorf("category = %v, want sunset (treated as KTLO while the plan is open)", tool["category"])
	}

	runPostCoCreateSunset(t, env, id)
}

func runPostCoCreateSunset(t *testing.T, env *testenv.Env, id int64) {
	sbase := fmt.Sprintf("/api/v1/tools/%d/sunset", id)
	done := map[string]any{"done": true}

	// Activities need their outputs.
	refusal := jsonCall(t, env, http.MethodPatch, sbase, map[string]any{"checks": map[string]any{"plan_migration": done}}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.checks.plan_migration") {
		t.Errorf("ticking plan_migration without a plan: %v", problemFields(refusal))
	}
	jsonCall(t, env, http.MethodPatch, sbase, map[string]any{"migration": map[string]any{"timeline": "Q1: AppSec, Q2: SIRT",
		"communication_plan": "announce in #security, then weekly", "success_criteria": map[string]any{
			"description": "90% of usage on the product feature", "min_product_share": 0.9}},
		"checks": map[string]any{"plan_migration": done, "validate_parity": map[string]any{"done": true, "note": "digest gap accepted"}}},
		http.StatusOK)

	// Adoption: not done at 50%, done at 95%.
	s := jsonCall(t, env, http.MethodPost, sbase+"/adoption", map[string]any{"internal_uses": 50, "product_uses": 50}, http.StatusCreated)
	if s["migration_done"] != false {
		t.Errorf("migration done at 50%%: %v", s)
	}
	refusal = jsonCall(t, env, http.MethodPatch, sbase, map[string]any{"checks": map[string]any{"migrate_users": done}}, http.StatusUnprocessableEntity)
	if !strings.Contains(string(mustJSON(refusal)), "50%") {
		t.Errorf("refusal should say where adoption stands: %v", refusal)
	}
	env.Clock.Advance(24 * time.Hour)
	s = jsonCall(t, env, http.MethodPost, sbase+"/adoption", map[string]any{"internal_uses": 5, "product_uses": 95}, http.StatusCreated)
	if s["migration_done"] != true || s["product_share"].(float64) != 0.95 {
		t.Errorf("after 95%%: %v", s)
	}
	jsonCall(t, env, http.MethodPatch, sbase, map[string]any{"checks": map[string]any{"migrate_users": done, "monitor_adoption": done}}, http.StatusOK)

	// Notice: a date inside the notice period is refused.
	tooSoon := env.Clock.Now().AddDate(0, 0, 10).Format(time.DateOnly)
	refusal = jsonCall(t, env, http.MethodPost, sbase+"/announce", map[string]any{"decommission_on": tooSoon}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.decommission_on") {
		t.Errorf("announce inside the notice period: %v", problemFields(refusal))
	}
	date := env.Clock.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	jsonCall(t, env, http.MethodPost, sbase+"/announce", map[string]any{"decommission_on": date}, http.StatusOK)

	// Decommissioning is refused without a rollback plan and before the date.
	refusal = jsonCall(t, env, http.MethodPost, sbase+"/decommission", map[string]any{}, http.StatusConflict)
	for _, f := range []string{"body.rollback", "body.notice.decommission_on", "body.decommissioning.infrastructure_shut_down"} {
		if !hasField(refusal, f) {
			t.Errorf("decommission refusal does not name %s: %v", f, problemFields(refusal))
		}
	}

	// The reminder goes out before the date, once.
	env.Clock.Advance(24 * 24 * time.Hour)
	if n, err := env.Services.Sunset.SendReminders(t.Context()); err != nil || n != 1 {
		t.Fatalf("reminders sent %d, %v; want 1", n, err)
	}
	if n, _ := env.Services.Sunset.SendReminders(t.Context()); n != 0 {
		t.Errorf("a second run sent %d reminders, want 0", n)
	}

	jsonCall(t, env, http.MethodPatch, sbase, map[string]any{"rollback": map[string]any{"can_keep_running": true,
		"plan": "keep the scheduled pipeline disabled but deployable for 60 days"}}, http.StatusOK)
	env.Clock.Advance(7 * 24 * time.Hour)
	plan := jsonCall(t, env, http.MethodPost, sbase+"/decommission", map[string]any{"infrastructure_shut_down": true,
		"repositories_archived": true, "documentation_updated": true}, http.StatusOK)
	if plan["state"] != "decommissioned" || stageOf(t, env, id) != "retired" {
		t.Fatalf("after decommission: state %v, stage %s", plan["state"], stageOf(t, env, id))
	}

	// Lessons learned are required to close the plan.
	refusal = jsonCall(t, env, http.MethodPost, sbase+"/close", map[string]any{}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.lessons_learned") {
		t.Errorf("close without lessons: %v", problemFields(refusal))
	}
	plan = jsonCall(t, env, http.MethodPost, sbase+"/close", map[string]any{"lessons_learned": "start the handover epic in week one"}, http.StatusOK)
	if plan["state"] != "closed" {
		t.Errorf("state = %v, want closed", plan["state"])
	}
	topics := strings.Join(outboxTopics(t, env), " ")
	for _, want := range []string{"sunset.opened", "sunset.announced", "sunset.reminder", "sunset.decommissioned"} {
		if !strings.Contains(topics, want) {
			t.Errorf("outbox lacks %s: %s", want, topics)
		}
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
