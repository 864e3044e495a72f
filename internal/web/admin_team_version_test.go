package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/teams"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// TestTeamFormCarriesItsVersion: the team form is filled at a version and
// a team changed meanwhile is refused (the web's If-Match), next to the
// name, instead of being overwritten.
func TestTeamFormCarriesItsVersion(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	user(t, env, "mona", core.RoleManager)
	user(t, env, "rita", core.RoleRequester)
	tm, _, err := env.Services.Teams.Put(ctx, core.System, "appsec", core.AnyVersion, teams.Team{Members: []string{"mona"}})
	if err != nil {
		t.Fatal(err)
	}
	admin := asAdmin(t, env)
	must(t, admin.get("/admin?team=appsec"), http.StatusOK, fmt.Sprintf(`name="version" value="%d"`, tm.Version))
	must(t, admin.get("/admin"), http.StatusOK, `id="team-form"><input type="hidden" name="version" value="0">`)
	// someone else changes the team after the form was read
	if _, _, err := env.Services.Teams.Put(ctx, core.System, "appsec", tm.Version, teams.Team{Members: []string{"mona", "rita"}}); err != nil {
		t.Fatal(err)
	}
	members := func(t *testing.T) int {
		got, err := env.Services.Teams.Team(ctx, core.System, "appsec")
		if err != nil {
			t.Fatal(err)
		}
		return len(got.Members)
	}
	form := func(version string) url.Values {
		return url.Values{"version": {version}, "team": {"appsec"}, "members": {"mona"}, "email": {"appsec@example.com"}}
	}
	stale := admin.post("/admin/teams", form(fmt.Sprint(tm.Version)))
	must(t, stale, http.StatusPreconditionFailed, "has changed since you read it")
	if !fieldErrorAfter(stale.body, `name="team" value="appsec">`, "team appsec has changed") {
		t.Errorf("the stale version is not shown next to the name:\n%s", stale.body)
	}
	if members(t) != 2 {
		t.Errorf("a stale form overwrote the team")
	}
	// the blank form defines a new team: it does not overwrite one of the same name
	must(t, admin.post("/admin/teams", form("0")), http.StatusPreconditionFailed)
	if members(t) != 2 {
		t.Errorf("the new-team form overwrote a team")
	}
	cur, _ := env.Services.Teams.Team(ctx, core.System, "appsec")
	must(t, admin.post("/admin/teams", form(fmt.Sprint(cur.Version))), http.StatusSeeOther)
	if got, _ := env.Services.Teams.Team(ctx, core.System, "appsec"); len(got.Members) != 1 || got.Email != "appsec@example.com" {
		t.Errorf("team: %+v", got)
	}
	must(t, admin.post("/admin/teams", url.Values{"version": {"0"}, "team": {"sirt"}, "members": {"rita"}}), http.StatusSeeOther)
	must(t, admin.get("/admin"), http.StatusOK, "Team defined.")
}

func TestSunsetPolicyForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	admin, manager := asAdmin(t, env), signedIn(t, env, "mona", core.RoleManager)
	must(t, admin.get("/admin"), http.StatusOK, `id="sunset-policy-form"`)
	cur, err := env.Services.Sunset.Policy(ctx, core.System)
	if err != nil {
		t.Fatal(err)
	}
	form := func(version int, notice, reminder string) url.Values {
		return url.Values{"version": {fmt.Sprint(version)}, "notice_period_days": {notice}, "reminder_days_before": {reminder}}
	}
	same := func(t *testing.T) {
		if p, _ := env.Services.Sunset.Policy(ctx, core.System); p != cur {
			t.Errorf("a refused form changed the policy: %+v", p)
		}
	}
	runForms(t, []formCase{
		{name: "a manager may not", who: manager, path: "/admin/sunset-policy", form: form(cur.Version, "60", "14"), status: http.StatusForbidden, check: same},
		{name: "a reminder after the date", who: admin, path: "/admin/sunset-policy", form: form(cur.Version, "10", "14"),
			status: http.StatusUnprocessableEntity, contains: []string{`value="14"><span class="field-error" role="alert">must be 0 to the notice period`}, check: same},
		{name: "stale", who: admin, path: "/admin/sunset-policy", form: form(cur.Version+1, "60", "14"), status: http.StatusPreconditionFailed, check: same},
		{name: "save", who: admin, path: "/admin/sunset-policy", form: form(cur.Version, "60", "14"), status: http.StatusSeeOther, check: func(t *testing.T) {
			if p, _ := env.Services.Sunset.Policy(ctx, core.System); p.NoticePeriodDays != 60 || p.ReminderDaysBefore != 14 {
				t.Errorf("policy: %+v", p)
			}
		}},
	})
}
