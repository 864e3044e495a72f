package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// fuzzWorld is the one environment a fuzz target sends all its inputs to:
// a tool (Scanner, with ADR 1 accepted) and a user fuzzee, changed by the admin.
type fuzzWorld struct {
	env  *testenv.Env
	tool int64
}

func newFuzzWorld(f *testing.F) fuzzWorld {
	f.Helper()
	env := testenv.New(f)
	w := wire{f, env}
	tool := w.addTool(testenv.AdminToken, sampleTool("Scanner", "high", "maintain"))
	w.admin(http.MethodPost, toolURL(tool.ID, "/adrs"),
		map[string]string{"title": "Use Go", "context": "c", "decision": "d", "status": "accepted"}, http.StatusCreated, nil)
	w.admin(http.MethodPost, "/api/v1/users", map[string]string{"username": "fuzzee", "role": "engineer"}, http.StatusCreated, nil)
	return fuzzWorld{env: env, tool: tool.ID}
}

// endpoint is a write endpoint under fuzzing.
type endpoint struct {
	method, path string
	ok           int        // the status of a success
	answer       func() any // a new value of the documented body of a success
	// etagFrom is the path whose ETag is sent when the fuzzer's If-Match is
	// "current", so that inputs get past the version check.
	etagFrom string
	watch    []string // what a refusal must leave as it was, besides the tool, its timeline and the outbox
}

// state reads what a refused request must not change.
func (fw fuzzWorld) state(w wire, ep endpoint) string {
	w.t.Helper()
	var b strings.Builder
	for _, p := range append([]string{toolURL(fw.tool, ""), toolURL(fw.tool, "/events?limit=500"), "/api/v1/outbox?limit=500"}, ep.watch...) {
		res := w.send(testenv.AdminToken, http.MethodGet, p, nil, nil)
		fmt.Fprintf(&b, "GET %s: %d %s\n", p, res.Status, res.Body)
	}
	return b.String()
}

// try sends one fuzzed body (and If-Match, if any) and checks the
// invariants: never a 5xx; a 4xx is a problem document with the HTTP status
// that changed nothing; a success has the documented status and body.
func (fw fuzzWorld) try(t *testing.T, ep endpoint, body []byte, match string) {
	w := wire{t, fw.env}
	var header map[string]string
	if match == "current" && ep.etagFrom != "" {
		match = w.send(testenv.AdminToken, http.MethodGet, ep.etagFrom, nil, nil).Header.Get("ETag")
	}
	if match != "" && sendable(match) {
		header = map[string]string{"If-Match": match}
	}
	before := fw.state(w, ep)
	res := w.send(testenv.AdminToken, ep.method, ep.path, header, body)
	switch {
	case res.Status >= 500:
		t.Fatalf("%s %s with %q (If-Match %q): status %d\n%s", ep.method, ep.path, body, match, res.Status, res.Body)
	case res.Status >= 400:
		w.problem(res)
		if after := fw.state(w, ep); after != before {
			t.Fatalf("a refused %s %s (%d) changed what it must not:\nbefore\n%s\nafter\n%s", ep.method, ep.path, res.Status, before, after)
		}
	case res.Status != ep.ok:
		t.Fatalf("%s %s: status %d, want %d or a 4xx\n%s", ep.method, ep.path, res.Status, ep.ok, res.Body)
	default:
		if err := strictDecode(res.Body, ep.answer()); err != nil {
			t.Fatalf("%s %s: the answer is not the documented body: %v\n%s", ep.method, ep.path, err, res.Body)
		}
	}
}

// sendable reports whether an HTTP client can send s as a header value:
// no control characters but tab.
func sendable(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f })
}

// brokenBodies are inputs that no endpoint should take, added to every target.
var brokenBodies = []string{
	``, `{`, `}`, `null`, `[]`, `"a string"`, `42`, `1e999`, `{"":""}`, `{"unknown":true}`,
	"\xff\xfe\xfd", `{"a":{"b":{"c":{"d":{"e":[[[[[]]]]]}}}}}`, `{"name":"\u0000"}`, strings.Repeat(`[`, 1000),
}

func addSeeds(f *testing.F, bodies []string) {
	for _, b := range append(bodies, brokenBodies...) {
		f.Add([]byte(b))
	}
}

func addSeedsWithIfMatch(f *testing.F, bodies []string) {
	for _, b := range bodies {
		f.Add([]byte(b), "current")
	}
	for _, m := range []string{"", "*", `"1"`, `W/"1"`, "garbage", `"-2"`, `"99999999999999999999"`} {
		f.Add([]byte(bodies[0]), m)
	}
	for _, b := range brokenBodies {
		f.Add([]byte(b), "current")
	}
}

func FuzzCreateTool(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeeds(f, []string{
		`{"name":"Fuzz Tool","owner_team":"appsec","criticality":"high","category":"maintain"}`,
		`{"name":"Mapper","owner_team":"appsec","criticality":"critical","category":"integrate","epic_url":"https://gitlab.com/groups/g/-/epics/1","milestone":"18.9"}`,
		`{"name":"Full","summary":"s","owner_team":"appsec","stakeholder_teams":["sirt","vuln"],"repository_url":"https://gitlab.com/g/p","gitlab_project":"g/p","criticality":"low","category":"redirect","stage":"planned"}`,
		`{"name":"scanner","owner_team":"appsec","criticality":"high","category":"maintain"}`,
		`{"name":"123","owner_team":"appsec","criticality":"high","category":"maintain"}`,
		`{"name":"  ","owner_team":" ","criticality":"high","category":"maintain"}`,
		`{"name":"Ünïcødé ✓","owner_team":"appsec","criticality":"medium","category":"sunset"}`,
		`{"name":"x","owner_team":"appsec","criticality":"huge","category":"maintain"}`,
		`{"name":"x","owner_team":"appsec","criticality":"high","category":"integrate"}`,
		`{"name":"x","owner_team":"appsec","criticality":"high","category":"maintain","stakeholder_teams":["a","A"]}`,
		`{"name":"x","owner_team":"appsec","criticality":"high","category":"maintain","repository_url":"ftp://x","gitlab_project":"a//b"}`,
		`{"name":"x","owner_team":"appsec","criticality":"high","category":"maintain","stage":"retired"}`,
		`{"name":5,"owner_team":["appsec"],"criticality":null,"category":{}}`,
	})
	ep := endpoint{method: http.MethodPost, path: "/api/v1/tools", ok: http.StatusCreated,
		answer: func() any { return new(httpapi.ToolBody) }, watch: []string{"/api/v1/tools?limit=500"}}
	f.Fuzz(func(t *testing.T, body []byte) { fw.try(t, ep, body, "") })
}

func FuzzUpdateTool(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeedsWithIfMatch(f, []string{
		`{"summary":"patched"}`,
		`{"criticality":"critical","stakeholder_teams":["sirt"]}`,
		`{"category":"integrate","epic_url":"https://gitlab.com/groups/g/-/epics/1","milestone":"18.9"}`,
		`{"category":"integrate","epic_url":""}`,
		`{"stage":"planned"}`,
		`{"stage":"retired"}`,
		`{"name":null,"summary":null}`,
		`{"name":""}`,
		`{"name":"SCANNER"}`,
		`{"health":"best"}`,
		`{"stakeholder_teams":["a","A"]}`,
		`{"gitlab_project":"/g/p/"}`,
		`{}`,
	})
	path := toolURL(fw.tool, "")
	ep := endpoint{method: http.MethodPatch, path: path, ok: http.StatusOK,
		answer: func() any { return new(httpapi.ToolBody) }, etagFrom: path}
	f.Fuzz(func(t *testing.T, body []byte, match string) { fw.try(t, ep, body, match) })
}

func FuzzAssessTool(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeeds(f, []string{
		`{"met":[]}`,
		`{"met":["owner-and-readme","source-in-gitlab","tests-in-ci","secret-hygiene","dependency-scanning","runbook"],"note":"good"}`,
		`{"met":["runbook","runbook"]}`,
		`{"met":["no-such-criterion"]}`,
		`{"met":"runbook"}`,
		`{"met":[1,2]}`,
		`{"met":null}`,
		`{"note":"no met"}`,
		`{"met":[],"note":` + fmt.Sprintf("%q", strings.Repeat("n", 5001)) + `}`,
	})
	ep := endpoint{method: http.MethodPut, path: toolURL(fw.tool, "/assessment"), ok: http.StatusOK,
		answer: func() any { return new(httpapi.AssessmentBody) }, watch: []string{toolURL(fw.tool, "/assessment")}}
	f.Fuzz(func(t *testing.T, body []byte) { fw.try(t, ep, body, "") })
}

func FuzzSetRubric(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeeds(f, []string{
		`{"criteria":[{"id":"a","level":"good","description":"A."},{"id":"b","level":"better","description":"B."},{"id":"c","level":"best","description":"C."}]}`,
		`{"criteria":[{"id":"a","level":"good","description":"A."},{"id":"a","level":"better","description":"B."},{"id":"c","level":"best","description":"C."}]}`,
		`{"criteria":[{"id":"a","level":"good","description":"A."},{"id":"b","level":"better","description":"B."}]}`,
		`{"criteria":[{"id":"Not A Slug","level":"great","description":""}]}`,
		`{"criteria":[{"id":"a","level":"good","description":"  "},{"id":"b","level":"better","description":"B."},{"id":"c","level":"best","description":"C."}]}`,
		`{"criteria":[{}]}`,
		`{"criteria":null}`,
		`{"criteria":[],"version":3}`,
	})
	ep := endpoint{method: http.MethodPut, path: "/api/v1/rubric", ok: http.StatusOK, etagFrom: "/api/v1/rubric",
		answer: func() any { return new(httpapi.RubricBody) }, watch: []string{"/api/v1/rubric"}}
	f.Fuzz(func(t *testing.T, body []byte) { fw.try(t, ep, body, "current") })
}

func FuzzCreateADR(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeeds(f, []string{
		`{"title":"Use SQLite","context":"one file","decision":"embed it"}`,
		`{"title":"Use Postgres","context":"scale","decision":"d","consequences":"ops","status":"accepted","retrospective":true}`,
		`{"title":"Replace","context":"c","decision":"d","supersedes":1}`,
		`{"title":"Replace","context":"c","decision":"d","supersedes":99}`,
		`{"title":"Replace","context":"c","decision":"d","supersedes":"1"}`,
		`{"title":"Replace","context":"c","decision":"d","supersedes":1.5}`,
		`{"title":"Replace","context":"c","decision":"d","supersedes":1e30}`,
		`{"title":"Start superseded","context":"c","decision":"d","status":"superseded"}`,
		`{"title":"  ","context":"  ","decision":"  "}`,
		`{"title":"t"}`,
	})
	ep := endpoint{method: http.MethodPost, path: toolURL(fw.tool, "/adrs"), ok: http.StatusCreated,
		answer: func() any { return new(httpapi.ADRBody) }, watch: []string{toolURL(fw.tool, "/adrs")}}
	f.Fuzz(func(t *testing.T, body []byte) { fw.try(t, ep, body, "") })
}

func FuzzUpdateADR(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeedsWithIfMatch(f, []string{
		`{"title":"Use Go 1.26"}`,
		`{"context":"new forces","decision":"new decision","consequences":""}`,
		`{"status":"superseded"}`,
		`{"status":"proposed"}`,
		`{"status":"accepted"}`,
		`{"status":"maybe"}`,
		`{"title":""}`,
		`{"context":"   "}`,
		`{"supersedes":2}`,
		`{"status":"deprecated"}`,
	})
	path := toolURL(fw.tool, "/adrs/1")
	ep := endpoint{method: http.MethodPatch, path: path, ok: http.StatusOK,
		answer: func() any { return new(httpapi.ADRBody) }, etagFrom: path, watch: []string{path}}
	f.Fuzz(func(t *testing.T, body []byte, match string) { fw.try(t, ep, body, match) })
}

func FuzzAddImprovement(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeeds(f, []string{
		`{"title":"Add a runbook"}`,
		`{"title":"Add tests","criterion_id":"tests-in-ci","url":"https://gitlab.com/g/p/-/issues/1"}`,
		`{"title":"t","url":"issue 4"}`,
		`{"title":"  "}`,
		`{"title":5}`,
		`{"title":"t","done":true}`,
		`{"title":` + fmt.Sprintf("%q", strings.Repeat("t", 201)) + `}`,
	})
	ep := endpoint{method: http.MethodPost, path: toolURL(fw.tool, "/improvements"), ok: http.StatusCreated,
		answer: func() any { return new(httpapi.ImprovementBody) }, watch: []string{toolURL(fw.tool, "/improvements")}}
	f.Fuzz(func(t *testing.T, body []byte) { fw.try(t, ep, body, "") })
}

func FuzzCreateUser(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeeds(f, []string{
		`{"username":"newbie","role":"engineer"}`,
		`{"username":" Second.User ","role":"admin"}`,
		`{"username":"FUZZEE","role":"engineer"}`,
		`{"username":"Bad Name!","role":"engineer"}`,
		`{"username":"-dash","role":"requester"}`,
		`{"username":"x","role":"god"}`,
		`{"username":"` + strings.Repeat("u", 65) + `","role":"manager"}`,
		`{"username":"y","role":"leadership","disabled":true}`,
		`{"username":""}`,
	})
	ep := endpoint{method: http.MethodPost, path: "/api/v1/users", ok: http.StatusCreated,
		answer: func() any { return new(httpapi.UserBody) }, watch: []string{"/api/v1/users"}}
	f.Fuzz(func(t *testing.T, body []byte) { fw.try(t, ep, body, "") })
}

func FuzzUpdateUser(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeeds(f, []string{
		`{"role":"manager"}`,
		`{"disabled":true}`,
		`{"disabled":false,"role":"requester"}`,
		`{}`,
		`{"role":null,"disabled":null}`,
		`{"role":"god"}`,
		`{"disabled":"yes"}`,
		`{"username":"renamed"}`,
	})
	ep := endpoint{method: http.MethodPatch, path: "/api/v1/users/fuzzee", ok: http.StatusOK,
		answer: func() any { return new(httpapi.UserBody) }, watch: []string{"/api/v1/users"}}
	f.Fuzz(func(t *testing.T, body []byte) { fw.try(t, ep, body, "") })
}

func FuzzCreateToken(f *testing.F) {
	fw := newFuzzWorld(f)
	addSeeds(f, []string{
		`{"name":"ci"}`,
		`{}`,
		`{"name":"laptop","expires_at":"2030-01-01T00:00:00Z"}`,
		`{"expires_at":"2001-01-01T00:00:00Z"}`,
		`{"expires_at":"soon"}`,
		`{"expires_at":null}`,
		`{"name":"   "}`,
		`{"name":"` + strings.Repeat("n", 101) + `"}`,
		`{"token":"ilk_chosen_by_me"}`,
	})
	ep := endpoint{method: http.MethodPost, path: "/api/v1/users/fuzzee/tokens", ok: http.StatusCreated,
		answer: func() any { return new(client.TokenAnswer) }, watch: []string{"/api/v1/users/fuzzee/tokens"}}
	f.Fuzz(func(t *testing.T, body []byte) { fw.try(t, ep, body, "") })
}
