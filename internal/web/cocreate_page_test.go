package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// startedCoCreate puts a tool in integrate into co-create and returns a
// reader of its co-create.
func startedCoCreate(t *testing.T, env *testenv.Env, name string) (inventory.Tool, func(t *testing.T) cocreate.CoCreate) {
	t.Helper()
	ctx := context.Background()
	tool := newTool(t, env, inventory.Tool{Name: name, Criticality: inventory.High, Category: inventory.Integrate,
		EpicURL: "https://gitlab.example.com/groups/g/-/epics/1", Milestone: "18.9"})
	if _, err := env.Services.CoCreate.Start(ctx, core.System, tool.ID, "https://gitlab.example.com/groups/g/-/epics/2"); err != nil {
		t.Fatal(err)
	}
	return tool, func(t *testing.T) cocreate.CoCreate {
		t.Helper()
		c, err := env.Services.CoCreate.Of(ctx, core.System, cocreate.Ref{Tool: tool.ID})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

func TestCoCreatePageWorksTheLoops(t *testing.T) {
	env := testenv.New(t)
	tool, of := startedCoCreate(t, env, "mapper")
	engineer, requester := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "rita", core.RoleRequester)
	base := fmt.Sprintf("/tools/%d/cocreate", tool.ID)
	must(t, requester.get(base), http.StatusOK, "Loop 1: validation")
	must(t, engineer.get(fmt.Sprintf("/tools/%d", tool.ID)), http.StatusOK, `href="`+base+`"`)

	loop1 := func(v int, proposal string) url.Values {
		return url.Values{"version": {fmt.Sprint(v)}, "loop1.pm_validated": {"on"}, "loop1.pm_validated.note": {"PM ok"},
			"loop1.engineering_validated": {"on"}, "loop1.aligned_with_plans": {"on"}, "loop1.scope_refined": {"on"},
			"loop1.validated_proposal_url": {proposal}, "loop1.technical_design_url": {"https://docs.example.com/design"},
			"loop1.stakeholder_alignment": {"@pm\n@em\n"}}
	}
	untouched := func(t *testing.T) {
		if c := of(t); c.Loop1.PMValidated.Done || c.Loop1.ValidatedProposalURL != "" {
			t.Errorf("loop 1 changed: %+v", c.Loop1)
		}
	}
	v := of(t).Version
	bad := engineer.post(base+"/loop1", loop1(v, "not a url"))
	must(t, bad, http.StatusUnprocessableEntity)
	if !fieldErrorAfter(bad.body, `name="loop1.validated_proposal_url" value="not a url">`, "must be an absolute") {
		t.Errorf("the bad URL is not shown next to its field:\n%s", bad.body)
	}
	untouched(t)
	runForms(t, []formCase{
		{name: "a requester may not tick loop 1", who: requester, path: base + "/loop1", form: loop1(v, "https://docs.example.com/p"),
			status: http.StatusForbidden, check: untouched},
		{name: "a stale version", who: engineer, path: base + "/loop1", form: loop1(v-1, "https://docs.example.com/p"),
			status: http.StatusPreconditionFailed, check: untouched},
		{name: "advance is refused with what is missing", who: engineer, path: base + "/advance", form: url.Values{"version": {fmt.Sprint(v)}},
			status: http.StatusConflict, contains: []string{"the co-create cannot leave validation yet", "Product Management has not validated"},
			check: func(t *testing.T) {
				if c := of(t); c.Loop != cocreate.Validation {
					t.Errorf("loop %s", c.Loop)
				}
			}},
		{name: "tick loop 1", who: engineer, path: base + "/loop1", form: loop1(v, "https://docs.example.com/p"), status: http.StatusSeeOther,
			check: func(t *testing.T) {
				l := of(t).Loop1
				if !l.PMValidated.Done || l.PMValidated.By != "erin" || l.PMValidated.Note != "PM ok" || !l.ScopeRefined.Done ||
					l.ProofOfConcept.Done || l.ValidatedProposalURL != "https://docs.example.com/p" ||
					len(l.StakeholderAlignment.Who) != 2 || l.StakeholderAlignment.At == nil {
					t.Errorf("loop 1: %+v", l)
				}
			}},
		{name: "a handover epic that is no URL", who: engineer, path: base + "/handover",
			form: url.Values{"handover.epic_url": {"epic 4"}}, status: http.StatusUnprocessableEntity},
		{name: "the handover epic", who: engineer, path: base + "/handover",
			form: url.Values{"handover.epic_url": {"https://gitlab.example.com/groups/g/-/epics/4"},
				"handover.product_group": {"group::authorization"}, "handover.definition_of_done": {"owners in the product"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				h := of(t).Handover
				if h.EpicURL != "https://gitlab.example.com/groups/g/-/epics/4" || h.ProductGroup != "group::authorization" ||
					h.DefinitionOfDone != "owners in the product" || h.CreatedAt == nil {
					t.Errorf("handover: %+v", h)
				}
			}},
		{name: "an answer names who said it", who: engineer, path: base + "/answer",
			form: url.Values{"handover_answer.question": {"fits_group"}, "handover_answer.answer": {"yes"}}, status: http.StatusUnprocessableEntity},
		{name: "an answer", who: engineer, path: base + "/answer",
			form:   url.Values{"handover_answer.question": {"fits_group"}, "handover_answer.answer": {"yes"}, "handover_answer.said_by": {"@pm"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if a := of(t).Handover.Answers; len(a) != 1 || a[0].SaidBy != "@pm" || a[0].RecordedBy != "erin" {
					t.Errorf("answers: %+v", a)
				}
			}},
		{name: "a functionality", who: engineer, path: base + "/functionality",
			form:   url.Values{"functionality.title": {"owners"}, "functionality.epic_url": {"https://gitlab.example.com/groups/g/-/epics/3"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if f := of(t).Functionalities; len(f) != 1 || f[0].Title != "owners" || !f[0].HasMetricLabel() {
					t.Errorf("functionalities: %+v", f)
				}
			}},
		{name: "a functionality keeps its metric label", who: engineer, path: base + "/functionality-update",
			form:   url.Values{"item": {"1"}, "functionality_edit.status": {"in_progress"}, "functionality_edit.labels": {"other"}},
			status: http.StatusUnprocessableEntity},
		{name: "a functionality in progress", who: engineer, path: base + "/functionality-update",
			form:   url.Values{"item": {"1"}, "functionality_edit.status": {"in_progress"}, "functionality_edit.title": {"owners"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if f := of(t).Functionalities; f[0].Status != cocreate.InProgress {
					t.Errorf("functionality: %+v", f[0])
				}
			}},
		{name: "a target date that is no date", who: engineer, path: base + "/considerations",
			form: url.Values{"considerations.target_date": {"soon"}}, status: http.StatusUnprocessableEntity},
		{name: "considerations", who: engineer, path: base + "/considerations",
			form: url.Values{"considerations.feature_parity": {"good_enough"},
				"considerations.accepted_gaps": {"no CSV export\n"}, "considerations.target_date": {"2027-03-01"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				k := of(t).Considerations
				if k.FeatureParity != cocreate.GoodEnough || len(k.AcceptedGaps) != 1 || k.TargetDate != "2027-03-01" {
					t.Errorf("considerations: %+v", k)
				}
			}},
		{name: "Customer Zero feedback", who: engineer, path: base + "/feedback",
			form: url.Values{"feedback.who": {"@alice"}, "feedback.feedback": {"faster than the tool"}}, status: http.StatusSeeOther,
			check: func(t *testing.T) {
				if f := of(t).Considerations.CustomerZero; len(f) != 1 || f[0].Who != "@alice" {
					t.Errorf("feedback: %+v", f)
				}
			}},
		{name: "advance to integration", who: engineer, path: base + "/advance", form: url.Values{},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if c := of(t); c.Loop != cocreate.Integration || !c.Loop1.PMValidated.Done || c.Loop1.PMValidated.By != "erin" {
					t.Errorf("co-create: %s %+v", c.Loop, c.Loop1)
				}
			}},
	})
	// the refusals above show next to their fields
	noSaidBy := engineer.post(base+"/answer", url.Values{"handover_answer.question": {"concerns"}, "handover_answer.answer": {"none"}})
	if !fieldErrorAfter(noSaidBy.body, `name="handover_answer.said_by" value="">`, "is required") {
		t.Errorf("the missing speaker is not shown next to the field:\n%s", noSaidBy.body)
	}
	badDate := engineer.post(base+"/considerations", url.Values{"version": {fmt.Sprint(of(t).Version)}, "considerations.target_date": {"soon"}})
	if !fieldErrorAfter(badDate.body, `name="considerations.target_date" value="soon">`, "must be a date") {
		t.Errorf("the bad date is not shown next to the field:\n%s", badDate.body)
	}
	c := of(t)
	runForms(t, []formCase{
		{name: "tick loop 2 keeps loop 1's stamps", who: engineer, path: base + "/loop2",
			form:   url.Values{"version": {fmt.Sprint(c.Version)}, "loop2.tests_written": {"on"}, "loop2.documentation_url": {"https://docs.example.com/owners"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				c := of(t)
				if !c.Loop2.TestsWritten.Done || c.Loop2.DocsWritten.Done || c.Loop2.DocumentationURL != "https://docs.example.com/owners" {
					t.Errorf("loop 2: %+v", c.Loop2)
				}
			}},
	})
	must(t, engineer.get(base), http.StatusOK, "Loop 2 (integration) is saved.", `name="loop2.tests_written" checked`, "@alice: faster than the tool")
}

func TestCoCreatePageMergeRequestsAndRoadmap(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool, of := startedCoCreate(t, env, "mapper")
	ref := cocreate.Ref{Tool: tool.ID}
	str := func(s string) *string { return &s }
	done := &cocreate.CheckInput{Done: true}
	c, err := env.Services.CoCreate.Update(ctx, core.System, ref, core.NoVersion, cocreate.Patch{
		Handover: &cocreate.HandoverPatch{EpicURL: str("https://gitlab.example.com/groups/g/-/epics/4")},
		Loop1: &cocreate.Loop1Patch{PMValidated: done, EngineeringValidated: done, AlignedWithPlans: done, ScopeRefined: done,
			ValidatedProposalURL: str("https://x/1"), TechnicalDesignURL: str("https://x/2"), StakeholderAlignment: &[]string{"@pm"}}})
	if err == nil {
		c, err = env.Services.CoCreate.Advance(ctx, core.System, ref, c.Version)
	}
	if err != nil || c.Loop != cocreate.Integration {
		t.Fatalf("advance: %s %v", c.Loop, err)
	}
	engineer, requester := signedIn(t, env, "erin", core.RoleEngineer), signedIn(t, env, "rita", core.RoleRequester)
	base := fmt.Sprintf("/tools/%d/cocreate", tool.ID)
	for _, f := range []struct{ path, key, value string }{
		{"/phase", "phase.title", "parity"}, {"/phase", "phase.title", "retire"},
		{"/sunsetting-issue", "sunsetting_issue.requirement", "owners API"}, {"/sunsetting-issue", "sunsetting_issue.requirement", "audit log"},
	} {
		form := url.Values{f.key: {f.value}, "phase.complete_when": {"when it is so"}}
		must(t, engineer.post(base+f.path, form), http.StatusSeeOther)
	}
	runForms(t, []formCase{
		{name: "add a merge request for phase 1 and issue 1", who: engineer, path: base + "/merge-request",
			form: url.Values{"mr.url": {"https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/7"}, "mr.title": {"owners API"},
				"mr.state": {"opened"}, "mr.completes_phase_id": {"1"}, "mr.fulfils": {"1"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				m := of(t).Loop2.MergeRequests
				if len(m) != 1 || m[0].CompletesPhaseID == nil || *m[0].CompletesPhaseID != 1 || len(m[0].Fulfils) != 1 {
					t.Errorf("merge requests: %+v", m)
				}
			}},
		{name: "a requester may not edit it", who: requester, path: base + "/merge-request-update",
			form: url.Values{"item": {"1"}, "mr_edit.state": {"merged"}}, status: http.StatusForbidden,
			check: func(t *testing.T) {
				if m := of(t).Loop2.MergeRequests[0]; m.State != cocreate.MROpened {
					t.Errorf("merge request: %+v", m)
				}
			}},
		{name: "an edit naming no phase of the roadmap", who: engineer, path: base + "/merge-request-update",
			form: url.Values{"item": {"1"}, "mr_edit.url": {"https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/7"},
				"mr_edit.state": {"merged"}, "mr_edit.completes_phase_id": {"9"}},
			status: http.StatusUnprocessableEntity, contains: []string{"is not a phase of the sunset roadmap"},
			check: func(t *testing.T) {
				if c := of(t); c.Loop2.MergeRequests[0].State != cocreate.MROpened || c.Roadmap.Phases[0].DoneAt != nil {
					t.Errorf("co-create: %+v", c.Loop2.MergeRequests[0])
				}
			}},
		{name: "merged finishes the contribution", who: engineer, path: base + "/merge-request-update",
			form: url.Values{"item": {"1"}, "mr_edit.url": {"https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/8"},
				"mr_edit.title": {"owners API v2"}, "mr_edit.state": {"merged"}, "mr_edit.completes_phase_id": {"1"}, "mr_edit.fulfils": {"1"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				c := of(t)
				m := c.Loop2.MergeRequests[0]
				if m.State != cocreate.MRMerged || m.MergedAt == nil || m.Title != "owners API v2" || !stringsHasSuffix(m.URL, "/8") {
					t.Errorf("merge request: %+v", m)
				}
				if c.Roadmap.Phases[0].DoneAt == nil || c.Roadmap.Issues[0].State != "closed" {
					t.Errorf("roadmap: %+v", c.Roadmap)
				}
				if c.Roadmap.Phases[1].DoneAt != nil || c.Roadmap.Issues[1].State != "open" {
					t.Errorf("roadmap: %+v", c.Roadmap)
				}
			}},
		{name: "a requester may not complete a phase", who: requester, path: base + "/phase-complete", form: url.Values{"item": {"2"}},
			status: http.StatusForbidden},
		{name: "no such phase", who: engineer, path: base + "/phase-complete", form: url.Values{"item": {"7"}},
			status: http.StatusNotFound, contains: []string{"the sunset roadmap has no phase 7"}},
		{name: "complete a phase by hand", who: engineer, path: base + "/phase-complete", form: url.Values{"item": {"2"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if p := of(t).Roadmap.Phases[1]; p.DoneAt == nil {
					t.Errorf("phase: %+v", p)
				}
			}},
		{name: "close a sunsetting issue by hand", who: engineer, path: base + "/sunsetting-issue-close", form: url.Values{"item": {"2"}},
			status: http.StatusSeeOther, check: func(t *testing.T) {
				if is := of(t).Roadmap.Issues[1]; is.State != "closed" || is.ClosedAt == nil {
					t.Errorf("issue: %+v", is)
				}
			}},
	})
	bad := engineer.post(base+"/merge-request-update", url.Values{"item": {"1"}, "mr_edit.url": {"nope"}})
	must(t, bad, http.StatusUnprocessableEntity)
	if !fieldErrorAfter(bad.body, `name="mr_edit.url" value="https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/8">`, "must be an absolute") {
		t.Errorf("the bad URL is not shown next to its field:\n%s", bad.body)
	}
	must(t, engineer.get(base), http.StatusOK, "owners API v2</a>", "Sunsetting issue closed.")
}

func stringsHasSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}
