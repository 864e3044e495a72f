package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// decided walks a net-new request filed by the requester through steps 1
// and 2 to a manager's decision, and returns its path and id.
func decided(t *testing.T, env *testenv.Env, requester, engineer, manager *visitor, title string, decision intake.Outcome,
	extra url.Values) (string, int64) {
	t.Helper()
	path := fileRequest(t, requester, title)
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/requests/"), 10, 64)
	ver := func() string {
		r, err := env.Services.Intake.Get(context.Background(), core.System, id)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(r.Version)
	}
	must(t, engineer.post(path+"/understanding", url.Values{"version": {ver()}}), http.StatusSeeOther)
	must(t, engineer.post(path+"/path-forward", url.Values{"outcome": {string(decision)}, "basis": {"the product plans it"}}), http.StatusSeeOther)
	form := url.Values{"version": {ver()}, "decision": {string(decision)}, "basis": {"the product plans it"}}
	for k, v := range extra {
		form[k] = v
	}
	must(t, manager.post(path+"/decision", form), http.StatusSeeOther)
	return path, id
}

func TestAgreeAsAndReassessForms(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	requester, engineer, manager := newVisitor(t, env), newVisitor(t, env), newVisitor(t, env)
	requester.signIn(user(t, env, "rita", core.RoleRequester))
	engineer.signIn(user(t, env, "erin", core.RoleEngineer))
	manager.signIn(user(t, env, "mona", core.RoleManager))
	get := func(t *testing.T, id int64) intake.Request {
		t.Helper()
		r, err := env.Services.Intake.Get(ctx, core.System, id)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	agreements := func(r intake.Request) string {
		var out []string
		if r.Decision != nil {
			for _, a := range r.Decision.Agreements {
				out = append(out, fmt.Sprintf("%s:%s:%s", a.Party, a.Name, a.By))
			}
		}
		return strings.Join(out, " ")
	}

	// build_in_product waits for Product and Engineering, whose agreement an engineer records
	build, buildID := decided(t, env, requester, engineer, manager, "Owners in the product", intake.BuildInProduct, nil)
	must(t, engineer.get(build), http.StatusOK, `id="agree-as-form"`)
	runForms(t, []formCase{
		{name: "a requester may not record another's agreement", who: requester, path: build + "/agree-as",
			form: url.Values{"party": {"product"}, "name": {"pm-auth"}}, status: http.StatusForbidden, check: func(t *testing.T) {
				if r := get(t, buildID); agreements(r) != "" {
					t.Errorf("agreements: %s", agreements(r))
				}
			}},
		{name: "who agreed is required", who: engineer, path: build + "/agree-as", form: url.Values{"party": {"product"}, "name": {" "}},
			status: http.StatusUnprocessableEntity, contains: []string{"is required: who agreed for product"}},
		{name: "product agrees", who: engineer, path: build + "/agree-as", form: url.Values{"party": {"product"}, "name": {"pm-auth"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				r := get(t, buildID)
				if r.State != intake.AwaitingAgreement || agreements(r) != "product:pm-auth:erin" {
					t.Errorf("after product agreed: %s, %s", r.State, agreements(r))
				}
			}},
		{name: "product agrees only once", who: engineer, path: build + "/agree-as", form: url.Values{"party": {"product"}, "name": {"pm-2"}},
			status: http.StatusConflict, contains: []string{"does not wait for product"}},
		{name: "engineering agrees: final", who: engineer, path: build + "/agree-as",
			form: url.Values{"party": {"engineering"}, "name": {"em-auth"}}, status: http.StatusSeeOther, check: func(t *testing.T) {
				r := get(t, buildID)
				if r.State != intake.Decided || agreements(r) != "product:pm-auth:erin engineering:em-auth:erin" {
					t.Errorf("after engineering agreed: %s, %s", r.State, agreements(r))
				}
			}},
	})
	must(t, manager.post(build+"/reassess", url.Values{"version": {fmt.Sprint(get(t, buildID).Version)}, "reassess_reason": {"changed our mind"}}),
		http.StatusConflict, "only wait_for_product and defer_capacity come back")

	// wait_for_product comes back before its revisit date only on a roadmap change
	revisit := env.Clock.Now().AddDate(0, 3, 0).Format("2006-01-02")
	wait, waitID := decided(t, env, requester, engineer, manager, "Wait for it", intake.WaitForProduct, url.Values{"revisit_on": {revisit}})
	must(t, requester.post(wait+"/agree", url.Values{}), http.StatusSeeOther)
	if r := get(t, waitID); r.State != intake.Decided {
		t.Fatalf("the waiting request is %s", r.State)
	}
	version := func() string { return fmt.Sprint(get(t, waitID).Version) }
	stillDecided := func(t *testing.T) {
		if r := get(t, waitID); r.State != intake.Decided || len(r.History) != 0 {
			t.Errorf("a refused reassessment changed the request: %s, %d in history", r.State, len(r.History))
		}
	}
	runForms(t, []formCase{
		{name: "an engineer may not reassess", who: engineer, path: wait + "/reassess",
			form: url.Values{"version": {version()}, "reassess_reason": {"roadmap"}, "roadmap_change": {"on"}}, status: http.StatusForbidden,
			check: stillDecided},
		{name: "a reason is required", who: manager, path: wait + "/reassess", form: url.Values{"version": {version()}, "roadmap_change": {"on"}},
			status: http.StatusUnprocessableEntity, contains: []string{"is required: why step 2 is redone"}, check: stillDecided},
		{name: "before the revisit date without a roadmap change", who: manager, path: wait + "/reassess",
			form: url.Values{"version": {version()}, "reassess_reason": {"just because"}}, status: http.StatusConflict,
			contains: []string{"only a roadmap change brings it back"}, check: stillDecided},
		{name: "a stale version", who: manager, path: wait + "/reassess",
			form:   url.Values{"version": {fmt.Sprint(get(t, waitID).Version - 1)}, "reassess_reason": {"roadmap"}, "roadmap_change": {"on"}},
			status: http.StatusPreconditionFailed, check: stillDecided},
		{name: "the roadmap changed", who: manager, path: wait + "/reassess",
			form:   url.Values{"version": {version()}, "reassess_reason": {"the product dropped it from 19.0"}, "roadmap_change": {"on"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				r := get(t, waitID)
				if r.State != intake.Open || r.Step != intake.PathForwardStep || r.Decision != nil || len(r.History) != 1 ||
					r.History[0].Reason != "the product dropped it from 19.0" || !r.History[0].RoadmapChange || r.History[0].By != "mona" {
					t.Errorf("after the reassessment: %s %s %+v", r.State, r.Step, r.History)
				}
			}},
	})
	must(t, manager.get(wait), http.StatusOK, "The request is back at step 2")
}
