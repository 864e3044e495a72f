package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestRevokeATokenFromTheAdminPage(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	admin, manager := asAdmin(t, env), signedIn(t, env, "mona", core.RoleManager)
	user(t, env, "rita", core.RoleRequester)
	tokenOf := func(t *testing.T, name string) access.Token {
		t.Helper()
		toks, err := env.Services.Access.Tokens(ctx, core.System, name)
		if err != nil || len(toks) != 1 {
			t.Fatalf("%s's tokens: %+v %v", name, toks, err)
		}
		return toks[0]
	}
	rita, adminTok := tokenOf(t, "rita"), tokenOf(t, "admin")
	must(t, admin.get("/admin"), http.StatusOK, `id="revoke-form"`, fmt.Sprintf("<td>rita</td><td>%d</td>", rita.ID))
	notRevoked := func(name string) func(t *testing.T) {
		return func(t *testing.T) {
			if tok := tokenOf(t, name); tok.RevokedAt != nil {
				t.Errorf("%s's token was revoked: %+v", name, tok)
			}
		}
	}
	form := func(name string, id int64) url.Values {
		return url.Values{"revoke_user": {name}, "token_id": {fmt.Sprint(id)}}
	}
	last := admin.post("/admin/revoke-token", form("admin", adminTok.ID))
	must(t, last, http.StatusConflict, "is the last working token of the only admin")
	if !fieldErrorAfter(last.body, fmt.Sprintf(`name="token_id" value="%d">`, adminTok.ID), fmt.Sprintf("token %d is the last working token", adminTok.ID)) {
		t.Errorf("the lockout refusal is not next to the token field:\n%s", last.body)
	}
	notRevoked("admin")(t)
	runForms(t, []formCase{
		{name: "a manager may not revoke here", who: manager, path: "/admin/revoke-token", form: form("rita", rita.ID),
			status: http.StatusForbidden, check: notRevoked("rita")},
		{name: "a token the user does not have", who: admin, path: "/admin/revoke-token", form: form("rita", adminTok.ID),
			status: http.StatusNotFound, contains: []string{`<span class="field-error" role="alert">user rita has no token`},
			check: notRevoked("admin")},
		{name: "not a number", who: admin, path: "/admin/revoke-token", form: url.Values{"revoke_user": {"rita"}, "token_id": {"x"}},
			status: http.StatusUnprocessableEntity, contains: []string{"must be a whole number"}, check: notRevoked("rita")},
		{name: "revoke", who: admin, path: "/admin/revoke-token", form: form("rita", rita.ID), status: http.StatusSeeOther,
			check: func(t *testing.T) {
				if tok := tokenOf(t, "rita"); tok.RevokedAt == nil {
					t.Errorf("not revoked: %+v", tok)
				}
			}},
	})
	must(t, admin.get("/admin"), http.StatusOK, "Token revoked.", "revoked ")
}

func TestSunsetMigrationAndRollbackPlanForm(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool, plan := sunsettingTool(t, env, "old-dashboards", "unused")
	share := 0.8
	p, err := env.Services.Sunset.Update(ctx, core.System, tool.ID, plan(t).Version, sunset.Patch{Migration: &sunset.Migration{
		SuccessCriteria: sunset.SuccessCriteria{MinProductShare: &share}}})
	if err != nil {
		t.Fatal(err)
	}
	engineer, requester := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "rita", core.RoleRequester)
	path := fmt.Sprintf("/tools/%d/sunset-plan", tool.ID)
	must(t, engineer.get(fmt.Sprintf("/tools/%d", tool.ID)), http.StatusOK, `id="sunset-plan-form"`)
	form := func(version int, rollback string) url.Values {
		return url.Values{"version": {fmt.Sprint(version)}, "migration.timeline": {"Q1: pilot; Q2: everyone"},
			"migration.communication_plan": {"#sec-tools and the team list"}, "migration.success_criteria.description": {"80% on the product"},
			"rollback.can_keep_running": {"no"}, "rollback.plan": {rollback}}
	}
	unchanged := func(t *testing.T) {
		if got := plan(t); got.Version != p.Version || got.Migration.Timeline != "" || got.Rollback.Plan != "" {
			t.Errorf("a refused form changed the plan: %+v", got)
		}
	}
	runForms(t, []formCase{
		{name: "a requester may not", who: requester, path: path, form: form(p.Version, "restore the VM"), status: http.StatusForbidden,
			check: unchanged},
		{name: "a rollback plan too long", who: engineer, path: path, form: form(p.Version, strings.Repeat("x", 20001)),
			status: http.StatusUnprocessableEntity, contains: []string{`</textarea><span class="field-error" role="alert">is longer than the limit`},
			check: unchanged},
		{name: "stale", who: engineer, path: path, form: form(p.Version-1, "restore the VM"), status: http.StatusPreconditionFailed,
			check: unchanged},
		{name: "save", who: engineer, path: path, form: form(p.Version, "restore the VM from the last snapshot"), status: http.StatusSeeOther,
			check: func(t *testing.T) {
				got := plan(t)
				m, r := got.Migration, got.Rollback
				if m.Timeline != "Q1: pilot; Q2: everyone" || m.CommunicationPlan != "#sec-tools and the team list" ||
					m.SuccessCriteria.Description != "80% on the product" || m.SuccessCriteria.MinProductShare == nil ||
					*m.SuccessCriteria.MinProductShare != 0.8 {
					t.Errorf("migration: %+v", m)
				}
				if r.CanKeepRunning == nil || *r.CanKeepRunning || r.Plan != "restore the VM from the last snapshot" {
					t.Errorf("rollback: %+v", r)
				}
			}},
	})
	must(t, engineer.get(fmt.Sprintf("/tools/%d", tool.ID)), http.StatusOK, "Migration and rollback plans saved.",
		"restore the VM from the last snapshot</textarea>", `<option value="no" selected>`)
}

func TestCoCreateMergeRequestAndRoadmapForms(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool := newTool(t, env, inventory.Tool{Name: "mapper", Criticality: inventory.High, Category: inventory.Integrate,
		EpicURL: "https://gitlab.example.com/groups/g/-/epics/1", Milestone: "18.9"})
	ref := cocreate.Ref{Tool: tool.ID}
	c, err := env.Services.CoCreate.Start(ctx, core.System, tool.ID, "https://gitlab.example.com/groups/g/-/epics/2")
	if err != nil {
		t.Fatal(err)
	}
	of := func(t *testing.T) cocreate.CoCreate {
		t.Helper()
		c, err := env.Services.CoCreate.Of(ctx, core.System, ref)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	engineer, requester := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "rita", core.RoleRequester)
	path := fmt.Sprintf("/tools/%d/", tool.ID)
	mr := url.Values{"mr.url": {"https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/7"}, "mr.title": {"owners API"},
		"mr.state": {"merged"}}
	noMR := func(t *testing.T) {
		if c := of(t); len(c.Loop2.MergeRequests) != 0 {
			t.Errorf("merge requests: %+v", c.Loop2.MergeRequests)
		}
	}
	runForms(t, []formCase{
		{name: "a merge request in loop 1", who: engineer, path: path + "merge-request", form: mr, status: http.StatusConflict,
			contains: []string{"merge requests belong to loop 2"}, check: noMR},
		{name: "a requester may not add a phase", who: requester, path: path + "phase",
			form: url.Values{"phase.title": {"parity"}, "phase.complete_when": {"owners in the product"}}, status: http.StatusForbidden},
		{name: "a phase needs its completion", who: engineer, path: path + "phase", form: url.Values{"phase.title": {"parity"}},
			status: http.StatusUnprocessableEntity, check: func(t *testing.T) {
				if c := of(t); len(c.Roadmap.Phases) != 0 {
					t.Errorf("phases: %+v", c.Roadmap.Phases)
				}
			}},
		{name: "add a phase", who: engineer, path: path + "phase",
			form: url.Values{"phase.title": {"parity"}, "phase.complete_when": {"owners in the product"}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				c := of(t)
				if len(c.Roadmap.Phases) != 1 || c.Roadmap.Phases[0].Title != "parity" || c.Roadmap.Phases[0].CompleteWhen != "owners in the product" {
					t.Errorf("phases: %+v", c.Roadmap.Phases)
				}
			}},
		{name: "a sunsetting issue needs its requirement", who: engineer, path: path + "sunsetting-issue",
			form: url.Values{"sunsetting_issue.url": {"https://gitlab.example.com/g/p/-/issues/3"}}, status: http.StatusUnprocessableEntity,
			check: func(t *testing.T) {
				if c := of(t); len(c.Roadmap.Issues) != 0 {
					t.Errorf("sunsetting issues: %+v", c.Roadmap.Issues)
				}
			}},
		{name: "add a sunsetting issue", who: engineer, path: path + "sunsetting-issue",
			form:   url.Values{"sunsetting_issue.requirement": {"owners API"}, "sunsetting_issue.url": {"https://gitlab.example.com/g/p/-/issues/3"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				c := of(t)
				if len(c.Roadmap.Issues) != 1 || c.Roadmap.Issues[0].Requirement != "owners API" ||
					c.Roadmap.Issues[0].URL != "https://gitlab.example.com/g/p/-/issues/3" || c.Roadmap.Issues[0].State != "open" {
					t.Errorf("sunsetting issues: %+v", c.Roadmap.Issues)
				}
			}},
	})
	must(t, engineer.get(path[:len(path)-1]), http.StatusOK, "Sunsetting issue added.", "parity: owners in the product")

	// merge requests belong to loop 2: move the co-create on through the service
	title, epic := "owners", "https://gitlab.example.com/groups/g/-/epics/3"
	if _, err := env.Services.CoCreate.AddFunctionality(ctx, core.System, ref, cocreate.FunctionalityInput{Title: &title, EpicURL: &epic}); err != nil {
		t.Fatal(err)
	}
	c = of(t)
	done := &cocreate.CheckInput{Done: true}
	str := func(s string) *string { return &s }
	c, err = env.Services.CoCreate.Update(ctx, core.System, ref, c.Version, cocreate.Patch{
		Handover: &cocreate.HandoverPatch{EpicURL: str("https://gitlab.example.com/groups/g/-/epics/4")},
		Loop1: &cocreate.Loop1Patch{PMValidated: done, EngineeringValidated: done, AlignedWithPlans: done, ScopeRefined: done,
			ValidatedProposalURL: str("https://x/1"), TechnicalDesignURL: str("https://x/2"), StakeholderAlignment: &[]string{"@pm"}}})
	if err == nil {
		c, err = env.Services.CoCreate.Advance(ctx, core.System, ref, c.Version)
	}
	if err != nil || c.Loop != cocreate.Integration {
		t.Fatalf("advance: %s %v", c.Loop, err)
	}
	page := engineer.get(path[:len(path)-1])
	must(t, page, http.StatusOK, fmt.Sprintf(`action="/tools/%d/merge-request"`, tool.ID))
	noURL := engineer.post(path+"merge-request", url.Values{"mr.url": {" "}, "mr.state": {"opened"}})
	must(t, noURL, http.StatusUnprocessableEntity)
	if !fieldErrorAfter(noURL.body, `name="mr.url" value=" ">`, "is required") {
		t.Errorf("the missing URL is not shown next to its field:\n%s", noURL.body)
	}
	noMR(t)
	runForms(t, []formCase{
		{name: "a requester may not add a merge request", who: requester, path: path + "merge-request", form: mr,
			status: http.StatusForbidden, check: noMR},
		{name: "add a merge request", who: engineer, path: path + "merge-request", form: mr, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				c := of(t)
				if len(c.Loop2.MergeRequests) != 1 {
					t.Fatalf("merge requests: %+v", c.Loop2.MergeRequests)
				}
				m := c.Loop2.MergeRequests[0]
				if m.URL != mr.Get("mr.url") || m.Title != "owners API" || m.State != cocreate.MRMerged || m.MergedAt == nil {
					t.Errorf("merge request: %+v", m)
				}
			}},
	})
	must(t, engineer.get(path[:len(path)-1]), http.StatusOK, "Merge request added.", "owners API</a> (merged)")
}
