package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestHandoverThroughTheForms(t *testing.T) {
	env := testenv.New(t)
	sirt, mona := signedIn(t, env, "sam", core.RoleRequester), signedIn(t, env, "mona", core.RoleManager)

	must(t, sirt.get("/requests/new?kind=handover"), http.StatusOK, `name="customer_problem"`, `name="existing_adrs"`)
	p := sirt.post("/requests", url.Values{"kind": {"handover"}, "title": {"log-scanner"}, "requesting_team": {"sirt"},
		"tool.name": {"log-scanner"}, "customer_problem": {"Secrets leak into CI job logs."}, "business_process": {"SIRT triages leaks daily."},
		"current_capabilities": {"Scans job logs."}, "current_users": {"SIRT"}, "architecture": {"Go binary in a scheduled pipeline."}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("file: %d\n%s", p.status, p.body)
	}
	path := p.header.Get("Location")
	must(t, mona.post(path+"/understanding", url.Values{}), http.StatusSeeOther)
	page := mona.get(path)
	must(t, page, http.StatusOK, `id="maintainability-form"`, `value="owner-and-readme"`)
	must(t, mona.post(path+"/maintainability", url.Values{"criticality": {"urgent"}}), http.StatusUnprocessableEntity, "must be critical, high, medium or low")
	must(t, mona.post(path+"/maintainability", url.Values{"criticality": {"high"}, "met": {"owner-and-readme", "source-in-gitlab"}}), http.StatusSeeOther)
	must(t, mona.post(path+"/path-to-product", url.Values{"path_forward": {"improve_then_maintain"}}), http.StatusSeeOther)
	page = mona.get(path)
	v := regexp.MustCompile(`action="[^"]+/decision"[^>]*>\s*<input type="hidden" name="version" value="(\d+)"`).FindStringSubmatch(page.body)
	if v == nil {
		t.Fatalf("no decision form:\n%s", page.body)
	}
	// accept below Good is refused, and the refusal sits under the decision field
	refused := mona.post(path+"/decision", url.Values{"version": {v[1]}, "decision": {"accept"}, "basis": {"SIRT depends on it"}})
	must(t, refused, http.StatusConflict, "accept needs the tool to meet Good or better")
	if !regexp.MustCompile(`name="decision">.*?</select><span class="field-error" role="alert">accept is refused below Good`).MatchString(refused.body) {
		t.Errorf("the refusal is not next to the decision field:\n%s", refused.body)
	}
	plan := url.Values{"version": {v[1]}, "decision": {"accept_with_improvement_plan"}, "basis": {"SIRT depends on it"}}
	undocumented := mona.post(path+"/decision", plan)
	must(t, undocumented, http.StatusUnprocessableEntity)
	if !regexp.MustCompile(`name="documentation_updated"\s*>[^<]*</span><span class="field-error" role="alert">tick it once`).MatchString(undocumented.body) {
		t.Errorf("the documentation refusal is not next to its checkbox:\n%s", undocumented.body)
	}
	plan.Set("documentation_updated", "on")
	must(t, mona.post(path+"/decision", plan), http.StatusSeeOther)
	done := mona.get(path)
	must(t, done, http.StatusOK, `id="request-state">decided`, "Improvement plan", "in the inventory")
	tool := regexp.MustCompile(`href="/tools/(\d+)">in the inventory`).FindStringSubmatch(done.body)
	if tool == nil {
		t.Fatal("no link to the tool")
	}
	must(t, mona.get("/tools/"+tool[1]), http.StatusOK, "an improvement plan has", "medium")
}
