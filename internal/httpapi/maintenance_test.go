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

func TestPrioritiesRankAndRecommend(t *testing.T) {
	env := testenv.New(t)
	fit := createTool(t, env, "fit", "maintain")
	fragile := createTool(t, env, "fragile", "maintain")
	unscored := createTool(t, env, "unscored", "maintain")
	score := func(id int64, c, pf, m, sa, cv int) {
		jsonCall(t, env, http.MethodPut, fmt.Sprintf("/api/v1/tools/%d/scores", id), map[string]any{"criticality": c,
			"product_fit": pf, "maintainability": m, "strategic_alignment": sa, "customer_value": cv,
			"notes": map[string]string{"product_fit": "group::threat insights wants it"}}, http.StatusOK)
	}
	score(fit, 3, 5, 4, 4, 5)
	score(fragile, 4, 2, 1, 3, 2)
	refusal := jsonCall(t, env, http.MethodPut, fmt.Sprintf("/api/v1/tools/%d/scores", fit), map[string]any{"criticality": 6,
		"product_fit": 5, "maintainability": 4, "strategic_alignment": 4, "customer_value": 5}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.criticality") {
		t.Errorf("a score of 6: %v", problemFields(refusal))
	}

	p := jsonCall(t, env, http.MethodGet, "/api/v1/priorities", nil, http.StatusOK)
	items := p["items"].([]any)
	order := []string{}
	recs := map[string]string{}
	for _, it := range items {
		m := it.(map[string]any)
		order = append(order, m["name"].(string))
		recs[m["name"].(string)] = m["recommendation"].(string)
	}
	// fit: (3+5+2+4+5)/5 = 3.8; fragile: (4+2+5+3+2)/5 = 3.2; unscored last.
	if strings.Join(order, ",") != "fit,fragile,unscored" {
		t.Errorf("order = %v", order)
	}
	if recs["fit"] != "co_create_candidate" || recs["fragile"] != "improve" || recs["unscored"] != "score_it" {
		t.Errorf("recommendations = %v", recs)
	}
	first := items[0].(map[string]any)
	if first["score"].(float64) != 3.8 || len(first["breakdown"].([]any)) != 5 {
		t.Errorf("first = %v", first)
	}

	// A manager weights criticality heavily: fragile overtakes fit.
	engineer := env.User("erin", core.RoleEngineer)
	if _, err := engineer.Do(t.Context(), http.MethodPut, "/api/v1/priorities/weights", nil, map[string]any{"criticality": 10,
		"product_fit": 1, "maintainability": 1, "strategic_alignment": 1, "customer_value": 1}, nil, ""); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("an engineer weighting priorities: %v", err)
	}
	putConfig(t, env, "/api/v1/priorities/weights", map[string]any{"criticality": 10,
		"product_fit": 1, "maintainability": 1, "strategic_alignment": 1, "customer_value": 1}, http.StatusOK)
	p = jsonCall(t, env, http.MethodGet, "/api/v1/priorities", nil, http.StatusOK)
	if name := p["items"].([]any)[0].(map[string]any)["name"]; name != "fragile" {
		t.Errorf("with criticality weighted 10, first is %v, want fragile", name)
	}
	w := jsonCall(t, env, http.MethodGet, "/api/v1/priorities/weights", nil, http.StatusOK)
	if len(w["history"].([]any)) != 1 {
		t.Errorf("weights history = %v", w["history"])
	}
	score(fit, 3, 5, 4, 4, 4)
	h := jsonCall(t, env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d/scores", fit), nil, http.StatusOK)
	if len(h["items"].([]any)) != 2 {
		t.Errorf("score history keeps %d entries, want 2", len(h["items"].([]any)))
	}
	_ = unscored
}

func TestReviewsDueOutcomesAndZombies(t *testing.T) {
	env := testenv.New(t)
	high := createTool(t, env, "high", "maintain")
	low := jsonCall(t, env, http.MethodPost, "/api/v1/tools", map[string]any{"name": "low", "owner_team": "appsec",
		"criticality": "low", "category": "maintain"}, http.StatusCreated)
	lowID := int64(low["id"].(float64))
	due := func() []string {
		l := jsonCall(t, env, http.MethodGet, "/api/v1/reviews/due", nil, http.StatusOK)
		var names []string
		for _, it := range l["items"].([]any) {
			names = append(names, it.(map[string]any)["name"].(string))
		}
		return names
	}
	if d := due(); len(d) != 0 {
		t.Fatalf("due on day one: %v", d)
	}
	env.Clock.Advance(95 * 24 * time.Hour)
	if d := due(); strings.Join(d, ",") != "high" {
		t.Fatalf("after a quarter: %v, want [high]", d)
	}
	r := jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/reviews", high), map[string]any{
		"stakeholders_still_use_it": true, "outcome": "change_criticality", "new_criticality": "medium"}, http.StatusCreated)
	if r["tool"].(map[string]any)["criticality"] != "medium" {
		t.Errorf("the outcome was not applied: %v", r["tool"])
	}
	if d := due(); len(d) != 0 {
		t.Errorf("after the review: %v", d)
	}
	refusal := jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/reviews", high), map[string]any{
		"stakeholders_still_use_it": true, "outcome": "change_category"}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.new_category") {
		t.Errorf("change_category without a category: %v", problemFields(refusal))
	}

	// The low tool's users moved on: a zombie, then sunset by its review.
	jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/reviews", lowID), map[string]any{
		"stakeholders_still_use_it": false, "moved_to_other_solution": true, "moved_to": "GitLab secret detection",
		"outcome": "keep", "owner_reverified_by": "@appsec-lead"}, http.StatusCreated) // rule 9 of issue 14: a zombie's owner re-verifies
	z := jsonCall(t, env, http.MethodGet, "/api/v1/reviews/zombies", nil, http.StatusOK)["items"].([]any)
	if len(z) != 1 || !strings.Contains(fmt.Sprint(z[0].(map[string]any)["zombie_reasons"]), "GitLab secret detection") {
		t.Fatalf("zombies = %v", z)
	}
	p := jsonCall(t, env, http.MethodGet, "/api/v1/priorities", nil, http.StatusOK)
	for _, it := range p["items"].([]any) {
		if m := it.(map[string]any); m["name"] == "low" && m["recommendation"] != "sunset_candidate" {
			t.Errorf("a zombie is recommended %v", m["recommendation"])
		}
	}
	jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/reviews", lowID), map[string]any{
		"stakeholders_still_use_it": false, "outcome": "sunset", "notes": "replaced by the product",
		"owner_reverified_by": "@appsec-lead"}, http.StatusCreated)
	if s := stageOf(t, env, lowID); s != "transition" {
		t.Errorf("after a sunset outcome the stage is %s", s)
	}
}

func TestCapacityReportCrossingFullLoad(t *testing.T) {
	env := testenv.New(t)
	createTool(t, env, "a", "maintain") // high, unassessed: 4 × 1.25 = 5 hours a week
	putConfig(t, env, "/api/v1/capacity/team", map[string]any{"members": []map[string]any{
		{"name": "erin", "hours_per_week": 4}, {"name": "sam", "hours_per_week": 4}}}, http.StatusOK)
	rep := jsonCall(t, env, http.MethodGet, "/api/v1/reports/capacity", nil, http.StatusOK)
	if rep["over_capacity"] != false || rep["load_hours_per_week"].(float64) != 5 || rep["capacity_hours_per_week"].(float64) != 8 {
		t.Fatalf("report = %v", rep)
	}
	if over, err := env.Services.Maintenance.CheckCapacity(t.Context()); err != nil || over {
		t.Fatalf("check = %v, %v", over, err)
	}
	createTool(t, env, "b", "maintain")
	rep = jsonCall(t, env, http.MethodGet, "/api/v1/reports/capacity", nil, http.StatusOK)
	if rep["over_capacity"] != true || !strings.Contains(rep["statement"].(string), "capacity constraint") {
		t.Fatalf("over capacity: %v", rep)
	}
	for range 2 {
		if over, err := env.Services.Maintenance.CheckCapacity(t.Context()); err != nil || !over {
			t.Fatalf("check = %v, %v", over, err)
		}
	}
	topics := outboxTopics(t, env)
	count := strings.Count(strings.Join(topics, " "), "capacity.constraint")
	if count != 1 {
		t.Errorf("capacity.constraint messages: %d, want exactly 1 (on crossing, not on every check): %v", count, topics)
	}
	id := int64(jsonCall(t, env, http.MethodGet, "/api/v1/tools?name=b", nil, http.StatusOK)["items"].([]any)[0].(map[string]any)["id"].(float64))
	rep = jsonCall(t, env, http.MethodPut, fmt.Sprintf("/api/v1/tools/%d/load", id), map[string]any{"hours_per_week": 1}, http.StatusOK)
	if rep["over_capacity"] != false {
		t.Errorf("after lowering b's load: %v", rep["statement"])
	}
	env.Services.Maintenance.CheckCapacity(t.Context())
	if !strings.Contains(strings.Join(outboxTopics(t, env), " "), "capacity.recovered") {
		t.Error("no message when load came back within capacity")
	}
}
