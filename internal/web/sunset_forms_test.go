package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestSunsetParityAlternativesAndAgreementsForm(t *testing.T) {
	env := testenv.New(t)
	tool, plan := sunsettingTool(t, env, "old-dashboards", "superseded")
	engineer, requester := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "rita", core.RoleRequester)
	path := fmt.Sprintf("/tools/%d/sunset-parity", tool.ID)
	must(t, engineer.get(fmt.Sprintf("/tools/%d", tool.ID)), http.StatusOK, `id="sunset-parity-form"`, `name="parity_gaps[0].gap"`)
	v := plan(t).Version
	form := func(version int, gap string) url.Values {
		return url.Values{"version": {fmt.Sprint(version)}, "parity_gaps[0].gap": {gap}, "parity_gaps[0].addressed": {"a saved search"},
			"parity_gaps[1].gap": {""}, "parity_gaps[1].addressed": {""},
			"alternatives": {"the product's dashboards\n\nGrafana"}, "stakeholders_agree": {"sirt"}}
	}
	unchanged := func(t *testing.T) {
		if p := plan(t); p.Version != v || len(p.ParityGaps)+len(p.Alternatives)+len(p.StakeholdersAgree) != 0 {
			t.Errorf("a refused form changed the plan: %+v", p)
		}
	}
	bad := engineer.post(path, form(v, ""))
	must(t, bad, http.StatusUnprocessableEntity)
	if !fieldErrorAfter(bad.body, `name="parity_gaps[0].gap" value="">`, "is required") {
		t.Errorf("the gap without its text is not shown next to its field:\n%s", bad.body)
	}
	unchanged(t)
	runForms(t, []formCase{
		{name: "a requester may not", who: requester, path: path, form: form(v, "no CSV"), status: http.StatusForbidden, check: unchanged},
		{name: "stale", who: engineer, path: path, form: form(v-1, "no CSV"), status: http.StatusPreconditionFailed, check: unchanged},
		{name: "save", who: engineer, path: path, form: form(v, "no CSV"), status: http.StatusSeeOther, check: func(t *testing.T) {
			p := plan(t)
			if len(p.ParityGaps) != 1 || p.ParityGaps[0] != (sunset.Gap{Gap: "no CSV", Addressed: "a saved search"}) {
				t.Errorf("gaps: %+v", p.ParityGaps)
			}
			if len(p.Alternatives) != 2 || p.Alternatives[1] != "Grafana" || len(p.StakeholdersAgree) != 1 {
				t.Errorf("alternatives %v, agreed %v", p.Alternatives, p.StakeholdersAgree)
			}
		}},
	})
	must(t, engineer.get(fmt.Sprintf("/tools/%d", tool.ID)), http.StatusOK, "Parity gaps, alternatives and agreements saved.",
		`name="parity_gaps[0].gap" value="no CSV"`, "Confirmed no longer needed by: sirt")
	// with the alternatives named, identifying them can be ticked
	must(t, engineer.post(fmt.Sprintf("/tools/%d/sunset-check", tool.ID), url.Values{"activity": {"identify_alternatives"}}), http.StatusSeeOther)
	if c := plan(t).Checklist[sunset.NameAlternatives]; !c.Done {
		t.Errorf("identify_alternatives: %+v", c)
	}
}

func TestSunsetNumericSuccessCriteria(t *testing.T) {
	env := testenv.New(t)
	tool, plan := sunsettingTool(t, env, "old-scanner", "superseded")
	engineer := signedIn(t, env, "erin", core.RoleEngineer)
	path := fmt.Sprintf("/tools/%d/sunset-plan", tool.ID)
	form := func(share, uses string) url.Values {
		return url.Values{"migration.timeline": {"Q1"}, "migration.communication_plan": {"the list"},
			"migration.success_criteria.min_product_share": {share}, "migration.success_criteria.max_internal_uses": {uses}}
	}
	runForms(t, []formCase{
		{name: "a share above 1", who: engineer, path: path, form: form("1.5", "10"), status: http.StatusUnprocessableEntity,
			contains: []string{`name="migration.success_criteria.min_product_share" value="1.5"><span class="field-error" role="alert">must be between 0 and 1`}},
		{name: "uses that are no number", who: engineer, path: path, form: form("0.9", "ten"), status: http.StatusUnprocessableEntity,
			contains: []string{`value="ten"><span class="field-error" role="alert">must be a whole number`}},
		{name: "save", who: engineer, path: path, form: form("0.9", "10"), status: http.StatusSeeOther, check: func(t *testing.T) {
			sc := plan(t).Migration.SuccessCriteria
			if sc.MinProductShare == nil || *sc.MinProductShare != 0.9 || sc.MaxInternalUses == nil || *sc.MaxInternalUses != 10 {
				t.Errorf("success criteria: %+v", sc)
			}
		}},
		{name: "clear the uses", who: engineer, path: path, form: form("0.9", ""), status: http.StatusSeeOther, check: func(t *testing.T) {
			if sc := plan(t).Migration.SuccessCriteria; sc.MaxInternalUses != nil || sc.MinProductShare == nil {
				t.Errorf("success criteria: %+v", sc)
			}
		}},
	})
	must(t, engineer.get(fmt.Sprintf("/tools/%d", tool.ID)), http.StatusOK, `name="migration.success_criteria.min_product_share" value="0.9"`)
}

func TestSunsetRollBackForm(t *testing.T) {
	env := testenv.New(t)
	tool, plan := sunsettingTool(t, env, "old-scanner", "superseded")
	engineer, manager := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "max", core.RoleManager)
	path := fmt.Sprintf("/tools/%d/sunset-rollback", tool.ID)
	open := func(t *testing.T) {
		if p := plan(t); p.State != sunset.Open {
			t.Errorf("plan %s", p.State)
		}
	}
	runForms(t, []formCase{
		{name: "an engineer may not", who: engineer, path: path, form: url.Values{"rollback_category": {"maintain"}, "rollback_reason": {"still used"}},
			status: http.StatusForbidden, check: open},
		{name: "the category is required", who: manager, path: path, form: url.Values{"rollback_reason": {"still used"}},
			status: http.StatusUnprocessableEntity, contains: []string{`</select><span class="field-error" role="alert">is required`}, check: open},
		{name: "roll back", who: manager, path: path, form: url.Values{"rollback_category": {"maintain"}, "rollback_reason": {"still used"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if p := plan(t); p.State != sunset.RolledBack {
					t.Errorf("plan %s", p.State)
				}
				got, err := env.Services.Inventory.Tool(t.Context(), core.System, tool.ID)
				if err != nil || got.Stage != inventory.Operational || got.Category != inventory.Maintain {
					t.Errorf("tool %+v %v", got, err)
				}
			}},
	})
}
