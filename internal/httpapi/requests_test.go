package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// intakeEnv is an API with a requester, an engineer, a manager and a leader.
type intakeEnv struct {
	*testenv.Env
	rita, erin, mia, lee *client.Client
}

func newIntake(t *testing.T) intakeEnv {
	env := testenv.New(t)
	return intakeEnv{env, env.User("rita", core.RoleRequester), env.User("erin", core.RoleEngineer),
		env.User("mia", core.RoleManager), env.User("lee", core.RoleLeadership)}
}

var netNewAnswers = map[string]string{"problem_statement": "triage of dependency findings is manual", "who_is_affected": "AppSec",
	"user_requirements": "map findings to owners", "alternatives_explored": "GitLab dependency list", "business_case": "4h a week",
	"urgency": "this quarter"}

var handoverAnswers = map[string]string{"customer_problem": "secrets leak in CI logs", "business_process": "SIRT triage",
	"current_capabilities": "scans job logs", "current_users": "SIRT", "architecture": "Go, scheduled pipeline",
	"existing_adrs": "Go chosen for its static binaries"}

// call sends a JSON request as c, reading the ETag of the request first
// when ifMatch is set; it fails unless the status is want.
func call(t *testing.T, c *client.Client, method, path string, body any, want int, ifMatch bool) map[string]any {
	t.Helper()
	etag := ""
	if ifMatch {
		r, err := c.Get(t.Context(), strings.Split(path, "/decision")[0], nil, nil)
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		etag = r.ETag
	}
	var out map[string]any
	r, err := c.Do(t.Context(), method, path, nil, body, &out, etag)
	status := r.Status
	if err != nil {
		if ce, ok := err.(*client.Error); ok {
			status = ce.Status
			out = map[string]any{"detail": ce.Problem.Detail, "errors": ce.Problem.Errors, "code": ce.Problem.Code}
		} else {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	if status != want {
		t.Fatalf("%s %s: status %d, want %d: %v", method, path, status, want, out)
	}
	return out
}

func (e intakeEnv) open(t *testing.T, kind string, answers map[string]string, name string) string {
	r := call(t, e.rita, http.MethodPost, "/api/v1/requests", map[string]any{"kind": kind, "title": name,
		"requesting_team": "appsec", "template": answers}, http.StatusCreated, false)
	return fmt.Sprintf("/api/v1/requests/%d", int64(r["id"].(float64)))
}

func (e intakeEnv) step(t *testing.T, path, step string, body any, want int) map[string]any {
	return call(t, e.erin, http.MethodPut, path+"/"+step, body, want, false)
}

func (e intakeEnv) netNewTo(t *testing.T, name, outcome string, extra map[string]any) string {
	p := e.open(t, "net_new", netNewAnswers, name)
	e.step(t, p, "understanding", map[string]any{}, http.StatusOK)
	body := map[string]any{"outcome": outcome, "basis": "no product feature planned this year"}
	for k, v := range extra {
		body[k] = v
	}
	e.step(t, p, "path-forward", body, http.StatusOK)
	return p
}

func toolCount(t *testing.T, env *testenv.Env) int {
	return len(jsonCall(t, env, http.MethodGet, "/api/v1/tools", nil, http.StatusOK)["items"].([]any))
}

func lastMessage(t *testing.T, env *testenv.Env) map[string]any {
	items := jsonCall(t, env, http.MethodGet, "/api/v1/outbox?limit=500", nil, http.StatusOK)["items"].([]any)
	return items[len(items)-1].(map[string]any)
}

func TestNetNewBuildInternal(t *testing.T) {
	e := newIntake(t)
	p := e.open(t, "net_new", map[string]string{"problem_statement": "manual triage"}, "vulnmapper")
	refusal := e.step(t, p, "understanding", map[string]any{}, http.StatusUnprocessableEntity)
	if !strings.Contains(fmt.Sprint(refusal["errors"]), "template.urgency") {
		t.Errorf("an incomplete template: %v", refusal)
	}
	refusal = e.step(t, p, "plan", map[string]any{"criticality": "high", "design_decisions": []any{}}, http.StatusConflict)
	if !strings.Contains(refusal["detail"].(string), "at step understanding") {
		t.Errorf("out of order: %v", refusal["detail"])
	}
	call(t, e.rita, http.MethodPatch, p, map[string]any{"template": netNewAnswers}, http.StatusOK, false)
	e.step(t, p, "understanding", map[string]any{}, http.StatusOK)
	refusal = e.step(t, p, "path-forward", map[string]any{"outcome": "build_internal", "basis": "x"}, http.StatusUnprocessableEntity)
	if !strings.Contains(fmt.Sprint(refusal["errors"]), "path_forward") {
		t.Errorf("build_internal without a category: %v", refusal)
	}
	r := e.step(t, p, "path-forward", map[string]any{"outcome": "build_internal", "basis": "no product fit yet",
		"path_forward": "improve_then_integrate", "cocreate_inputs": "owner mapping could be a product feature"}, http.StatusOK)
	if r["step"] != "plan" {
		t.Fatalf("after build_internal the step is %v, want plan", r["step"])
	}
	r = e.step(t, p, "plan", map[string]any{"criticality": "high", "design_decisions": []map[string]any{
		{"title": "Go", "context": "team knows Go", "decision": "write it in Go"},
		{"title": "Scheduled pipeline", "context": "no server to run", "decision": "deploy as a scheduled pipeline"}}}, http.StatusOK)
	if r["plan"].(map[string]any)["commitment"].(map[string]any)["level"] != "high" {
		t.Errorf("the plan shows no commitment: %v", r["plan"])
	}
	// A requester cannot decide; the engineer neither.
	call(t, e.erin, http.MethodPost, p+"/decision", map[string]any{"basis": "x"}, http.StatusForbidden, true)
	call(t, e.mia, http.MethodPost, p+"/decision", map[string]any{"basis": "x"}, http.StatusPreconditionRequired, false)
	r = call(t, e.mia, http.MethodPost, p+"/decision", map[string]any{"basis": "AppSec needs it this quarter",
		"work_items":       []string{"map findings to owners", "scheduled pipeline"}, // rule 13 of issue 14
		"target_milestone": map[string]any{"title": "18.9", "due_on": e.Clock.Now().AddDate(0, 1, 0).Format(time.DateOnly)}},
		http.StatusCreated, true)
	if r["state"] != "decided" || r["step"] != "done" || r["tool_id"] == nil {
		t.Fatalf("after deciding: %v", r)
	}
	tool := jsonCall(t, e.Env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d", int64(r["tool_id"].(float64))), nil, http.StatusOK)
	if tool["stage"] != "planned" || tool["criticality"] != "high" || tool["category"] != "improve_then_integrate" || tool["owner_team"] != "prodsec-eng" {
		t.Errorf("tool = %v", tool)
	}
	adrs := jsonCall(t, e.Env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d/adrs", int64(r["tool_id"].(float64))), nil, http.StatusOK)
	if len(adrs["items"].([]any)) != 2 {
		t.Errorf("design decisions became %d ADRs, want 2", len(adrs["items"].([]any)))
	}
	msg := lastMessage(t, e.Env)
	if msg["topic"] != "stakeholders.notified" || !strings.Contains(fmt.Sprint(msg["recipients"]), "appsec") {
		t.Errorf("last message = %v", msg)
	}
	events := jsonCall(t, e.Env, http.MethodGet, p+"/events", nil, http.StatusOK)["items"].([]any)
	var types []string
	for _, ev := range events {
		types = append(types, ev.(map[string]any)["type"].(string))
	}
	if strings.Join(types, " ") != "request.opened request.answered request.understanding request.path_forward request.plan request.decided request.final" {
		t.Errorf("timeline = %v", types)
	}
}

func TestNetNewOtherOutcomes(t *testing.T) {
	e := newIntake(t)
	revisit := e.Clock.Now().AddDate(0, 3, 0).Format(time.DateOnly)
	tests := []struct {
		outcome  string
		body     map[string]any
		decider  *client.Client
		agreer   *client.Client
		cocreate bool
	}{
		{"build_in_product", nil, e.mia, nil, true},
		{"redirect_existing", nil, e.mia, nil, false},
		{"wait_for_product", map[string]any{"revisit_on": revisit}, e.mia, e.rita, false},
		{"defer_capacity", map[string]any{"revisit_on": revisit}, e.mia, e.lee, false},
		{"self_serve", nil, e.mia, e.rita, false},
		{"self_serve", nil, e.rita, nil, false},
	}
	for i, tc := range tests {
		t.Run(fmt.Sprintf("%s decided by %d", tc.outcome, i), func(t *testing.T) {
			p := e.netNewTo(t, fmt.Sprintf("need-%d", i), tc.outcome, nil)
			body := map[string]any{"basis": "see the path forward", "product": "Pat (PM)", "engineering": "Eve (EM)"} // rule 11 of issue 14
			for k, v := range tc.body {
				body[k] = v
			}
			if tc.body != nil {
				refusal := call(t, tc.decider, http.MethodPost, p+"/decision", map[string]any{"basis": "x"}, http.StatusUnprocessableEntity, true)
				if !strings.Contains(fmt.Sprint(refusal["errors"]), "revisit_on") {
					t.Errorf("without a revisit date: %v", refusal)
				}
			}
			r := call(t, tc.decider, http.MethodPost, p+"/decision", body, http.StatusCreated, true)
			if tc.agreer != nil {
				if r["state"] != "awaiting_agreement" {
					t.Fatalf("state = %v, want awaiting_agreement", r["state"])
				}
				call(t, e.erin, http.MethodPost, p+"/decision/agreements", map[string]any{}, http.StatusForbidden, false)
				r = call(t, tc.agreer, http.MethodPost, p+"/decision/agreements", map[string]any{}, http.StatusCreated, false)
			}
			if r["state"] != "decided" || r["tool_id"] != nil || r["needs_cocreate"] != tc.cocreate {
				t.Errorf("after the decision: state %v, tool %v, needs_cocreate %v", r["state"], r["tool_id"], r["needs_cocreate"])
			}
		})
	}
	if n := toolCount(t, e.Env); n != 0 {
		t.Errorf("%d tools were added, want none", n)
	}
	due := jsonCall(t, e.Env, http.MethodGet, "/api/v1/requests/due", nil, http.StatusOK)["items"].([]any)
	if len(due) != 0 {
		t.Errorf("due before the revisit date: %d", len(due))
	}
	e.Clock.Advance(100 * 24 * time.Hour)
	due = jsonCall(t, e.Env, http.MethodGet, "/api/v1/requests?due_for_reassessment=true", nil, http.StatusOK)["items"].([]any)
	if len(due) != 2 {
		t.Errorf("due after the revisit date: %d, want 2 (wait_for_product and defer_capacity)", len(due))
	}
	mine := jsonCall(t, e.Env, http.MethodGet, "/api/v1/requests?mine=true", nil, http.StatusOK)["items"].([]any)
	if len(mine) != 0 {
		t.Errorf("the admin opened no request but mine lists %d", len(mine))
	}
}

func (e intakeEnv) handoverTo(t *testing.T, name string, met []string, category string) string {
	p := e.open(t, "handover", handoverAnswers, name)
	e.step(t, p, "understanding", map[string]any{}, http.StatusOK)
	e.step(t, p, "maintainability", map[string]any{"criticality": "high", "met": met}, http.StatusOK)
	e.step(t, p, "path-to-product", map[string]any{"path_forward": category, "cocreate_inputs": "log scanning is a product gap"}, http.StatusOK)
	return p
}

var allGood = []string{"owner-and-readme", "source-in-gitlab", "tests-in-ci", "secret-hygiene", "dependency-scanning", "runbook"}

func TestHandoverDecisions(t *testing.T) {
	e := newIntake(t)
	// accept below Good is refused, and nothing is written
	p := e.handoverTo(t, "weak", []string{"owner-and-readme"}, "maintain")
	refusal := call(t, e.mia, http.MethodPost, p+"/decision", map[string]any{"decision": "accept", "basis": "x"}, http.StatusConflict, true)
	if !strings.Contains(refusal["detail"].(string), "Good") || toolCount(t, e.Env) != 0 {
		t.Fatalf("accept below Good: %v", refusal)
	}
	// accept with an improvement plan: the gaps become items, the commitment one level lower
	r := call(t, e.mia, http.MethodPost, p+"/decision", map[string]any{"decision": "accept_with_improvement_plan",
		"basis": "SIRT depends on it", "conditions": "plan done within two milestones", "documentation_updated": true}, http.StatusCreated, true)
	id := int64(r["tool_id"].(float64))
	tool := jsonCall(t, e.Env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d", id), nil, http.StatusOK)
	if tool["stage"] != "operational" || tool["health"] != "below_good" || tool["open_improvements"].(float64) != 5 ||
		tool["commitment"].(map[string]any)["level"] != "medium" {
		t.Errorf("tool = %v", tool)
	}
	adrs := jsonCall(t, e.Env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d/adrs", id), nil, http.StatusOK)["items"].([]any)
	if len(adrs) != 1 || adrs[0].(map[string]any)["retrospective"] != true {
		t.Errorf("existing ADRs are not kept as a retrospective ADR: %v", adrs)
	}

	tests := []struct {
		decision string
		decider  *client.Client
		agreers  []*client.Client
		stage    string // "" when no tool is added
		level    string
	}{
		{"accept", e.mia, nil, "operational", "high"},
		{"best_effort", e.mia, []*client.Client{e.lee}, "operational", "low"},
		{"propose_alternative", e.mia, []*client.Client{e.rita, e.lee}, "", ""},
		{"reprioritise", e.lee, nil, "operational", "high"},
	}
	for i, tc := range tests {
		t.Run(tc.decision, func(t *testing.T) {
			p := e.handoverTo(t, fmt.Sprintf("tool-%d", i), allGood, "maintain")
			if tc.decision == "reprioritise" {
				refusal := call(t, e.mia, http.MethodPost, p+"/decision", map[string]any{"decision": "reprioritise", "basis": "x"}, http.StatusForbidden, true)
				if !strings.Contains(refusal["detail"].(string), "leadership") {
					t.Errorf("a manager reprioritising: %v", refusal["detail"])
				}
			}
			before := toolCount(t, e.Env)
			r := call(t, tc.decider, http.MethodPost, p+"/decision", map[string]any{"decision": tc.decision,
				"basis": "as agreed", "conditions": "impact: the digest feature slips a milestone",
				"impact": "the digest feature slips a milestone", "documentation_updated": true}, http.StatusCreated, true)
			for j, a := range tc.agreers {
				if r["state"] != "awaiting_agreement" || toolCount(t, e.Env) != before {
					t.Fatalf("before agreement %d: state %v, tools %d→%d", j, r["state"], before, toolCount(t, e.Env))
				}
				if lastMessage(t, e.Env)["topic"] != "agreement.requested" {
					t.Errorf("no agreement.requested message")
				}
				r = call(t, a, http.MethodPost, p+"/decision/agreements", map[string]any{}, http.StatusCreated, false)
			}
			if r["state"] != "decided" {
				t.Fatalf("state = %v", r["state"])
			}
			if tc.stage == "" {
				if r["tool_id"] != nil || toolCount(t, e.Env) != before {
					t.Errorf("propose_alternative added a tool")
				}
				return
			}
			tool := jsonCall(t, e.Env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d", int64(r["tool_id"].(float64))), nil, http.StatusOK)
			if tool["stage"] != tc.stage || tool["commitment"].(map[string]any)["level"] != tc.level || tool["health"] != "good" {
				t.Errorf("tool = stage %v level %v health %v", tool["stage"], tool["commitment"].(map[string]any)["level"], tool["health"])
			}
		})
	}
}

func TestOtherRequestsAndWithdrawal(t *testing.T) {
	e := newIntake(t)
	p := e.open(t, "other", map[string]string{"description": "please review our threat model"}, "review")
	call(t, e.mia, http.MethodPost, p+"/decision", map[string]any{"decision": "accept", "basis": "x"}, http.StatusUnprocessableEntity, true)
	r := call(t, e.mia, http.MethodPost, p+"/decision", map[string]any{"decision": "decline", "basis": "AppSec reviews threat models"}, http.StatusCreated, true)
	if r["state"] != "decided" {
		t.Errorf("state = %v", r["state"])
	}
	w := e.open(t, "net_new", nil, "maybe")
	call(t, e.rita, http.MethodPost, w+"/comments", map[string]any{"body": "is this still needed?"}, http.StatusCreated, false)
	r = call(t, e.rita, http.MethodPost, w+"/withdraw", map[string]any{"reason": "solved by the product"}, http.StatusOK, false)
	if r["state"] != "withdrawn" {
		t.Errorf("state = %v", r["state"])
	}
	e.step(t, w, "understanding", map[string]any{}, http.StatusConflict)
}

func TestConcurrentDecisionsOneWins(t *testing.T) {
	e := newIntake(t)
	p := e.netNewTo(t, "race", "redirect_existing", nil)
	etag := ""
	if r, err := e.mia.Get(t.Context(), p, nil, nil); err == nil {
		etag = r.ETag
	}
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i, c := range []*client.Client{e.mia, e.Admin} {
		wg.Go(func() {
			_, err := c.Do(t.Context(), http.MethodPost, p+"/decision", nil, map[string]any{"basis": fmt.Sprintf("decider %d", i)}, nil, etag)
			statuses[i] = 201
			if ce, ok := err.(*client.Error); ok {
				statuses[i] = ce.Status
			}
		})
	}
	wg.Wait()
	if !(statuses[0] == 201 && statuses[1] == 412 || statuses[0] == 412 && statuses[1] == 201) {
		t.Errorf("statuses = %v, want one 201 and one 412", statuses)
	}
	events := jsonCall(t, e.Env, http.MethodGet, p+"/events", nil, http.StatusOK)["items"].([]any)
	decided := 0
	for _, ev := range events {
		if ev.(map[string]any)["type"] == "request.decided" {
			decided++
		}
	}
	if decided != 1 {
		t.Errorf("%d decisions recorded, want 1", decided)
	}
}

func TestCoCreateOfANeed(t *testing.T) {
	e := newIntake(t)
	p := e.netNewTo(t, "owners-in-product", "build_in_product", nil)
	call(t, e.erin, http.MethodPost, p+"/cocreate", map[string]any{"integration_epic_url": "https://gitlab.com/groups/g/-/epics/9"},
		http.StatusConflict, false) // not decided yet
	call(t, e.mia, http.MethodPost, p+"/decision", map[string]any{"basis": "Product wants it", "product": "Pat (PM)",
		"engineering": "Eve (EM)"}, http.StatusCreated, true)
	c := call(t, e.erin, http.MethodPost, p+"/cocreate", map[string]any{"integration_epic_url": "https://gitlab.com/groups/g/-/epics/9"},
		http.StatusCreated, false)
	if c["loop"] != "validation" || c["tool_id"] != nil || c["request_id"] == nil {
		t.Fatalf("co-create of a need = %v", c)
	}
	if strings.Contains(fmt.Sprint(c["warnings"]), "sunset roadmap") {
		t.Errorf("a need with no internal tool is asked for a sunset roadmap: %v", c["warnings"])
	}
	done := map[string]any{"done": true}
	call(t, e.erin, http.MethodPatch, p+"/cocreate", map[string]any{ // rule 20 of issue 14: the handover epic comes first
		"handover": map[string]any{"epic_url": "https://gitlab.com/groups/g/-/epics/10"}}, http.StatusOK, false)
	call(t, e.erin, http.MethodPatch, p+"/cocreate", map[string]any{"loop1": map[string]any{"pm_validated": done,
		"engineering_validated": done, "aligned_with_plans": done, "scope_refined": done,
		"validated_proposal_url": "https://gitlab.com/g/p/-/issues/1", "technical_design_url": "https://gitlab.com/g/p/-/issues/2",
		"stakeholder_alignment": []string{"@pm"}}}, http.StatusOK, false)
	call(t, e.erin, http.MethodPost, p+"/cocreate/advance", map[string]any{}, http.StatusOK, false)
	call(t, e.erin, http.MethodPost, p+"/cocreate/merge-requests", map[string]any{"url": "https://gitlab.com/g/p/-/merge_requests/1",
		"state": "merged"}, http.StatusOK, false)
	call(t, e.erin, http.MethodPatch, p+"/cocreate", map[string]any{"loop2": map[string]any{"tests_written": done, "docs_written": done,
		"deployed": done, "feature_shipped": done, "api_available": done, "documentation_url": "https://docs.gitlab.com/x"}},
		http.StatusOK, false)
	c = call(t, e.erin, http.MethodPost, p+"/cocreate/advance", map[string]any{}, http.StatusOK, false)
	if c["loop"] != "shipped" || toolCount(t, e.Env) != 0 {
		t.Errorf("shipped a need: loop %v, %d tools", c["loop"], toolCount(t, e.Env))
	}
	events := jsonCall(t, e.Env, http.MethodGet, p+"/events", nil, http.StatusOK)["items"].([]any)
	if last := events[len(events)-1].(map[string]any); last["type"] != "cocreate.advanced" {
		t.Errorf("the request's timeline ends with %v", last["type"])
	}
}
