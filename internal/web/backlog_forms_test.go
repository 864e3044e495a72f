package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestBacklogSettingsForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	engineer, manager := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "max", core.RoleManager)
	must(t, manager.get("/backlog"), http.StatusOK, `id="backlog-settings-form"`)
	cur, err := env.Services.Backlog.Settings(ctx, core.System)
	if err != nil {
		t.Fatal(err)
	}
	form := func(version int, groups string) url.Values {
		return url.Values{"version": {fmt.Sprint(version)}, "groups": {groups}, "projects": {"prodsec/tools"},
			"team_members": {"erin\nmax"}, "team_handle": {"@prodsec"}, "candidate_days": {"21"}, "schedule.enabled": {"on"},
			"schedule.every_minutes": {"30"}}
	}
	unchanged := func(t *testing.T) {
		if s, _ := env.Services.Backlog.Settings(ctx, core.System); s.Version != cur.Version || len(s.Groups) != 0 {
			t.Errorf("a refused form changed the settings: %+v", s)
		}
	}
	bad := manager.post("/backlog/settings", form(cur.Version, "prodsec\n/not a path"))
	must(t, bad, http.StatusUnprocessableEntity)
	if !fieldErrorAfter(bad.body, "/not a path</textarea>", "must be a full path") {
		t.Errorf("the bad group is not shown next to its field:\n%s", bad.body)
	}
	unchanged(t)
	runForms(t, []formCase{
		{name: "an engineer may not", who: engineer, path: "/backlog/settings", form: form(cur.Version, "prodsec"), status: http.StatusForbidden,
			check: unchanged},
		{name: "stale", who: manager, path: "/backlog/settings", form: form(cur.Version+1, "prodsec"), status: http.StatusPreconditionFailed,
			check: unchanged},
		{name: "minutes that are no number", who: manager, path: "/backlog/settings",
			form: url.Values{"version": {fmt.Sprint(cur.Version)}, "schedule.every_minutes": {"often"}}, status: http.StatusUnprocessableEntity,
			contains: []string{`value="often"><span class="field-error" role="alert">must be a whole number`}, check: unchanged},
		{name: "save", who: manager, path: "/backlog/settings", form: form(cur.Version, "prodsec\ngitlab-org/security"), status: http.StatusSeeOther,
			check: func(t *testing.T) {
				s, _ := env.Services.Backlog.Settings(ctx, core.System)
				if len(s.Groups) != 2 || s.Groups[1] != "gitlab-org/security" || s.TeamHandle != "@prodsec" || s.CandidateDays != 21 ||
					!s.Schedule.Enabled || s.Schedule.EveryMinutes != 30 || len(s.TeamMembers) != 2 {
					t.Errorf("settings: %+v", s)
				}
			}},
	})
	must(t, manager.get("/backlog"), http.StatusOK, "The backlog settings are saved.", "prodsec\ngitlab-org/security</textarea>")
}

func TestBacklogTriageDryRunAndRun(t *testing.T) {
	env := testenv.New(t)
	requester, engineer := signedIn(t, env, "rita", core.RoleRequester), signedIn(t, env, "erin", core.RoleEngineer)
	must(t, requester.post("/backlog/triage", url.Values{"dry_run": {"true"}}), http.StatusForbidden, "needs the role")
	// an empty backlog has no AppSec issue in flight: the policy notifies the manager
	before := outboxLen(t, env)
	must(t, engineer.post("/backlog/triage", url.Values{"dry_run": {"true"}}), http.StatusOK, "Dry run: what the policies would do", "appsec-in-flight")
	if n := outboxLen(t, env); n != before {
		t.Errorf("a dry run queued %d messages", n-before)
	}
	must(t, engineer.post("/backlog/triage", url.Values{"dry_run": {"false"}}), http.StatusSeeOther)
	must(t, engineer.get("/backlog"), http.StatusOK, "Triage ran: 1 actions")
	if n := outboxLen(t, env); n <= before {
		t.Errorf("the run queued nothing")
	}
}

func TestPriorityWeightsForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	engineer, manager := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "max", core.RoleManager)
	must(t, manager.get("/priorities"), http.StatusOK, `id="weights-form"`)
	cur, err := env.Services.Maintenance.Weights(ctx, core.System)
	if err != nil {
		t.Fatal(err)
	}
	form := func(version int64, fit string) url.Values {
		return url.Values{"version": {fmt.Sprint(version)}, "weights.criticality": {"3"}, "weights.product_fit": {fit},
			"weights.maintainability": {"1"}, "weights.strategic_alignment": {"1"}, "weights.customer_value": {"2"}}
	}
	unchanged := func(t *testing.T) {
		if w, _ := env.Services.Maintenance.Weights(ctx, core.System); w.ID != cur.ID {
			t.Errorf("a refused form changed the weights: %+v", w)
		}
	}
	runForms(t, []formCase{
		{name: "an engineer may not", who: engineer, path: "/priorities/weights", form: form(cur.ID, "1"), status: http.StatusForbidden, check: unchanged},
		{name: "out of range", who: manager, path: "/priorities/weights", form: form(cur.ID, "11"), status: http.StatusUnprocessableEntity,
			contains: []string{`value="11"><span class="field-error" role="alert">must be 0 to 10`}, check: unchanged},
		{name: "no number", who: manager, path: "/priorities/weights", form: form(cur.ID, "much"), status: http.StatusUnprocessableEntity,
			contains: []string{`value="much"><span class="field-error" role="alert">must be a number`}, check: unchanged},
		{name: "stale", who: manager, path: "/priorities/weights", form: form(cur.ID+5, "1"), status: http.StatusPreconditionFailed, check: unchanged},
		{name: "save", who: manager, path: "/priorities/weights", form: form(cur.ID, "0.5"), status: http.StatusSeeOther, check: func(t *testing.T) {
			w, _ := env.Services.Maintenance.Weights(ctx, core.System)
			if w.Values[maintenance.Criticality] != 3 || w.Values[maintenance.ProductFit] != 0.5 || w.By != "max" {
				t.Errorf("weights: %+v", w)
			}
		}},
	})
	must(t, manager.get("/priorities"), http.StatusOK, "The weights are saved", "product fit 0.5")
}

// outboxLen counts the messages in the outbox.
func outboxLen(t *testing.T, env *testenv.Env) int {
	t.Helper()
	items, _, err := env.Services.Outbox.Messages(context.Background(), core.System, core.Page{Limit: core.MaxLimit}, false)
	if err != nil {
		t.Fatal(err)
	}
	return len(items)
}

func TestBacklogRemoveAndPolicies(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	it, _, err := env.Services.Backlog.Upsert(ctx, core.System, backlog.ObservedItem{
		Key: "gitlab:issue:601", Kind: backlog.Issue, URL: "https://gitlab.example.com/prodsec/tools/-/issues/6",
		Title: "Rewrite the scanner in Rust", Project: "prodsec/tools", ProjectID: 7, IID: 6, State: "opened",
		Labels: []string{backlog.CandidateLabel}, CreatedAt: testenv.Start, UpdatedAt: testenv.Start})
	if err != nil {
		t.Fatal(err)
	}
	requester, engineer, manager := newVisitor(t, env), newVisitor(t, env), newVisitor(t, env)
	requester.signIn(user(t, env, "rita", core.RoleRequester))
	engineer.signIn(user(t, env, "erin", core.RoleEngineer))
	manager.signIn(user(t, env, "max", core.RoleManager))
	path := fmt.Sprintf("/backlog/items/%d/remove", it.ID)
	still := func(t *testing.T) {
		if got, _ := env.Services.Backlog.Item(ctx, core.System, it.ID); got.RemovedAt != nil {
			t.Errorf("removed: %+v", got)
		}
	}
	noReason := engineer.post(path, url.Values{"item": {fmt.Sprint(it.ID)}, "remove.reason": {" "}})
	must(t, noReason, http.StatusUnprocessableEntity)
	if !fieldErrorAfter(noReason.body, `<textarea name="remove.reason"> </textarea>`, "is required") {
		t.Errorf("the missing reason is not shown next to its field:\n%s", noReason.body)
	}
	still(t)
	runForms(t, []formCase{
		{name: "a requester may not", who: requester, path: path, form: url.Values{"remove.reason": {"not ours"}}, status: http.StatusForbidden, check: still},
		{name: "remove", who: engineer, path: path, form: url.Values{"remove.reason": {"not ours"}, "remove.mention": {"@pm-a, em-b"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if got, _ := env.Services.Backlog.Item(ctx, core.System, it.ID); got.RemovedAt == nil || got.RemovalReason != "not ours" {
					t.Errorf("item: %+v", got)
				}
			}},
	})

	cur, err := env.Services.Backlog.Policies(ctx, core.System)
	if err != nil {
		t.Fatal(err)
	}
	must(t, manager.get("/backlog"), http.StatusOK, `id="backlog-policies-form"`, `name="policies[0].name" value="metric-label-pending"`)
	form := url.Values{"version": {fmt.Sprint(cur.Version)}}
	for i, p := range cur.Policies {
		k := fmt.Sprintf("policies[%d]", i)
		form.Set(k+".name", p.Name)
		form.Set(k+".rule", p.Rule)
		form.Set(k+".do", p.Do)
		form.Set(k+".comment", p.Comment)
		if p.Enabled && p.Name != "candidate-waiting" { // turn one off
			form.Set(k+".enabled", "on")
		}
	}
	n := len(cur.Policies)
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set(fmt.Sprintf("policies[%d].name", n), "say-hello")
	bad.Set(fmt.Sprintf("policies[%d].rule", n), backlog.RuleMissingMetricLabel)
	bad.Set(fmt.Sprintf("policies[%d].do", n), backlog.DoComment)
	unchanged := func(t *testing.T) {
		if ps, _ := env.Services.Backlog.Policies(ctx, core.System); ps.Version != cur.Version {
			t.Errorf("a refused form changed the policies")
		}
	}
	runForms(t, []formCase{
		{name: "an engineer may not", who: engineer, path: "/backlog/policies", form: form, status: http.StatusForbidden, check: unchanged},
		{name: "a comment policy needs its comment", who: manager, path: "/backlog/policies", form: bad, status: http.StatusUnprocessableEntity,
			contains: []string{fmt.Sprintf(`<textarea name="policies[%d].comment"></textarea><span class="field-error" role="alert">is required to comment`, n)},
			check:    unchanged},
		{name: "save", who: manager, path: "/backlog/policies", form: form, status: http.StatusSeeOther, check: func(t *testing.T) {
			ps, _ := env.Services.Backlog.Policies(ctx, core.System)
			if len(ps.Policies) != n {
				t.Fatalf("policies: %+v", ps.Policies)
			}
			for _, p := range ps.Policies {
				if p.Enabled == (p.Name == "candidate-waiting") {
					t.Errorf("policy %s enabled %t", p.Name, p.Enabled)
				}
			}
		}},
	})
}

func TestBacklogGroupManagersForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	requester, engineer := signedIn(t, env, "rita", core.RoleRequester), signedIn(t, env, "erin", core.RoleEngineer)
	must(t, engineer.get("/backlog"), http.StatusOK, `id="backlog-groups-form"`)
	cur, err := env.Services.Backlog.Groups(ctx, core.System)
	if err != nil {
		t.Fatal(err)
	}
	form := func(label string) url.Values {
		return url.Values{"version": {fmt.Sprint(cur.Version)}, "group_map[0].label": {label},
			"group_map[0].product_managers": {"@pm-auth, pm-two"}, "group_map[0].engineering_managers": {"em-auth"},
			"group_map[1].label": {""}, "group_map[1].product_managers": {""}, "group_map[1].engineering_managers": {""}}
	}
	same := func(t *testing.T) {
		if g, _ := env.Services.Backlog.Groups(ctx, core.System); g.Version != cur.Version {
			t.Errorf("a refused form changed the mapping: %+v", g)
		}
	}
	runForms(t, []formCase{
		{name: "a requester may not", who: requester, path: "/backlog/groups", form: form("group::authorization"), status: http.StatusForbidden, check: same},
		{name: "not a group label", who: engineer, path: "/backlog/groups", form: form("authorization"), status: http.StatusUnprocessableEntity,
			contains: []string{`name="group_map[0].label" value="authorization" placeholder="group::…"><span class="field-error" role="alert">must be a group:: label`},
			check:    same},
		{name: "save", who: engineer, path: "/backlog/groups", form: form("group::authorization"), status: http.StatusSeeOther, check: func(t *testing.T) {
			g, _ := env.Services.Backlog.Groups(ctx, core.System)
			if len(g.Groups) != 1 || g.Groups[0].Label != "group::authorization" || len(g.Groups[0].ProductManagers) != 2 {
				t.Errorf("mapping: %+v", g)
			}
		}},
	})
}

func TestBacklogProcessProfileForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	engineer, manager := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "max", core.RoleManager)
	cur, err := env.Services.Backlog.Process(ctx, core.System)
	if err != nil {
		t.Fatal(err)
	}
	other := ""
	for _, p := range cur.Profiles {
		if p != cur.Profile {
			other = p
		}
	}
	if other == "" {
		t.Fatalf("one profile only: %v", cur.Profiles)
	}
	must(t, manager.get("/backlog"), http.StatusOK, `id="backlog-process-form"`)
	same := func(t *testing.T) {
		if p, _ := env.Services.Backlog.Process(ctx, core.System); p.Profile != cur.Profile {
			t.Errorf("profile %s", p.Profile)
		}
	}
	v := fmt.Sprint(cur.Version)
	runForms(t, []formCase{
		{name: "an engineer may not", who: engineer, path: "/backlog/process", form: url.Values{"version": {v}, "profile": {other}},
			status: http.StatusForbidden, check: same},
		{name: "no such profile", who: manager, path: "/backlog/process", form: url.Values{"version": {v}, "profile": {"nope"}},
			status: http.StatusUnprocessableEntity, contains: []string{`</select><span class="field-error" role="alert">`}, check: same},
		{name: "switch", who: manager, path: "/backlog/process", form: url.Values{"version": {v}, "profile": {other}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if p, _ := env.Services.Backlog.Process(ctx, core.System); p.Profile != other {
					t.Errorf("profile %s, want %s", p.Profile, other)
				}
			}},
	})
}
