package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// versionOn reads the version a form of the page carries.
func versionOn(t *testing.T, body, action string) string {
	t.Helper()
	m := regexp.MustCompile(`action="[^"]*/` + regexp.QuoteMeta(action) + `"[^>]*>(?:\s*<h3>[^<]*</h3>)?\s*<input type="hidden" name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version on the %s form", action)
	}
	return m[1]
}

func TestToolPageForms(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool, err := env.Services.Inventory.CreateTool(ctx, core.System, inventory.Tool{Name: "log-scanner", OwnerTeam: "prodsec-eng",
		Criticality: inventory.High, Category: inventory.Maintain, Stage: inventory.Operational, Health: inventory.Unassessed})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/tools/%d", tool.ID)
	requester, manager := signedIn(t, env, "rita", core.RoleRequester), signedIn(t, env, "mona", core.RoleManager)

	// a requester sees no engineer's forms, and the service refuses them anyway
	page := requester.get(path)
	must(t, page, http.StatusOK, `id="issue-form"`)
	if regexp.MustCompile(`id="(update|assess|review)-form"`).MatchString(page.body) {
		t.Errorf("a requester is shown an engineer's form")
	}
	must(t, requester.post(path+"/update", url.Values{"version": {"1"}, "criticality": {"low"}}), http.StatusForbidden, "needs the role")

	// a manager changes the criticality: the service wants a reason
	page = manager.get(path)
	v := versionOn(t, page.body, "update")
	form := url.Values{"version": {v}, "criticality": {"critical"}, "category": {"maintain"}, "stage": {"operational"}}
	must(t, manager.post(path+"/update", form), http.StatusUnprocessableEntity, `class="field-error"`)
	form.Set("reason", "SIRT depends on it around the clock")
	must(t, manager.post(path+"/update", form), http.StatusSeeOther)
	must(t, manager.get(path), http.StatusOK, "SLO 4 business hours, RTO 12 business hours")
	// a stale version is refused whole
	must(t, manager.post(path+"/update", form), http.StatusPreconditionFailed, "has changed since you read it")

	// the assessment sets health against the rubric
	page = manager.get(path)
	must(t, manager.post(path+"/assessment", url.Values{"version": {versionOn(t, page.body, "assessment")}, "met": {"owner-and-readme"}}),
		http.StatusSeeOther)
	must(t, manager.get(path), http.StatusOK, "below good", "Missing for good")

	// an improvement plan item, then done
	must(t, manager.post(path+"/improvements", url.Values{"improvement_title": {"add a runbook"}}), http.StatusSeeOther)
	ims, _ := env.Services.Inventory.Improvements(ctx, core.System, tool.ID)
	if len(ims) != 1 {
		t.Fatalf("improvements: %+v", ims)
	}
	must(t, manager.post(path+"/improvement-done", url.Values{"improvement": {fmt.Sprint(ims[0].ID)}}), http.StatusSeeOther)
	must(t, manager.post(path+"/improvement-done", url.Values{"improvement": {"x"}}), http.StatusUnprocessableEntity, "must be a whole number")

	// a review
	review := url.Values{"outcome": {"keep"}, "stakeholders_use_it": {"on"}, "notes": {"still used daily"}}
	if p := manager.post(path+"/reviews", review); p.status == http.StatusUnprocessableEntity {
		// a tool with no activity looks like a zombie: the owner team must re-verify it
		if !regexp.MustCompile(`name="owner_reverified_by">\s*<span class="field-error" role="alert">is required`).MatchString(p.body) {
			t.Fatalf("the zombie refusal is not next to its field:\n%s", p.body)
		}
		review.Set("owner_reverified_by", "prodsec-eng lead")
		must(t, manager.post(path+"/reviews", review), http.StatusSeeOther)
	}
	must(t, manager.get(path), http.StatusOK, "still used daily")

	// scores: each refused score is shown next to its own field, not the tool's criticality
	bad := manager.post(path+"/scores", url.Values{"scores.criticality": {"9"}})
	must(t, bad, http.StatusUnprocessableEntity, "the scores are not valid")
	if !regexp.MustCompile(`name="scores.criticality">.*?</select><span class="field-error" role="alert">must be 1 to 5`).MatchString(bad.body) {
		t.Errorf("the score's refusal is not next to its field:\n%s", bad.body)
	}
	scores := url.Values{}
	for _, c := range []string{"criticality", "product_fit", "maintainability", "strategic_alignment", "customer_value"} {
		scores.Set("scores."+c, "4")
	}
	must(t, manager.post(path+"/scores", scores), http.StatusSeeOther)
	if p := manager.get("/priorities"); !regexp.MustCompile(`log-scanner</a></td><td>\d\.\d\d</td>`).MatchString(p.body) {
		t.Errorf("the scored tool has no score on /priorities:\n%s", p.body)
	}

	// a direct sunset, adoption on its chart
	must(t, manager.post(path+"/sunset", url.Values{"sunset_reason": {"superseded by the product's secret detection"}}), http.StatusSeeOther)
	must(t, manager.post(path+"/adoption", url.Values{"internal_uses": {"40"}, "product_uses": {"60"}}), http.StatusSeeOther)
	must(t, manager.post(path+"/adoption", url.Values{"internal_uses": {"-1"}}), http.StatusUnprocessableEntity, "must be a whole number")
	must(t, manager.get(path), http.StatusOK, `<title id="adoption-t">`, "60%")
	page = manager.get(path)
	pv := regexp.MustCompile(`action="[^"]*/sunset-check"><input type="hidden" name="version" value="(\d+)">`).FindStringSubmatch(page.body)
	if pv == nil {
		t.Fatalf("no checklist form:\n%s", page.body)
	}
	// the service's checklist rules hold here too: the refusal says what is missing
	must(t, manager.post(path+"/sunset-check", url.Values{"version": {pv[1]}, "activity": {"validate_decision"}, "check_note": {"nobody uses it"}}),
		http.StatusUnprocessableEntity, "cannot be done yet", "stakeholders_agree")
	must(t, manager.post(path+"/nonsense", url.Values{}), http.StatusNotFound)
}
