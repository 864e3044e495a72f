package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestCapacityTeamAndLoadForms(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool := newTool(t, env, inventory.Tool{Name: "scanner", Criticality: inventory.High, Category: inventory.Maintain,
		StakeholderTeams: []string{"appsec"}}) // a tool with no stakeholders is listed apart, as a zombie
	engineer, manager := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "max", core.RoleManager)
	must(t, manager.get("/reports/capacity"), http.StatusOK, `id="capacity-team-form"`, `action="/reports/capacity/load"`)
	cur, err := env.Services.Maintenance.Team(ctx, core.System)
	if err != nil {
		t.Fatal(err)
	}
	form := func(version int, hours string) url.Values {
		return url.Values{"version": {fmt.Sprint(version)}, "members[0].name": {"erin"}, "members[0].hours_per_week": {hours},
			"members[1].name": {"max"}, "members[1].hours_per_week": {"4"}, "members[2].name": {""}, "members[2].hours_per_week": {""}}
	}
	same := func(t *testing.T) {
		if got, _ := env.Services.Maintenance.Team(ctx, core.System); got.Version != cur.Version {
			t.Errorf("a refused form changed the team: %+v", got)
		}
	}
	runForms(t, []formCase{
		{name: "an engineer may not", who: engineer, path: "/reports/capacity/team", form: form(cur.Version, "10"), status: http.StatusForbidden, check: same},
		{name: "too many hours", who: manager, path: "/reports/capacity/team", form: form(cur.Version, "90"), status: http.StatusUnprocessableEntity,
			contains: []string{`<span class="field-error" role="alert">must be 0 to 80`}, check: same},
		{name: "hours that are no number", who: manager, path: "/reports/capacity/team", form: form(cur.Version, "lots"),
			status: http.StatusUnprocessableEntity, contains: []string{"must be a number of hours"}, check: same},
		{name: "stale", who: manager, path: "/reports/capacity/team", form: form(cur.Version+1, "10"), status: http.StatusPreconditionFailed, check: same},
		{name: "save", who: manager, path: "/reports/capacity/team", form: form(cur.Version, "10"), status: http.StatusSeeOther, check: func(t *testing.T) {
			got, _ := env.Services.Maintenance.Team(ctx, core.System)
			if len(got.Members) != 2 || got.Members[0].HoursPerWeek != 10 || got.Members[1].Name != "max" {
				t.Errorf("team: %+v", got)
			}
		}},
	})
	load := func(t *testing.T) (float64, bool) {
		rep, err := env.Services.Maintenance.Capacity(ctx, core.System)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range rep.Tools {
			if l.Tool.ID == tool.ID {
				return l.Hours, l.Overridden
			}
		}
		t.Fatal("the tool is not in the report")
		return 0, false
	}
	id := fmt.Sprint(tool.ID)
	runForms(t, []formCase{
		{name: "an engineer may not set a load", who: engineer, path: "/reports/capacity/load", form: url.Values{"tool": {id}, "hours_per_week": {"3"}},
			status: http.StatusForbidden},
		{name: "a load out of range", who: manager, path: "/reports/capacity/load", form: url.Values{"tool": {id}, "hours_per_week": {"200"}},
			status: http.StatusUnprocessableEntity, contains: []string{`value="200"><span class="field-error" role="alert">must be 0 to 168`}},
		{name: "set a load", who: manager, path: "/reports/capacity/load", form: url.Values{"tool": {id}, "hours_per_week": {"3.5"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if h, set := load(t); h != 3.5 || !set {
					t.Errorf("load %v set %t", h, set)
				}
			}},
		{name: "back to the default", who: manager, path: "/reports/capacity/load", form: url.Values{"tool": {id}, "hours_per_week": {""}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if _, set := load(t); set {
					t.Errorf("the load is still set")
				}
			}},
	})
	must(t, manager.get("/reports/capacity"), http.StatusOK, "<td>erin</td><td>10</td>")
}
