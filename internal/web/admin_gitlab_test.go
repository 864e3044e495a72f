package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestAdminGitLabLabelMappingForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	admin, manager := asAdmin(t, env), signedIn(t, env, "mona", core.RoleManager)
	mapping := func(t *testing.T) gitlab.LabelMapping {
		t.Helper()
		m, err := env.Services.GitLabHooks.Labels().Get(ctx, core.System)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	// one row per entry of the mapping in force (the default), and a blank one
	must(t, admin.get("/admin"), http.StatusOK, `id="gitlab-labels-form"`, `name="kind_labels[2].label" value="type::feature"`,
		`name="kind_labels[3].label" value=""`, "severity::1\nseverity::2</textarea>",
		`<option value="feature_request" selected>feature request</option>`, `value="high" checked> high`)
	form := func(version, kind string) url.Values {
		return url.Values{"version": {version}, "blocking_labels": {"severity::1\n\nsev::x"},
			"kind_labels[0].label": {"security"}, "kind_labels[0].kind": {"security"},
			"kind_labels[1].label": {""}, "kind_labels[1].kind": {"bug"}, // a blank row, dropped
			"kind_labels[2].label": {"type::bug"}, "kind_labels[2].kind": {kind},
			"confidential_kind": {""}, "blocking_vulnerability_severities": {"critical"}}
	}
	unchanged := func(t *testing.T) {
		if m := mapping(t); m.Version != 0 || len(m.KindLabels) != 3 {
			t.Errorf("a refused form changed the mapping: %+v", m)
		}
	}
	runForms(t, []formCase{
		{name: "a manager may not, here", who: manager, path: "/admin/gitlab-labels", form: form("0", "bug"),
			status: http.StatusForbidden, check: unchanged},
		{name: "an unknown kind, in the row posted", who: admin, path: "/admin/gitlab-labels", form: form("0", "bogus"),
			status: http.StatusUnprocessableEntity, check: func(t *testing.T) {
				unchanged(t)
				p := admin.post("/admin/gitlab-labels", form("0", "bogus"))
				i, j := strings.Index(p.body, `name="kind_labels[2].kind"`), strings.Index(p.body, `name="kind_labels[3].label"`)
				k := strings.Index(p.body, `</select><span class="field-error" role="alert">must be bug, outage`)
				if i < 0 || j < 0 || k < i || k > j {
					t.Errorf("the refusal is not next to row 2's kind (%d %d %d)\n%s", i, k, j, p.body)
				}
			}},
		{name: "stale", who: admin, path: "/admin/gitlab-labels", form: form("4", "bug"), status: http.StatusPreconditionFailed,
			contains: []string{`</textarea><span class="field-error" role="alert">`}, check: unchanged},
		{name: "save", who: admin, path: "/admin/gitlab-labels", form: form("0", "bug"), status: http.StatusSeeOther, check: func(t *testing.T) {
			m := mapping(t)
			if fmt.Sprintf("%v %v %q %v %d", m.BlockingLabels, m.KindLabels, m.ConfidentialKind, m.BlockingSeverities, m.Version) !=
				`[severity::1 sev::x] [{security security} {type::bug bug}] "" [critical] 1` {
				t.Errorf("mapping: %+v", m)
			}
		}},
	})
	// the API reads what the page saved, at the version the page showed
	r := env.Do(http.MethodGet, "/api/v1/gitlab/labels", testenv.AdminToken, nil, nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"blocking_labels":["severity::1","sev::x"]`) {
		t.Errorf("GET /api/v1/gitlab/labels: %d %s", r.Status, r.Body)
	}
	must(t, admin.get("/admin"), http.StatusOK, "The GitLab label mapping is saved", `name="version" value="1"`)
}

func TestAdminGitLabSyncAllWithoutGitLab(t *testing.T) {
	env := testenv.New(t)
	admin, requester := asAdmin(t, env), signedIn(t, env, "rita", core.RoleRequester)
	must(t, admin.get("/admin"), http.StatusOK, `action="/admin/gitlab-sync"`)
	must(t, requester.post("/admin/gitlab-sync", url.Values{}), http.StatusForbidden, "engineer")
	must(t, admin.post("/admin/gitlab-sync", url.Values{}), http.StatusConflict,
		`Sync every linked tool</button><span class="field-error" role="alert">GitLab is not configured`)
}

func TestAdminGitLabSyncAll(t *testing.T) {
	fake := gitlabtest.New(t)
	env := testenv.NewWithGitLab(t, app.GitLabConfig{URL: fake.URL, Token: gitlabtest.Token, TeamProject: "prodsec/team", TeamGroup: "prodsec"})
	ctx := context.Background()
	fake.AddProject("appsec/vulnmapper", 15)
	for i := range 2 {
		fake.AddIssue(15, gitlabtest.Issue{Title: fmt.Sprintf("finding %d", i), CreatedAt: testenv.Start.Add(-time.Hour)})
	}
	newTool(t, env, inventory.Tool{Name: "VulnMapper", Criticality: inventory.High, Category: inventory.Maintain,
		GitLabProject: "appsec/vulnmapper"})
	admin, engineer, requester := newVisitor(t, env), newVisitor(t, env), newVisitor(t, env)
	admin.signIn(testenv.AdminToken)
	engineer.signIn(user(t, env, "erin", core.RoleEngineer))
	requester.signIn(user(t, env, "rita", core.RoleRequester))
	run := func(t *testing.T, id int64) gitlab.SyncRun {
		t.Helper()
		r, err := env.Services.GitLabSync.Get(ctx, core.System, id)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	runForms(t, []formCase{
		{name: "a requester may not", who: requester, path: "/admin/gitlab-sync", form: url.Values{}, status: http.StatusForbidden,
			check: func(t *testing.T) {
				if _, err := env.Services.GitLabSync.Get(ctx, core.System, 1); !core.IsCode(err, core.NotFound) {
					t.Errorf("a refused sync ran: %v", err)
				}
			}},
		{name: "an admin syncs every tool", who: admin, path: "/admin/gitlab-sync", form: url.Values{}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				if r := run(t, 1); r.ToolID != nil || r.State != gitlab.SyncSucceeded || r.Created != 2 || r.RequestedBy != "admin" {
					t.Errorf("sync: %+v", r)
				}
			}},
		{name: "so may an engineer", who: engineer, path: "/admin/gitlab-sync", form: url.Values{}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				if r := run(t, 2); r.ToolID != nil || r.RequestedBy != "erin" || r.IssuesSeen != 2 {
					t.Errorf("sync: %+v", r)
				}
			}},
	})
	must(t, admin.get("/admin"), http.StatusOK, "GitLab sync 1 started")
}
