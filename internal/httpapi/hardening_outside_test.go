package httpapi_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// The Host header (and X-Forwarded-Host, Forwarded) is never reflected:
// $schema links are relative, or on INTERLOCK_PUBLIC_URL when it is set.
func TestHostHeaderIsNeverReflected(t *testing.T) {
	env := testenv.New(t)
	evil := map[string]string{"Host": "evil.example", "X-Forwarded-Host": "evil2.example", "Forwarded": "host=evil3.example"}
	for _, path := range []string{"/api/v1/me", "/api/v1/tools", "/api/v1/nope", "/api/v1/openapi.json"} {
		res := env.Do(http.MethodGet, path, testenv.AdminToken, nil, evil)
		if strings.Contains(string(res.Body), "evil") || strings.Contains(strings.Join(res.Header.Values("Link"), " "), "evil") {
			t.Errorf("GET %s reflects the Host: %s", path, res.Body)
		}
	}
	res := env.Do(http.MethodGet, "/api/v1/me", testenv.AdminToken, nil, evil)
	var me map[string]any
	if err := json.Unmarshal(res.Body, &me); err != nil || !strings.HasPrefix(me["$schema"].(string), "/api/v1/schemas/") {
		t.Errorf("$schema = %v, want a relative link", me["$schema"])
	}

	// With a public URL, links and the document's server are on it.
	api := httpapi.New(env.Services, httpapi.Config{Clock: env.Clock, PublicURL: "https://interlock.example.com/"})
	req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
	req.Host = "evil.example"
	req.Header.Set("Authorization", "Bearer "+testenv.AdminToken)
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"$schema":"https://interlock.example.com/api/v1/schemas/`) || strings.Contains(rec.Body.String(), "evil") {
		t.Errorf("with a public URL: %s", rec.Body)
	}
	rec = httptest.NewRecorder()
	api.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if !strings.Contains(rec.Body.String(), `"servers":[{"description":"interlock (INTERLOCK_PUBLIC_URL)","url":"https://interlock.example.com"}]`) {
		t.Errorf("the document's servers: %.300s", rec.Body)
	}
}

// A made token is sent with Cache-Control: no-store.
func TestTokenAnswersAreNotStored(t *testing.T) {
	env := testenv.New(t)
	res := env.Do(http.MethodPost, "/api/v1/users/admin/tokens", testenv.AdminToken, []byte(`{"name":"ci"}`), nil)
	if res.Status != http.StatusCreated || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create token: %d, Cache-Control %q", res.Status, res.Header.Get("Cache-Control"))
	}
}

// Repeated bad credentials from one address get 429 with Retry-After, even
// with a good token, until the wait has passed.
func TestRepeatedBadCredentialsAreThrottled(t *testing.T) {
	env := testenv.New(t)
	for i := range 10 {
		if res := env.Do(http.MethodGet, "/api/v1/me", "ilk_wrong", nil, nil); res.Status != http.StatusUnauthorized {
			t.Fatalf("bad token %d: %d", i, res.Status)
		}
	}
	res := env.Do(http.MethodGet, "/api/v1/me", testenv.AdminToken, nil, nil)
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("after 10 bad tokens: %d, Retry-After %q\n%s", res.Status, res.Header.Get("Retry-After"), res.Body)
	}
	env.Clock.Advance(time.Duration(7) * time.Second)
	if res := env.Do(http.MethodGet, "/api/v1/me", testenv.AdminToken, nil, nil); res.Status != http.StatusOK {
		t.Fatalf("after waiting: %d %s", res.Status, res.Body)
	}
}

// Names and titles refuse NUL, control characters and bidirectional
// overrides with 422 naming the field, and nothing is written.
func TestNamesAndTitlesArePlainText(t *testing.T) {
	env := testenv.New(t)
	w := wire{t, env}
	for _, bad := range []string{"a\x00b", "tab\there", "new\nline", "evil\u202egnp.exe", "iso\u2066late", "c1\u0085"} {
		in := sampleTool(bad, "high", "maintain")
		res := w.send(testenv.AdminToken, http.MethodPost, "/api/v1/tools", nil, in)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "body.name") {
			t.Errorf("tool named %q: %d %s", bad, res.Status, res.Body)
		}
		res = w.send(testenv.AdminToken, http.MethodPost, "/api/v1/requests", nil,
			map[string]any{"kind": "net_new", "title": bad, "requesting_team": "appsec"})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "body.title") {
			t.Errorf("request titled %q: %d %s", bad, res.Status, res.Body)
		}
	}
	var list items[httpapi.ToolBody]
	w.admin(http.MethodGet, "/api/v1/tools", nil, http.StatusOK, &list)
	if len(list.Items) != 0 {
		t.Errorf("refused names were written: %+v", list.Items)
	}
	w.addTool(testenv.AdminToken, sampleTool("Ünïcode — fine", "high", "maintain"))
}

// A tool with an accepted ADR meets the rubric's "adrs" criterion: ADRs
// recorded in interlock are not listed as missing.
func TestRecordedADRsAreNotListedAsMissing(t *testing.T) {
	env := testenv.New(t)
	w := wire{t, env}
	tool := w.addTool(testenv.AdminToken, sampleTool("decided", "high", "maintain"))
	good := []string{"owner-and-readme", "source-in-gitlab", "tests-in-ci", "secret-hygiene", "dependency-scanning", "runbook"}
	missingADRs := func(a httpapi.AssessmentBody) bool {
		for _, c := range a.Missing.Criteria {
			if c.ID == "adrs" {
				return true
			}
		}
		return false
	}
	if a := w.assess(tool.ID, good); !missingADRs(a) {
		t.Fatalf("without ADRs, adrs should be missing: %+v", a.Missing)
	}
	w.admin(http.MethodPost, toolURL(tool.ID, "/adrs"), map[string]any{"title": "Go", "context": "c", "decision": "d", "status": "accepted"},
		http.StatusCreated, nil)
	if a := w.assess(tool.ID, good); missingADRs(a) {
		t.Fatalf("with an accepted ADR, adrs is still missing: %+v", a.Missing)
	}
}

// The workflows refuse such names themselves, for callers that do not come
// through the JSON API (web forms, the command line's direct verbs).
func TestWorkflowsRefuseNamesThatAreNotPlainText(t *testing.T) {
	env := testenv.New(t)
	ctx := t.Context()
	_, err := env.Services.Inventory.CreateTool(ctx, core.System, inventory.Tool{Name: "evil\u202egnp", OwnerTeam: "appsec",
		Criticality: inventory.High, Category: inventory.Maintain})
	var ce *core.Error
	if !errors.As(err, &ce) || ce.Code != core.Invalid || len(ce.Fields) == 0 || ce.Fields[0].Field != "name" {
		t.Errorf("CreateTool with a bidi override: %v", err)
	}
	_, err = env.Services.Intake.Create(ctx, core.System, intake.NewRequest{Kind: intake.NetNew, Title: "nul\x00", RequestingTeam: "appsec"})
	if !errors.As(err, &ce) || ce.Code != core.Invalid || !slices.ContainsFunc(ce.Fields, func(f core.FieldError) bool { return f.Field == "title" }) {
		t.Errorf("intake.Create with a NUL: %v", err)
	}
}
