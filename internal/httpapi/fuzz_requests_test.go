package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func FuzzOpenRequest(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeeds(f, []string{
		`{"kind":"net_new","title":"VulnMapper","requesting_team":"appsec","template":{"problem_statement":"manual triage"}}`,
		`{"kind":"handover","title":"log-scanner","requesting_team":"sirt","tool":{"name":"log-scanner","repository_url":"https://gitlab.com/g/p"}}`,
		`{"kind":"other","title":"review","requesting_team":"appsec","template":{"description":"please"}}`,
		`{"kind":"net_new","title":"x","requesting_team":"appsec","template":{"favourite_colour":"blue"}}`,
		`{"kind":"transfer","title":"x","requesting_team":"appsec"}`,
		`{"kind":"net_new","title":"","requesting_team":" "}`,
		`{"kind":"net_new","title":"x","requesting_team":"a","template":{"urgency":5}}`,
	})
	ep := endpoint{method: http.MethodPost, path: "/api/v1/requests", ok: http.StatusCreated,
		answer: func() any { return new(httpapi.RequestBody) }, watch: []string{"/api/v1/requests?limit=500"}}
	f.Fuzz(func(t *testing.T, body []byte) { fw.try(t, ep, body, "") })
}

// stepSeeds are bodies for each step a request can be at.
var stepSeeds = []struct {
	kind, step string
	bodies     []string
}{
	{"net_new", "understanding", []string{`{}`, `{"template":{"urgency":"now"}}`, `{"template":{"nope":"x"}}`}},
	{"net_new", "path-forward", []string{`{"outcome":"build_internal","basis":"b","path_forward":"maintain"}`,
		`{"outcome":"build_internal","basis":"b"}`, `{"outcome":"wait_for_product","basis":"b","path_forward":"maintain"}`,
		`{"outcome":"build_internal","basis":"b","path_forward":"integrate"}`, `{"outcome":"teleport","basis":""}`}},
	{"net_new", "plan", []string{`{"criticality":"high","design_decisions":[{"title":"Go","context":"c","decision":"d"}]}`,
		`{"criticality":"high","design_decisions":[]}`, `{"criticality":"high","design_decisions":[{"title":"","context":"","decision":""}]}`}},
	{"handover", "maintainability", []string{`{"criticality":"high","met":["runbook"]}`, `{"criticality":"high","met":["nope"]}`,
		`{"criticality":"urgent","met":[]}`}},
	{"handover", "path-to-product", []string{`{"path_forward":"maintain"}`, `{"path_forward":"integrate"}`, `{"path_forward":""}`}},
	{"net_new", "decision", []string{`{"basis":"b"}`, `{"basis":"b","decision":"wait_for_product"}`,
		`{"basis":"b","decision":"wait_for_product","revisit_on":"2099-01-01"}`, `{"basis":"b","decision":"accept"}`,
		`{"basis":"b","revisit_on":"yesterday"}`, `{"basis":""}`}},
}

// requestAt opens a request of kind and walks it to step.
func requestAt(t testing.TB, env *testenv.Env, kind, step string) string {
	w := wire{t, env}
	answers := netNewAnswers
	if kind == "handover" {
		answers = handoverAnswers
	}
	var r httpapi.RequestBody
	w.admin(http.MethodPost, "/api/v1/requests", map[string]any{"kind": kind, "title": "fuzz", "requesting_team": "appsec",
		"template": answers}, http.StatusCreated, &r)
	p := fmt.Sprintf("/api/v1/requests/%d", r.ID)
	path := []string{"understanding", "path-forward", "plan", "decision"}
	bodies := map[string]any{"understanding": map[string]any{}, "path-forward": map[string]any{"outcome": "redirect_existing", "basis": "b"},
		"maintainability": map[string]any{"criticality": "high", "met": []string{}}}
	if kind == "handover" {
		path = []string{"understanding", "maintainability", "path-to-product", "decision"}
	}
	if step == "plan" {
		bodies["path-forward"] = map[string]any{"outcome": "build_internal", "basis": "b", "path_forward": "maintain"}
	}
	for _, s := range path {
		if s == step {
			break
		}
		if s == "plan" && step != "plan" {
			continue // only build_internal plans, and only the plan seeds choose it
		}
		w.admin(http.MethodPut, p+"/"+s, bodies[s], http.StatusOK, new(httpapi.RequestBody))
	}
	return p
}

func FuzzRequestSteps(f *testing.F) {
	env := testenv.New(f)
	for i, s := range stepSeeds {
		for _, b := range append(s.bodies, brokenBodies...) {
			f.Add([]byte(b), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		s := stepSeeds[int(which)%len(stepSeeds)]
		p := requestAt(t, env, s.kind, s.step)
		fw := fuzzWorld{env: env, tool: 0}
		method, path, ok := http.MethodPut, p+"/"+s.step, http.StatusOK
		if s.step == "decision" {
			method, ok = http.MethodPost, http.StatusCreated
		}
		ep := endpoint{method: method, path: path, ok: ok, etagFrom: p, watch: []string{p, p + "/events", "/api/v1/tools?limit=500"},
			answer: func() any { return new(httpapi.RequestBody) }}
		fw.try(t, ep, body, "current")
	})
}
