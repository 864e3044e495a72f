package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// codeOfStatus is the code a problem document carries for each status.
var codeOfStatus = map[int]string{
	http.StatusUnprocessableEntity:  "invalid",
	http.StatusNotFound:             "not_found",
	http.StatusConflict:             "conflict",
	http.StatusForbidden:            "forbidden",
	http.StatusUnauthorized:         "unauthorized",
	http.StatusPreconditionFailed:   "precondition_failed",
	http.StatusPreconditionRequired: "precondition_required",
}

// problem checks that a 4xx answer is an RFC 9457 problem document whose
// status is the HTTP status (and whose code, when it has one, fits it) and
// returns it decoded.
func (w wire) problem(res testenv.Raw) httpapi.Problem {
	w.t.Helper()
	if res.Status < 400 || res.Status >= 500 {
		w.t.Fatalf("status %d, want a 4xx problem\n%s", res.Status, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		w.t.Errorf("Content-Type = %q, want application/problem+json", ct)
	}
	var p httpapi.Problem
	if err := json.Unmarshal(res.Body, &p); err != nil {
		w.t.Fatalf("the answer is not a problem document: %v\n%s", err, res.Body)
	}
	if p.Status != res.Status || p.Title == "" {
		w.t.Errorf("problem status %d, title %q; want status %d and a title\n%s", p.Status, p.Title, res.Status, res.Body)
	}
	if want, ok := codeOfStatus[res.Status]; ok && p.Code != "" && p.Code != want {
		w.t.Errorf("problem code %q does not fit status %d (want %q)", p.Code, res.Status, want)
	}
	return p
}

// locations lists where the problem's errors are.
func locations(p httpapi.Problem) []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Location)
	}
	return out
}

// namesField reports whether the problem names the field at loc. huma
// reports a missing required property at the object that lacks it, with the
// property in the message; that counts as naming it here (see
// TestMissingPropertiesAreLocatedAtTheField for the stricter expectation).
func namesField(p httpapi.Problem, loc string) bool {
	i := strings.LastIndex(loc, ".")
	parent, prop := loc, ""
	if i > 0 {
		parent, prop = loc[:i], loc[i+1:]
	}
	for _, e := range p.Errors {
		if e.Location == loc {
			return true
		}
		if prop != "" && e.Location == parent && strings.Contains(e.Message, "required property "+prop+" ") {
			return true
		}
	}
	return false
}

// refusalWorld is what every refused request is tried against: two tools
// (Scanner at version 2 with ADR 1 accepted and ADR 2 proposed, and Fuzzer),
// and users of each kind, keyed by who sends: admin, requester, engineer, a
// bogus token, a revoked token and a disabled user's token.
type refusalWorld struct {
	w           wire
	tool, other int64
	tokens      map[string]string
}

func newRefusalWorld(t *testing.T) refusalWorld {
	t.Helper()
	env := testenv.New(t)
	rw := refusalWorld{w: wire{t, env}, tokens: map[string]string{
		"admin": testenv.AdminToken, "none": "", "bogus": "ilk_no_such_token_at_all_0000000",
		"requester": env.User("rita", core.RoleRequester).Token,
		"engineer":  env.User("erin", core.RoleEngineer).Token,
		"revoked":   env.User("revo", core.RoleEngineer).Token,
		"disabled":  env.User("dina", core.RoleEngineer).Token,
	}}
	w := rw.w
	var toks items[httpapi.TokenBody]
	w.admin(http.MethodGet, "/api/v1/users/revo/tokens", nil, http.StatusOK, &toks)
	w.admin(http.MethodDelete, fmt.Sprintf("/api/v1/users/revo/tokens/%d", toks.Items[0].ID), nil, http.StatusOK, nil)
	w.admin(http.MethodPatch, "/api/v1/users/dina", map[string]any{"disabled": true}, http.StatusOK, nil)

	scanner := w.addTool(testenv.AdminToken, sampleTool("Scanner", "high", "maintain"))
	summary := "Finds leaked secrets"
	if w.patchTool(testenv.AdminToken, scanner.ID, etagOf(scanner.Version), httpapi.ToolPatch{Summary: &summary}).Version != 2 {
		t.Fatal("the fixture tool is not at version 2")
	}
	rw.tool, rw.other = scanner.ID, w.addTool(testenv.AdminToken, sampleTool("Fuzzer", "medium", "maintain")).ID
	adr := map[string]string{"title": "Use Go", "context": "c", "decision": "d", "status": "accepted"}
	w.admin(http.MethodPost, toolURL(rw.tool, "/adrs"), adr, http.StatusCreated, nil)
	adr["status"] = "proposed"
	w.admin(http.MethodPost, toolURL(rw.tool, "/adrs"), adr, http.StatusCreated, nil)
	return rw
}

// refusalWorlds builds the refusal world once, as the parent test, and
// returns its state and a function that gives each subtest its own copy of
// it: a copy of the world's database under a new server (its own throttle,
// its own clock), so a refusal that wrongly writes cannot leak into another
// subtest, and no subtest pays for building the world or reading its state
// before the request again (every copy starts byte for byte the same).
func refusalWorlds(t *testing.T) (map[string]string, func(t *testing.T) refusalWorld) {
	t.Helper()
	proto := newRefusalWorld(t)
	before := proto.state()
	if testenv.Postgres() != "" {
		// PostgreSQL has no cheap copy of a database: every subtest gets a
		// new server over the one world, and runs alone (sharedWorld), so
		// that a refusal that wrongly writes is caught by the next check of
		// the state all the same.
		return before, func(t *testing.T) refusalWorld {
			rw := proto
			rw.w = wire{t, testenv.Over(t, proto.w.env.DB)}
			return rw
		}
	}
	snapshot := filepath.Join(t.TempDir(), "refusal-world.db")
	if err := proto.w.env.DB.Backup(context.Background(), snapshot); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(snapshot)
	if err != nil {
		t.Fatal(err)
	}
	return before, func(t *testing.T) refusalWorld {
		t.Helper()
		path := filepath.Join(t.TempDir(), "interlock.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(context.Background(), store.Options{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		rw := proto
		rw.w = wire{t, testenv.Over(t, db)}
		return rw
	}
}

func (rw refusalWorld) expand(path string) string {
	return strings.NewReplacer("{tool}", fmt.Sprint(rw.tool), "{other}", fmt.Sprint(rw.other)).Replace(path)
}

// state reads, as the admin, everything a refused request could have
// written: the tools, their timelines, ADRs, improvements and assessment,
// the outbox, the rubric, the users and their tokens.
func (rw refusalWorld) state() map[string]string {
	rw.w.t.Helper()
	paths := []string{"/api/v1/tools?limit=500", "/api/v1/outbox?limit=500", "/api/v1/rubric", "/api/v1/users"}
	for _, id := range []int64{rw.tool, rw.other} {
		for _, sub := range []string{"", "/events?limit=500", "/adrs", "/improvements", "/assessment"} {
			paths = append(paths, toolURL(id, sub))
		}
	}
	for _, u := range []string{"admin", "rita", "erin", "revo", "dina"} {
		paths = append(paths, "/api/v1/users/"+u+"/tokens")
	}
	out := map[string]string{}
	for _, p := range paths {
		res := rw.w.send(testenv.AdminToken, http.MethodGet, p, nil, nil)
		if res.Status != http.StatusOK && res.Status != http.StatusNotFound {
			rw.w.t.Fatalf("GET %s: %d\n%s", p, res.Status, res.Body)
		}
		out[p] = fmt.Sprintf("%d %s", res.Status, res.Body)
	}
	return out
}

// refusal is one bad request and how it must be refused.
type refusal struct {
	name   string
	as     string // a key of refusalWorld.tokens; admin when empty
	method string
	path   string // {tool} and {other} stand for the fixture's tools
	header map[string]string
	body   string // sent as it is; "" sends no body
	status int
	fields []string // locations the problem must name
	detail []string // what its detail must say
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// toolJSON is a valid body for POST /tools, changed by the given fields
// (a nil value removes the field).
func toolJSON(changes map[string]any) string {
	body := map[string]any{"name": "New Tool", "owner_team": "appsec", "criticality": "high", "category": "maintain"}
	for k, v := range changes {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	return jsonText(body)
}

func rubricJSON(criteria ...[3]string) string {
	var cs []map[string]string
	for _, c := range criteria {
		cs = append(cs, map[string]string{"id": c[0], "level": c[1], "description": c[2]})
	}
	return jsonText(map[string]any{"criteria": cs})
}

// refusals are the bad requests, by kind.
func refusals() []refusal {
	const tools, tool, other = "/api/v1/tools", "/api/v1/tools/{tool}", "/api/v1/tools/{other}"
	const post, patch, put, get = http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodGet
	const validADR = `{"title":"Use SQLite","context":"one file","decision":"embed it"}`
	at1, at2 := map[string]string{"If-Match": `"1"`}, map[string]string{"If-Match": `"2"`}
	long := func(n int) string { return strings.Repeat("x", n) }
	goodLevel, betterLvl, bestLevel := [3]string{"g", "good", "Good."}, [3]string{"b", "better", "Better."}, [3]string{"z", "best", "Best."}
	return []refusal{
		// Decoding.
		{name: "malformed JSON", method: post, path: tools, body: `{"name": "x",`, status: 400, fields: []string{"body"}},
		{name: "no body", method: post, path: tools, status: 400, detail: []string{"body is required"}},
		{name: "an array instead of an object", method: post, path: tools, body: `[]`, status: 422, fields: []string{"body"}},
		{name: "a text body", method: post, path: tools, body: toolJSON(nil), header: map[string]string{"Content-Type": "text/plain"},
			status: 415, fields: []string{"body"}},
		{name: "name is a number", method: post, path: tools, body: toolJSON(map[string]any{"name": 5}), status: 422, fields: []string{"body.name"}},
		{name: "stakeholder_teams is a string", method: post, path: tools, body: toolJSON(map[string]any{"stakeholder_teams": "sirt"}),
			status: 422, fields: []string{"body.stakeholder_teams"}},
		{name: "a stakeholder team is a number", method: post, path: tools, body: toolJSON(map[string]any{"stakeholder_teams": []any{"sirt", 7}}),
			status: 422, fields: []string{"body.stakeholder_teams[1]"}},
		{name: "unknown property", method: post, path: tools, body: toolJSON(map[string]any{"colour": "red"}), status: 422, fields: []string{"body.colour"}},
		{name: "health cannot be set", method: post, path: tools, body: toolJSON(map[string]any{"health": "best"}), status: 422, fields: []string{"body.health"}},

		// Values of POST /tools.
		{name: "unknown criticality", method: post, path: tools, body: toolJSON(map[string]any{"criticality": "huge"}), status: 422, fields: []string{"body.criticality"}},
		{name: "unknown category", method: post, path: tools, body: toolJSON(map[string]any{"category": "rewrite"}), status: 422, fields: []string{"body.category"}},
		{name: "unknown stage", method: post, path: tools, body: toolJSON(map[string]any{"stage": "archived"}), status: 422, fields: []string{"body.stage"}},
		{name: "a new tool cannot start retired", method: post, path: tools, body: toolJSON(map[string]any{"stage": "retired"}), status: 422, fields: []string{"body.stage"}},
		{name: "missing required fields", method: post, path: tools, body: `{}`, status: 422,
			fields: []string{"body.name", "body.owner_team", "body.criticality", "body.category"}},
		{name: "missing owner team", method: post, path: tools, body: toolJSON(map[string]any{"owner_team": nil}), status: 422, fields: []string{"body.owner_team"}},
		{name: "blank name", method: post, path: tools, body: toolJSON(map[string]any{"name": "   "}), status: 422, fields: []string{"body.name"}},
		{name: "name of digits only", method: post, path: tools, body: toolJSON(map[string]any{"name": "12345"}), status: 422, fields: []string{"body.name"}},
		{name: "name over 100 characters", method: post, path: tools, body: toolJSON(map[string]any{"name": long(101)}), status: 422, fields: []string{"body.name"}},
		{name: "name over 100 characters of two bytes", method: post, path: tools, body: toolJSON(map[string]any{"name": strings.Repeat("é", 101)}),
			status: 422, fields: []string{"body.name"}},
		{name: "summary over 2000 characters", method: post, path: tools, body: toolJSON(map[string]any{"summary": long(2001)}), status: 422, fields: []string{"body.summary"}},
		{name: "owner team over 100 characters", method: post, path: tools, body: toolJSON(map[string]any{"owner_team": long(101)}), status: 422, fields: []string{"body.owner_team"}},
		{name: "too many stakeholder teams", method: post, path: tools, body: toolJSON(map[string]any{"stakeholder_teams": teams(51)}),
			status: 422, fields: []string{"body.stakeholder_teams"}},
		{name: "stakeholder team listed twice in another case", method: post, path: tools, body: toolJSON(map[string]any{"stakeholder_teams": []string{"sirt", "SIRT"}}),
			status: 422, fields: []string{"body.stakeholder_teams[1]"}},
		{name: "blank stakeholder team", method: post, path: tools, body: toolJSON(map[string]any{"stakeholder_teams": []string{"sirt", " "}}),
			status: 422, fields: []string{"body.stakeholder_teams[1]"}},
		{name: "repository URL not http", method: post, path: tools, body: toolJSON(map[string]any{"repository_url": "ftp://gitlab.com/x"}),
			status: 422, fields: []string{"body.repository_url"}},
		{name: "repository URL without scheme", method: post, path: tools, body: toolJSON(map[string]any{"repository_url": "gitlab.com/sec/x"}),
			status: 422, fields: []string{"body.repository_url"}},
		{name: "epic URL not a URL", method: post, path: tools, body: toolJSON(map[string]any{"category": "integrate", "epic_url": "epic 12", "milestone": "18.9"}),
			status: 422, fields: []string{"body.epic_url"}},
		{name: "gitlab project without a group", method: post, path: tools, body: toolJSON(map[string]any{"gitlab_project": "scanner"}),
			status: 422, fields: []string{"body.gitlab_project"}},
		{name: "gitlab project with spaces", method: post, path: tools, body: toolJSON(map[string]any{"gitlab_project": "app sec/scanner"}),
			status: 422, fields: []string{"body.gitlab_project"}},
		{name: "several bad fields are all named", method: post, path: tools,
			body:   toolJSON(map[string]any{"name": "123", "repository_url": "nope", "gitlab_project": "nope"}),
			status: 422, fields: []string{"body.name", "body.repository_url", "body.gitlab_project"}},
		{name: "integrate without epic or milestone", method: post, path: tools, body: toolJSON(map[string]any{"category": "integrate"}),
			status: 422, fields: []string{"body.epic_url", "body.milestone"}},
		{name: "integrate without milestone", method: post, path: tools,
			body:   toolJSON(map[string]any{"category": "integrate", "epic_url": "https://gitlab.com/groups/sec/-/epics/1"}),
			status: 422, fields: []string{"body.milestone"}},
		{name: "duplicate name in another case", method: post, path: tools, body: toolJSON(map[string]any{"name": "sCaNnEr"}),
			status: 409, fields: []string{"body.name"}},
		{name: "duplicate name with spaces around", method: post, path: tools, body: toolJSON(map[string]any{"name": "  Scanner "}),
			status: 409, fields: []string{"body.name"}},

		// PATCH /tools/{id}.
		{name: "patch to integrate without epic or milestone", method: patch, path: tool, header: at2, body: `{"category":"integrate"}`,
			status: 422, fields: []string{"body.epic_url", "body.milestone"}},
		{name: "patch to another tool's name in another case", method: patch, path: tool, header: at2, body: `{"name":"FUZZER"}`,
			status: 409, fields: []string{"body.name"}},
		{name: "patch stage to retired", method: patch, path: tool, header: at2, body: `{"stage":"retired"}`, status: 422, fields: []string{"body.stage"}},
		{name: "patch stage to co_create", method: patch, path: tool, header: at2, body: `{"stage":"co_create"}`, status: 422, fields: []string{"body.stage"}},
		{name: "patch stage to transferred", method: patch, path: tool, header: at2, body: `{"stage":"transferred"}`, status: 422, fields: []string{"body.stage"}},
		{name: "patch unknown criticality", method: patch, path: tool, header: at2, body: `{"criticality":"huge"}`, status: 422, fields: []string{"body.criticality"}},
		{name: "patch criticality of the wrong type", method: patch, path: tool, header: at2, body: `{"criticality":1}`, status: 422, fields: []string{"body.criticality"}},
		{name: "patch name over 100 characters", method: patch, path: tool, header: at2, body: jsonText(map[string]string{"name": long(101)}),
			status: 422, fields: []string{"body.name"}},
		{name: "patch empty name", method: patch, path: tool, header: at2, body: `{"name":""}`, status: 422, fields: []string{"body.name"}},
		{name: "patch health", method: patch, path: tool, header: at2, body: `{"health":"best"}`, status: 422, fields: []string{"body.health"}},
		{name: "patch bad repository URL", method: patch, path: tool, header: at2, body: `{"repository_url":"javascript:alert(1)"}`,
			status: 422, fields: []string{"body.repository_url"}},
		{name: "patch malformed JSON", method: patch, path: tool, header: at2, body: `{"summary":`, status: 400, fields: []string{"body"}},
		{name: "stale If-Match", method: patch, path: tool, header: map[string]string{"If-Match": `"1"`}, body: `{"summary":"x"}`,
			status: 412, detail: []string{"version 1", "version 2"}},
		{name: "If-Match from the future", method: patch, path: tool, header: map[string]string{"If-Match": `"3"`}, body: `{"summary":"x"}`, status: 412},
		{name: "missing If-Match", method: patch, path: tool, body: `{"summary":"x"}`, status: 428, detail: []string{"If-Match"}},
		{name: "garbage If-Match", method: patch, path: tool, header: map[string]string{"If-Match": "yesterday"}, body: `{"summary":"x"}`, status: 412},
		{name: "negative If-Match", method: patch, path: tool, header: map[string]string{"If-Match": `"-2"`}, body: `{"summary":"x"}`, status: 412},
		{name: "patch an unknown tool", method: patch, path: "/api/v1/tools/999999", header: at1, body: `{"summary":"x"}`, status: 404},
		{name: "tool id that is not a number", method: patch, path: "/api/v1/tools/scanner", header: at2, body: `{"summary":"x"}`,
			status: 422, fields: []string{"path.id"}},

		// ADRs.
		{name: "ADR for an unknown tool", method: post, path: "/api/v1/tools/999999/adrs", body: validADR, status: 404},
		{name: "ADR without a decision", method: post, path: tool + "/adrs", body: `{"title":"t","context":"c"}`, status: 422, fields: []string{"body.decision"}},
		{name: "ADR with a blank context", method: post, path: tool + "/adrs", body: `{"title":"t","context":"  ","decision":"d"}`,
			status: 422, fields: []string{"body.context"}},
		{name: "ADR title over 200 characters", method: post, path: tool + "/adrs", body: jsonText(map[string]string{"title": long(201), "context": "c", "decision": "d"}),
			status: 422, fields: []string{"body.title"}},
		{name: "ADR starting superseded", method: post, path: tool + "/adrs", body: `{"title":"t","context":"c","decision":"d","status":"superseded"}`,
			status: 422, fields: []string{"body.status"}},
		{name: "ADR with an unknown status", method: post, path: tool + "/adrs", body: `{"title":"t","context":"c","decision":"d","status":"maybe"}`,
			status: 422, fields: []string{"body.status"}},
		{name: "ADR superseding an unknown number", method: post, path: tool + "/adrs", body: `{"title":"t","context":"c","decision":"d","supersedes":99}`,
			status: 422, fields: []string{"body.supersedes"}},
		{name: "ADR superseding a proposed ADR", method: post, path: tool + "/adrs", body: `{"title":"t","context":"c","decision":"d","supersedes":2}`,
			status: 422, fields: []string{"body.supersedes"}},
		{name: "ADR superseding another tool's ADR", method: post, path: other + "/adrs", body: `{"title":"t","context":"c","decision":"d","supersedes":1}`,
			status: 422, fields: []string{"body.supersedes"}},
		{name: "ADR superseding number zero", method: post, path: tool + "/adrs", body: `{"title":"t","context":"c","decision":"d","supersedes":0}`,
			status: 422, fields: []string{"body.supersedes"}},
		{name: "edit an unknown ADR number", method: patch, path: tool + "/adrs/99", header: at1, body: `{"title":"x"}`, status: 404},
		{name: "edit an ADR of a tool that has none", method: patch, path: other + "/adrs/1", header: at1, body: `{"title":"x"}`, status: 404},
		{name: "edit an ADR into superseded", method: patch, path: tool + "/adrs/1", header: at1, body: `{"status":"superseded"}`,
			status: 409, fields: []string{"body.status"}},
		{name: "edit an accepted ADR back to proposed", method: patch, path: tool + "/adrs/1", header: at1, body: `{"status":"proposed"}`,
			status: 409, fields: []string{"body.status"}},
		{name: "edit an ADR with a blank title", method: patch, path: tool + "/adrs/1", header: at1, body: `{"title":"  "}`,
			status: 422, fields: []string{"body.title"}},
		{name: "edit an ADR without If-Match", method: patch, path: tool + "/adrs/1", body: `{"title":"x"}`, status: 428},
		{name: "edit an ADR with a stale If-Match", method: patch, path: tool + "/adrs/1", header: at2, body: `{"title":"x"}`, status: 412},

		// Assessments.
		{name: "unknown rubric criterion", method: put, path: tool + "/assessment", body: `{"met":["runbook","no-such-criterion"]}`,
			status: 422, fields: []string{"body.met[1]"}},
		{name: "met is not a list", method: put, path: tool + "/assessment", body: `{"met":"runbook"}`, status: 422, fields: []string{"body.met"}},
		{name: "met holds a number", method: put, path: tool + "/assessment", body: `{"met":["runbook",3]}`, status: 422, fields: []string{"body.met[1]"}},
		{name: "assessment note over 5000 characters", method: put, path: tool + "/assessment", body: jsonText(map[string]any{"met": []string{}, "note": long(5001)}),
			status: 422, fields: []string{"body.note"}},
		{name: "assessment of an unknown tool", method: put, path: "/api/v1/tools/999999/assessment", body: `{"met":[]}`, status: 404},
		{name: "assessment with a stale If-Match", method: put, path: tool + "/assessment", header: at1, body: `{"met":[]}`, status: 412},

		// The rubric.
		{name: "rubric with duplicate ids", method: put, path: "/api/v1/rubric", body: rubricJSON(goodLevel, [3]string{"g", "better", "x"}, bestLevel),
			status: 422, fields: []string{"body.criteria[1].id"}},
		{name: "rubric level without criteria", method: put, path: "/api/v1/rubric", body: rubricJSON(goodLevel, betterLvl),
			status: 422, fields: []string{"body.criteria"}, detail: []string{"rubric"}},
		{name: "empty rubric", method: put, path: "/api/v1/rubric", body: `{"criteria":[]}`, status: 422, fields: []string{"body.criteria"}},
		{name: "rubric id that is not a slug", method: put, path: "/api/v1/rubric", body: rubricJSON([3]string{"Runs Tests", "good", "x"}, betterLvl, bestLevel),
			status: 422, fields: []string{"body.criteria[0].id"}},
		{name: "rubric level unknown", method: put, path: "/api/v1/rubric", body: rubricJSON([3]string{"g", "great", "x"}, goodLevel, betterLvl, bestLevel),
			status: 422, fields: []string{"body.criteria[0].level"}},
		{name: "rubric description blank", method: put, path: "/api/v1/rubric", body: rubricJSON([3]string{"g", "good", "  "}, betterLvl, bestLevel),
			status: 422, fields: []string{"body.criteria[0].description"}},
		{name: "rubric without criteria", method: put, path: "/api/v1/rubric", body: `{}`, status: 422, fields: []string{"body.criteria"}},
		{name: "rubric with a stale If-Match", method: put, path: "/api/v1/rubric", header: map[string]string{"If-Match": `"7"`},
			body: rubricJSON(goodLevel, betterLvl, bestLevel), status: 412},

		// Improvements.
		{name: "improvement without a title", method: post, path: tool + "/improvements", body: `{}`, status: 422, fields: []string{"body.title"}},
		{name: "improvement with a blank title", method: post, path: tool + "/improvements", body: `{"title":"  "}`, status: 422, fields: []string{"body.title"}},
		{name: "improvement with a bad URL", method: post, path: tool + "/improvements", body: `{"title":"t","url":"issue 4"}`, status: 422, fields: []string{"body.url"}},
		{name: "improvement for an unknown tool", method: post, path: "/api/v1/tools/999999/improvements", body: `{"title":"t"}`, status: 404},
		{name: "complete an unknown improvement", method: post, path: tool + "/improvements/999999/done", status: 404},

		// Users and tokens.
		{name: "username not as on GitLab", method: post, path: "/api/v1/users", body: `{"username":"Bad Name!","role":"engineer"}`,
			status: 422, fields: []string{"body.username"}},
		{name: "unknown role", method: post, path: "/api/v1/users", body: `{"username":"newbie","role":"god"}`, status: 422, fields: []string{"body.role"}},
		{name: "username taken in another case", method: post, path: "/api/v1/users", body: `{"username":"RITA","role":"engineer"}`,
			status: 409, fields: []string{"body.username"}},
		{name: "user without a role", method: post, path: "/api/v1/users", body: `{"username":"newbie"}`, status: 422, fields: []string{"body.role"}},
		{name: "change an unknown user", method: patch, path: "/api/v1/users/nobody", body: `{"role":"engineer"}`, status: 404},
		{name: "admin demoting themselves", method: patch, path: "/api/v1/users/admin", body: `{"role":"engineer"}`, status: 409},
		{name: "admin disabling themselves", method: patch, path: "/api/v1/users/admin", body: `{"disabled":true}`, status: 409},
		{name: "disabled is not a boolean", method: patch, path: "/api/v1/users/rita", body: `{"disabled":"yes"}`, status: 422, fields: []string{"body.disabled"}},
		{name: "token expiring in the past", method: post, path: "/api/v1/users/rita/tokens", body: `{"expires_at":"2001-01-01T00:00:00Z"}`,
			status: 422, fields: []string{"body.expires_at"}},
		{name: "token expiry that is not a date", method: post, path: "/api/v1/users/rita/tokens", body: `{"expires_at":"next week"}`,
			status: 422, fields: []string{"body.expires_at"}},
		{name: "token name over 100 characters", method: post, path: "/api/v1/users/rita/tokens", body: jsonText(map[string]string{"name": long(101)}),
			status: 422, fields: []string{"body.name"}},
		{name: "token for an unknown user", method: post, path: "/api/v1/users/nobody/tokens", body: `{}`, status: 404},
		{name: "token for a disabled user", method: post, path: "/api/v1/users/dina/tokens", body: `{}`, status: 409, detail: []string{"disabled"}},

		// Roles.
		{name: "requester creating a tool", as: "requester", method: post, path: tools, body: toolJSON(nil), status: 403,
			detail: []string{"engineer", "rita has the role requester"}},
		{name: "requester editing a tool", as: "requester", method: patch, path: tool, header: at2, body: `{"summary":"x"}`, status: 403, detail: []string{"engineer"}},
		{name: "requester assessing a tool", as: "requester", method: put, path: tool + "/assessment", body: `{"met":[]}`, status: 403, detail: []string{"engineer"}},
		{name: "requester recording an ADR", as: "requester", method: post, path: tool + "/adrs", body: validADR, status: 403, detail: []string{"engineer"}},
		{name: "requester planning an improvement", as: "requester", method: post, path: tool + "/improvements", body: `{"title":"t"}`, status: 403, detail: []string{"engineer"}},
		{name: "requester reading the outbox", as: "requester", method: get, path: "/api/v1/outbox", status: 403, detail: []string{"manager or admin"}},
		{name: "engineer creating a user", as: "engineer", method: post, path: "/api/v1/users", body: `{"username":"newbie","role":"admin"}`,
			status: 403, detail: []string{"admin", "erin has the role engineer"}},
		{name: "engineer changing a role", as: "engineer", method: patch, path: "/api/v1/users/erin", body: `{"role":"admin"}`, status: 403, detail: []string{"admin"}},
		{name: "engineer replacing the rubric", as: "engineer", method: put, path: "/api/v1/rubric", body: rubricJSON(goodLevel, betterLvl, bestLevel),
			status: 403, detail: []string{"admin"}},
		{name: "engineer making a token for someone else", as: "engineer", method: post, path: "/api/v1/users/rita/tokens", body: `{}`,
			status: 403, detail: []string{"admin"}},
		{name: "requester revoking someone else's token", as: "requester", method: http.MethodDelete, path: "/api/v1/users/admin/tokens/1",
			status: 403, detail: []string{"admin"}},

		// Authentication.
		{name: "missing token", as: "none", method: post, path: tools, body: toolJSON(nil), status: 401, fields: []string{"header.Authorization"}},
		{name: "unknown token", as: "bogus", method: post, path: tools, body: toolJSON(nil), status: 401, fields: []string{"header.Authorization"}},
		{name: "basic credentials instead of a bearer token", as: "none", method: post, path: tools, body: toolJSON(nil),
			header: map[string]string{"Authorization": "Basic YWRtaW46YWRtaW4="}, status: 401},
		{name: "bearer without a token", as: "none", method: post, path: tools, body: toolJSON(nil),
			header: map[string]string{"Authorization": "Bearer "}, status: 401},
		{name: "revoked token", as: "revoked", method: post, path: tools, body: toolJSON(nil), status: 401},
		{name: "disabled user", as: "disabled", method: post, path: tools, body: toolJSON(nil), status: 401},
		{name: "disabled user patching a tool", as: "disabled", method: patch, path: tool, header: at2, body: `{"summary":"x"}`, status: 401},

		// Lists.
		{name: "invalid cursor on tools", method: get, path: tools + "?cursor=!!", status: 422, fields: []string{"query.cursor"}},
		{name: "invalid cursor on a timeline", method: get, path: tool + "/events?cursor=abc", status: 422, fields: []string{"query.cursor"}},
		{name: "invalid cursor on the outbox", method: get, path: "/api/v1/outbox?cursor=!!", status: 422, fields: []string{"query.cursor"}},
		{name: "unknown criticality filter", method: get, path: tools + "?criticality=huge", status: 422, fields: []string{"query.criticality"}},
		{name: "unknown category filter", method: get, path: tools + "?category=rewrite", status: 422, fields: []string{"query.category"}},
		{name: "unknown stage filter", method: get, path: tools + "?stage=archived", status: 422, fields: []string{"query.stage"}},
		{name: "unknown health filter", method: get, path: tools + "?health=great", status: 422, fields: []string{"query.health"}},
		{name: "limit zero", method: get, path: tools + "?limit=0", status: 422, fields: []string{"query.limit"}},
		{name: "limit over 500", method: get, path: tools + "?limit=501", status: 422, fields: []string{"query.limit"}},
		{name: "limit that is not a number", method: get, path: tools + "?limit=ten", status: 422, fields: []string{"query.limit"}},
		{name: "free text over 200 characters", method: get, path: tools + "?q=" + long(201), status: 422, fields: []string{"query.q"}},
	}
}

func teams(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("team-%d", i)
	}
	return out
}

func TestBadInputIsRefusedAndWritesNothing(t *testing.T) {
	t.Parallel()
	before, world := refusalWorlds(t)
	for _, tc := range refusals() {
		t.Run(tc.name, func(t *testing.T) {
			if testenv.Postgres() == "" { // a copy of the world each (see refusalWorlds)
				t.Parallel()
			}
			rw := world(t)
			as := tc.as
			if as == "" {
				as = "admin"
			}
			var body any
			if tc.body != "" {
				body = tc.body
			}
			res := rw.w.send(rw.tokens[as], tc.method, rw.expand(tc.path), tc.header, body)
			if res.Status != tc.status {
				t.Fatalf("status %d, want %d\n%s", res.Status, tc.status, res.Body)
			}
			p := rw.w.problem(res)
			for _, f := range tc.fields {
				if !namesField(p, f) {
					t.Errorf("the problem does not name %s; it names %q\n%s", f, locations(p), res.Body)
				}
			}
			for _, d := range tc.detail {
				if !strings.Contains(p.Detail, d) {
					t.Errorf("detail %q does not say %q", p.Detail, d)
				}
			}
			if res.Status == http.StatusUnauthorized && !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", res.Header.Get("WWW-Authenticate"))
			}
			after := rw.state()
			for path, b := range before {
				if after[path] != b {
					t.Errorf("the refused request changed GET %s:\nbefore %s\nafter  %s", path, b, after[path])
				}
			}
		})
	}
}

func TestMissingPropertiesAreLocatedAtTheField(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	res := w.send(testenv.AdminToken, http.MethodPost, "/api/v1/tools", nil, `{"summary":"no name"}`)
	p := w.problem(res)
	for _, f := range []string{"body.name", "body.owner_team", "body.criticality", "body.category"} {
		if !slices.Contains(locations(p), f) {
			t.Errorf("no error located at %s: %q", f, locations(p))
		}
	}
}

func TestSchemaProblemsCarryACode(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	for _, body := range []string{toolJSON(map[string]any{"name": 5}), toolJSON(map[string]any{"criticality": "huge"}), `{"name":`} {
		p := w.problem(w.send(testenv.AdminToken, http.MethodPost, "/api/v1/tools", nil, body))
		if p.Code != "invalid" {
			t.Errorf("%s: code %q, want invalid", body, p.Code)
		}
	}
}
