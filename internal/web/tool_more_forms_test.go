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

func TestADRForms(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool := newTool(t, env, inventory.Tool{Name: "scanner", Criticality: inventory.Low, Category: inventory.Maintain})
	engineer, requester := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "rita", core.RoleRequester)
	path := fmt.Sprintf("/tools/%d/", tool.ID)
	adrs := func(t *testing.T) []inventory.ADR {
		t.Helper()
		list, err := env.Services.Inventory.ADRs(ctx, core.System, tool.ID)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	none := func(t *testing.T) {
		if n := len(adrs(t)); n != 0 {
			t.Errorf("%d ADRs", n)
		}
	}
	form := url.Values{"adr.title": {"Store findings in SQLite"}, "adr.status": {"accepted"}, "adr.context": {"one host"},
		"adr.decision": {"SQLite in WAL mode"}}
	noDecision := engineer.post(path+"adr", url.Values{"adr.title": {"x"}, "adr.context": {"y"}})
	must(t, noDecision, http.StatusUnprocessableEntity)
	if !fieldErrorAfter(noDecision.body, `<textarea name="adr.decision"></textarea>`, "is required") {
		t.Errorf("the missing decision is not shown next to its field:\n%s", noDecision.body)
	}
	runForms(t, []formCase{
		{name: "a requester may not", who: requester, path: path + "adr", form: form, status: http.StatusForbidden, check: none},
		{name: "record", who: engineer, path: path + "adr", form: form, status: http.StatusSeeOther, check: func(t *testing.T) {
			if l := adrs(t); len(l) != 1 || l[0].Status != inventory.ADRAccepted || l[0].Decision != "SQLite in WAL mode" {
				t.Errorf("ADRs: %+v", l)
			}
		}},
		{name: "supersede it", who: engineer, path: path + "adr", form: url.Values{"adr.title": {"Store findings in PostgreSQL"},
			"adr.context": {"replicas"}, "adr.decision": {"PostgreSQL"}, "adr.supersedes": {"1"}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				if l := adrs(t); len(l) != 2 || l[0].Status != inventory.ADRSuperseded || l[1].Supersedes == nil {
					t.Errorf("ADRs: %+v", l)
				}
			}},
	})
	v := adrs(t)[1].Version
	edit := func(version int, status string) url.Values {
		return url.Values{"number": {"2"}, "version": {fmt.Sprint(version)}, "adr_edit.title": {"Store findings in PostgreSQL"},
			"adr_edit.context": {"replicas"}, "adr_edit.decision": {"PostgreSQL 17"}, "adr_edit.status": {status}}
	}
	runForms(t, []formCase{
		{name: "stale", who: engineer, path: path + "adr-update", form: edit(v-1, "accepted"), status: http.StatusPreconditionFailed},
		{name: "no such move", who: engineer, path: path + "adr-update", form: edit(v, "superseded"), status: http.StatusConflict,
			contains: []string{`</select><span class="field-error" role="alert">allowed moves`}},
		{name: "accept", who: engineer, path: path + "adr-update", form: edit(v, "accepted"), status: http.StatusSeeOther, check: func(t *testing.T) {
			if a := adrs(t)[1]; a.Status != inventory.ADRAccepted || a.Decision != "PostgreSQL 17" {
				t.Errorf("ADR: %+v", a)
			}
		}},
	})
	must(t, engineer.get(path[:len(path)-1]), http.StatusOK, "ADR 2 saved.")
}

func TestImprovementPriorityForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool := newTool(t, env, inventory.Tool{Name: "scanner", Criticality: inventory.Low, Category: inventory.Maintain})
	im, err := env.Services.Inventory.AddImprovement(ctx, core.System, tool.ID, inventory.Improvement{Title: "add tests"})
	if err != nil {
		t.Fatal(err)
	}
	engineer, manager := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "max", core.RoleManager)
	path := fmt.Sprintf("/tools/%d/improvement-priority", tool.ID)
	get := func(t *testing.T) inventory.Improvement {
		list, err := env.Services.Inventory.Improvements(ctx, core.System, tool.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("%v %v", list, err)
		}
		return list[0]
	}
	form := func(prio string) url.Values {
		return url.Values{"improvement": {fmt.Sprint(im.ID)}, "improvement_priority.priority": {prio}, "improvement_priority.milestone": {"18.9"}}
	}
	runForms(t, []formCase{
		{name: "an engineer may not", who: engineer, path: path, form: form("1"), status: http.StatusForbidden, check: func(t *testing.T) {
			if got := get(t); got.Priority != 0 {
				t.Errorf("%+v", got)
			}
		}},
		{name: "out of range", who: manager, path: path, form: form("7"), status: http.StatusUnprocessableEntity,
			contains: []string{`<span class="field-error" role="alert">must be 1, 2 or 3`}},
		{name: "prioritise", who: manager, path: path, form: form("1"), status: http.StatusSeeOther, check: func(t *testing.T) {
			if got := get(t); got.Priority != 1 || got.Milestone != "18.9" {
				t.Errorf("%+v", got)
			}
		}},
	})
	must(t, manager.get(fmt.Sprintf("/tools/%d", tool.ID)), http.StatusOK, "ProdSecEngPriority::1", `<option value="1" selected>`)
}

func TestGitLabSyncButtonWithoutGitLab(t *testing.T) {
	env := testenv.New(t)
	tool := newTool(t, env, inventory.Tool{Name: "scanner", Criticality: inventory.Low, Category: inventory.Maintain,
		GitLabProject: "prodsec/scanner"})
	engineer, requester := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "rita", core.RoleRequester)
	path := fmt.Sprintf("/tools/%d/gitlab-sync", tool.ID)
	must(t, engineer.get(fmt.Sprintf("/tools/%d", tool.ID)), http.StatusOK, `action="`+path+`"`)
	must(t, requester.post(path, url.Values{}), http.StatusForbidden)
	p := engineer.post(path, url.Values{})
	if p.status == http.StatusSeeOther {
		return // a test environment with GitLab configured starts the sync
	}
	must(t, p, http.StatusConflict, `Sync its issues</button></form><span class="field-error" role="alert">GitLab is not configured`)
}
