package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestCoCreateOfANeedFromItsRequest(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	requester, other, engineer, manager := newVisitor(t, env), newVisitor(t, env), newVisitor(t, env), newVisitor(t, env)
	requester.signIn(user(t, env, "rita", core.RoleRequester))
	other.signIn(user(t, env, "otto", core.RoleRequester))
	engineer.signIn(user(t, env, "erin", core.RoleEngineer))
	manager.signIn(user(t, env, "mona", core.RoleManager))
	path, id := decided(t, env, requester, engineer, manager, "Owners in the product", intake.BuildInProduct,
		url.Values{"product": {"Pat (PM)"}, "engineering": {"Eve (EM)"}})
	if r, err := env.Services.Intake.Get(ctx, core.System, id); err != nil || !r.NeedsCoCreate {
		t.Fatalf("request: %+v %v", r, err)
	}
	base := path + "/cocreate"
	must(t, engineer.get(path), http.StatusOK, `href="`+base+`"`)
	must(t, engineer.get(base), http.StatusOK, `id="cocreate-start-form"`)
	must(t, engineer.get("/cocreate"), http.StatusOK, "Needs built in the product")
	of := func(t *testing.T) (cocreate.CoCreate, error) {
		return env.Services.CoCreate.Of(ctx, core.System, cocreate.Ref{Request: id})
	}
	notStarted := func(t *testing.T) {
		if _, err := of(t); !core.IsCode(err, core.NotFound) {
			t.Errorf("a co-create exists: %v", err)
		}
	}
	bad := engineer.post(base+"/start", url.Values{"integration_epic_url": {"epic 9"}})
	must(t, bad, http.StatusUnprocessableEntity)
	if !fieldErrorAfter(bad.body, `name="integration_epic_url" value="epic 9">`, "must be an absolute") {
		t.Errorf("the bad epic is not shown next to its field:\n%s", bad.body)
	}
	runForms(t, []formCase{
		{name: "a requester may not start it", who: requester, path: base + "/start",
			form: url.Values{"integration_epic_url": {"https://gitlab.example.com/groups/g/-/epics/9"}}, status: http.StatusForbidden, check: notStarted},
		{name: "start", who: engineer, path: base + "/start",
			form: url.Values{"integration_epic_url": {"https://gitlab.example.com/groups/g/-/epics/9"}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				if c, err := of(t); err != nil || c.Loop != cocreate.Validation || c.ToolID != nil {
					t.Errorf("co-create: %+v %v", c, err)
				}
			}},
		{name: "work its loop 1", who: engineer, path: base + "/loop1",
			form: url.Values{"loop1.pm_validated": {"on"}, "loop1.validated_proposal_url": {"https://docs.example.com/p"}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				if c, _ := of(t); !c.Loop1.PMValidated.Done || c.Loop1.ValidatedProposalURL != "https://docs.example.com/p" {
					t.Errorf("loop 1: %+v", c.Loop1)
				}
			}},
	})
	link := fmt.Sprintf(`<a href="%s">Owners in the product</a>`, base)
	must(t, engineer.get("/cocreate"), http.StatusOK, link)
	must(t, requester.get("/cocreate"), http.StatusOK, link) // their own request's
	if p := other.get("/cocreate"); p.status != http.StatusOK || contains(p.body, "Owners in the product") {
		t.Errorf("another team's requester sees the need: %d\n%s", p.status, p.body)
	}
	must(t, other.get(base), http.StatusForbidden)
	must(t, requester.get(base), http.StatusOK, "Loop 1: validation")
	if p := requester.get(base); contains(p.body, `action="`+base+`/loop1"`) && contains(p.body, "Save loop 1") {
		t.Errorf("a requester is offered the loop 1 form")
	}
	// a need has no sunset roadmap
	if p := engineer.get(base); contains(p.body, "Sunset roadmap") {
		t.Errorf("a need's co-create shows a sunset roadmap")
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
