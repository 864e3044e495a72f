package httpapi_test

// Issue 14's rules through the API, where the path matters: who may
// change criticality and category (1), an outage's default (5), who may
// back-date (7), the step-2 redo (10), zombies apart in the reports (9),
// the real load (23) and prioritised improvements (18).

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestProcessRulesThroughTheAPI(t *testing.T) {
	env := testenv.New(t)
	erin := env.User("erin", core.RoleEngineer)
	mia := env.User("mia", core.RoleManager)
	rita := env.User("rita", core.RoleRequester)
	id := createTool(t, env, "scanner", "maintain")
	tool := fmt.Sprintf("/api/v1/tools/%d", id)

	// Rule 1: an engineer's PATCH cannot change criticality or category; a manager's needs a reason.
	call(t, erin, http.MethodPatch, tool, map[string]any{"criticality": "critical"}, http.StatusForbidden, true)
	refusal := call(t, mia, http.MethodPatch, tool, map[string]any{"category": "improve_then_maintain"}, http.StatusUnprocessableEntity, true)
	if !strings.Contains(fmt.Sprint(refusal["errors"]), "body.reason") {
		t.Errorf("a manager's change without a reason: %v", refusal)
	}
	call(t, mia, http.MethodPatch, tool, map[string]any{"category": "improve_then_maintain", "reason": "hard to recover"}, http.StatusOK, true)
	// Rule 2: sunset is not set by an edit.
	call(t, mia, http.MethodPatch, tool, map[string]any{"category": "sunset", "reason": "unused"}, http.StatusConflict, true)

	// Rule 5: an outage blocks unless the body says otherwise.
	issues := tool + "/issues"
	is := call(t, rita, http.MethodPost, issues, map[string]any{"title": "down", "kind": "outage"}, http.StatusCreated, false)
	if is["blocks_functionality"] != true || is["slo_due_at"] == nil {
		t.Errorf("an outage with nothing said about blocking: %v", is)
	}
	is = call(t, rita, http.MethodPost, issues, map[string]any{"title": "slow", "kind": "outage", "blocks_functionality": false},
		http.StatusCreated, false)
	if is["blocks_functionality"] != false || is["slo_due_at"] != nil {
		t.Errorf("an outage stated not to block: %v", is)
	}
	if !strings.Contains(fmt.Sprint(is["commitment_note"]), "no recovery point objective") {
		t.Errorf("rule 3: the issue's commitment note: %v", is["commitment_note"])
	}

	// Rule 7: a requester cannot back-date; an engineer can.
	past := env.Clock.Now().Add(-72 * time.Hour).Format(time.RFC3339)
	refusal = call(t, rita, http.MethodPost, issues, map[string]any{"title": "old", "kind": "outage", "opened_at": past, "external": true},
		http.StatusForbidden, false)
	if !strings.Contains(fmt.Sprint(refusal["errors"]), "opened_at") {
		t.Errorf("a requester back-dating: %v", refusal)
	}
	call(t, erin, http.MethodPost, issues, map[string]any{"title": "old", "kind": "outage", "opened_at": past}, http.StatusCreated, false)

	// Rule 18: an improvement prioritised (manager) appears in the priorities.
	im := call(t, erin, http.MethodPost, tool+"/improvements", map[string]any{"title": "Add a runbook", "criterion_id": "runbook"},
		http.StatusCreated, false)
	imPath := fmt.Sprintf("%s/improvements/%d", tool, int64(im["id"].(float64)))
	call(t, erin, http.MethodPatch, imPath, map[string]any{"priority": 1}, http.StatusForbidden, false)
	call(t, mia, http.MethodPatch, imPath, map[string]any{"priority": 1, "milestone": "18.9"}, http.StatusOK, false)
	pr := call(t, rita, http.MethodGet, "/api/v1/priorities", nil, http.StatusOK, false)
	items, _ := pr["improvements"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["priority"].(float64) != 1 || items[0].(map[string]any)["tool_name"] != "scanner" {
		t.Errorf("priorities list the improvements %v", pr["improvements"])
	}

	// Rules 9 and 23: the reports show zombies apart and the real load.
	ghost := jsonCall(t, env, http.MethodPost, "/api/v1/tools", map[string]any{"name": "ghost", "owner_team": "appsec",
		"criticality": "low", "category": "maintain"}, http.StatusCreated)
	capRep := call(t, rita, http.MethodGet, "/api/v1/reports/capacity", nil, http.StatusOK, false)
	z, _ := capRep["zombies"].([]any)
	real, _ := capRep["real"].(map[string]any)
	if len(z) != 1 || z[0].(map[string]any)["tool_id"] != ghost["id"] || real == nil || real["support_issues"].(float64) != 3 {
		t.Errorf("capacity report: zombies %v, real %v", capRep["zombies"], capRep["real"])
	}
	slo := call(t, rita, http.MethodGet, "/api/v1/reports/slo?from=2026-01-01", nil, http.StatusOK, false)
	if _, ok := slo["zombies"].([]any); !ok {
		t.Errorf("the SLO report has no zombies list: %v", slo)
	}
	review := fmt.Sprintf("/api/v1/tools/%d/reviews", int64(ghost["id"].(float64)))
	call(t, mia, http.MethodPost, review, map[string]any{"stakeholders_still_use_it": true, "outcome": "keep"}, http.StatusUnprocessableEntity, false)
	call(t, mia, http.MethodPost, review, map[string]any{"stakeholders_still_use_it": true, "outcome": "keep",
		"owner_reverified_by": "@appsec-lead"}, http.StatusCreated, false)
}

func TestStep2RedoThroughTheAPI(t *testing.T) {
	e := newIntake(t)
	p := e.netNewTo(t, "mapper", "redirect_existing", nil)
	refusal := call(t, e.mia, http.MethodPost, p+"/decision", map[string]any{"decision": "self_serve", "basis": "x"}, http.StatusConflict, true)
	if !strings.Contains(fmt.Sprint(refusal["detail"]), "reassess") {
		t.Errorf("rule 10: a decision unlike step 2: %v", refusal)
	}
	call(t, e.erin, http.MethodPost, p+"/reassess", map[string]any{"reason": "x"}, http.StatusForbidden, false)
	r := call(t, e.mia, http.MethodPost, p+"/reassess", map[string]any{"reason": "the team wants to build it"}, http.StatusOK, false)
	if r["step"] != "path_forward" || len(r["history"].([]any)) != 1 {
		t.Errorf("after the redo: %v", r)
	}
}
