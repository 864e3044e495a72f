package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestBacklogCustomSchemeForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	engineer, manager := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "max", core.RoleManager)
	process := func(t *testing.T) backlog.Process {
		t.Helper()
		p, err := env.Services.Backlog.Process(ctx, core.System)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	before := process(t)
	// the textarea holds the active scheme, without its version
	p := manager.get("/backlog")
	must(t, p, http.StatusOK, `id="backlog-scheme-form"`, `&#34;name&#34;: &#34;`+before.Profile+`&#34;`)
	start := strings.Index(p.body, `name="scheme" rows="20">`)
	end := strings.Index(p.body, "</textarea>")
	if start < 0 || end < start {
		t.Fatalf("no scheme textarea\n%s", p.body)
	}
	doc := html.UnescapeString(p.body[start+len(`name="scheme" rows="20">`) : end])
	if strings.Contains(doc, `"version"`) {
		t.Errorf("the document carries the version: %s", doc)
	}
	ours := strings.Replace(doc, `"name": "`+before.Profile+`"`, `"name": "ours"`, 1)
	form := func(version int, scheme string) url.Values {
		return url.Values{"version": {fmt.Sprint(version)}, "scheme": {scheme}}
	}
	unchanged := func(t *testing.T) {
		if p := process(t); p.Profile != before.Profile || p.Version != before.Version {
			t.Errorf("a refused form changed the process: %s %d", p.Profile, p.Version)
		}
	}
	runForms(t, []formCase{
		{name: "an engineer may not", who: engineer, path: "/backlog/scheme", form: form(before.Version, ours),
			status: http.StatusForbidden, check: unchanged},
		{name: "a shipped profile cannot be changed", who: manager, path: "/backlog/scheme", form: form(before.Version, doc),
			status: http.StatusConflict, contains: []string{`</textarea><span class="field-error" role="alert">name: is the name of a shipped profile`},
			check: unchanged},
		{name: "not JSON", who: manager, path: "/backlog/scheme", form: form(before.Version, "{"), status: http.StatusUnprocessableEntity,
			contains: []string{`{</textarea><span class="field-error" role="alert">is not valid JSON`}, check: unchanged},
		{name: "stale", who: manager, path: "/backlog/scheme", form: form(before.Version+3, ours), status: http.StatusPreconditionFailed,
			contains: []string{`</textarea><span class="field-error" role="alert">`}, check: unchanged},
		{name: "save", who: manager, path: "/backlog/scheme", form: form(before.Version, ours), status: http.StatusSeeOther,
			check: func(t *testing.T) {
				p := process(t)
				if p.Profile != "ours" || p.Scheme.Name != "ours" || p.Scheme.Version != 1 ||
					p.Scheme.BreakDownAbove != before.Scheme.BreakDownAbove || p.Scheme.TeamLabel != before.Scheme.TeamLabel {
					t.Errorf("process: %s %+v", p.Profile, p.Scheme)
				}
			}},
	})
	// the API sees the custom scheme the page brought in
	r := env.Do(http.MethodGet, "/api/v1/process", testenv.AdminToken, nil, nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"profile":"ours"`) {
		t.Errorf("GET /api/v1/process: %d %s", r.Status, r.Body)
	}
	must(t, manager.get("/backlog"), http.StatusOK, "The custom scheme ours (version 1) is saved and active.")
}
