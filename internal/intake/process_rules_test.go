package intake_test

// Tests of issue 14's rules held by intake: 3 (no RPO in the decision's
// message), 4 (a handover updates the documentation), 10-16 (decisions
// follow the steps) and 17 (the default plan is linked to the rubric).

import (
	"context"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var (
	rita = core.Actor{UserID: 2, Username: "rita", Role: core.RoleRequester}
	erin = core.Actor{UserID: 3, Username: "erin", Role: core.RoleEngineer}
	mia  = core.Actor{UserID: 4, Username: "mia", Role: core.RoleManager}
	lee  = core.Actor{UserID: 5, Username: "lee", Role: core.RoleLeadership}
)

var (
	netNewAnswers = map[string]string{"problem_statement": "triage is manual", "who_is_affected": "AppSec",
		"user_requirements": "map findings to owners", "alternatives_explored": "none fit", "business_case": "4h a week",
		"urgency": "this quarter"}
	handoverAnswers = map[string]string{"customer_problem": "secrets leak", "business_process": "SIRT triage",
		"current_capabilities": "scans logs", "current_users": "SIRT", "architecture": "scheduled pipeline"}
	allGood = []string{"owner-and-readme", "source-in-gitlab", "tests-in-ci", "secret-hygiene", "dependency-scanning", "runbook"}
)

type rulesEnv struct {
	svc   httpapi.Services
	db    *store.DB
	clock *core.ManualClock
}

func newRulesEnv(t *testing.T) rulesEnv {
	t.Helper()
	clock := core.NewManualClock(testenv.Start)
	db := testenv.OpenDB(t)
	return rulesEnv{svc: app.Services(db, clock), db: db, clock: clock}
}

// netNew takes a request through step 2 (and the plan for build_internal).
func (e rulesEnv) netNew(t *testing.T, title string, pf intake.PathForwardInput) intake.Request {
	t.Helper()
	ctx := context.Background()
	r, err := e.svc.Intake.Create(ctx, rita, intake.NewRequest{Kind: intake.NetNew, Title: title, RequestingTeam: "appsec",
		Template: netNewAnswers})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = e.svc.Intake.Understand(ctx, erin, r.ID, r.Version, nil); err != nil {
		t.Fatal(err)
	}
	if pf.Basis == "" {
		pf.Basis = "no product capability planned"
	}
	if r, err = e.svc.Intake.ChoosePathForward(ctx, erin, r.ID, r.Version, pf); err != nil {
		t.Fatal(err)
	}
	if pf.Outcome == intake.BuildInternal {
		plan := intake.Plan{Criticality: inventory.High, DesignDecisions: []intake.DesignDecision{{Title: "Go", Context: "we know Go",
			Decision: "write it in Go"}}}
		if r, err = e.svc.Intake.PlanInternal(ctx, erin, r.ID, r.Version, plan); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// handover takes a handover through step 3.
func (e rulesEnv) handover(t *testing.T, title string, answers map[string]string, met []string, cat inventory.Category, epic, milestone string) intake.Request {
	t.Helper()
	ctx := context.Background()
	r, err := e.svc.Intake.Create(ctx, rita, intake.NewRequest{Kind: intake.Handover, Title: title, RequestingTeam: "sirt",
		Template: answers})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = e.svc.Intake.Understand(ctx, erin, r.ID, r.Version, nil); err != nil {
		t.Fatal(err)
	}
	if r, err = e.svc.Intake.AssessMaintainability(ctx, erin, r.ID, r.Version, inventory.High, met); err != nil {
		t.Fatal(err)
	}
	if r, err = e.svc.Intake.ChoosePathToProduct(ctx, erin, r.ID, r.Version, cat, "log scanning is a product gap", epic, milestone); err != nil {
		t.Fatal(err)
	}
	return r
}

func (e rulesEnv) messages(t *testing.T, topic string) []core.Message {
	t.Helper()
	all, err := e.db.Outbox(context.Background(), 0, 1000, false)
	if err != nil {
		t.Fatal(err)
	}
	var out []core.Message
	for _, m := range all {
		if m.Topic == topic {
			out = append(out, m)
		}
	}
	return out
}

func field(err error) string {
	if ce, ok := err.(*core.Error); ok && len(ce.Fields) > 0 {
		return ce.Fields[0].Field
	}
	return ""
}

func hasField(err error, f string) bool {
	ce, ok := err.(*core.Error)
	if !ok {
		return false
	}
	for _, fe := range ce.Fields {
		if fe.Field == f {
			return true
		}
	}
	return false
}

func upcoming(e rulesEnv) *intake.Milestone {
	return &intake.Milestone{Title: "18.9", DueOn: e.clock.Now().AddDate(0, 1, 0).Format(time.DateOnly)}
}

func TestRule10DecisionIsTheStep2PathForward(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	r := e.netNew(t, "mapper", intake.PathForwardInput{Outcome: intake.BuildInternal, Category: inventory.Maintain})
	revisit := e.clock.Now().AddDate(0, 2, 0).Format(time.DateOnly)
	_, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Decision: intake.WaitForProduct, Basis: "x", RevisitOn: revisit})
	if !core.IsCode(err, core.Conflict) || field(err) != "decision" {
		t.Fatalf("a step-4 decision other than step 2's path forward: %v", err)
	}
	if _, err := e.svc.Intake.Reassess(ctx, erin, r.ID, r.Version, intake.ReassessInput{Reason: "product plans it"}); !core.IsCode(err, core.Forbidden) {
		t.Errorf("an engineer redid step 2: %v", err)
	}
	r, err = e.svc.Intake.Reassess(ctx, mia, r.ID, r.Version, intake.ReassessInput{Reason: "product plans it next quarter"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Step != intake.PathForwardStep || r.PathForward != nil || r.Plan != nil || len(r.History) != 1 ||
		r.History[0].PathForward.Outcome != intake.BuildInternal || r.History[0].Plan == nil || r.History[0].By != "mia" {
		t.Fatalf("after redoing step 2: step %s, history %+v", r.Step, r.History)
	}
	if r, err = e.svc.Intake.ChoosePathForward(ctx, erin, r.ID, r.Version, intake.PathForwardInput{Outcome: intake.WaitForProduct,
		Basis: "product plans it"}); err != nil {
		t.Fatal(err)
	}
	if r, err = e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Basis: "wait", RevisitOn: revisit}); err != nil {
		t.Fatalf("deciding what step 2 now chose: %v", err)
	}
	if r.Decision.Decision != intake.WaitForProduct || len(r.History) != 1 {
		t.Errorf("decision %s, history %d", r.Decision.Decision, len(r.History))
	}
}

func TestRule11BuildInProductNeedsProductAndEngineering(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	r := e.netNew(t, "in-product", intake.PathForwardInput{Outcome: intake.BuildInProduct})
	r, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Basis: "product fit"})
	if err != nil {
		t.Fatal(err)
	}
	if r.State != intake.AwaitingAgreement || strings.Join(partyNames(r.Decision.Pending()), ",") != "product,engineering" || r.NeedsCoCreate {
		t.Fatalf("build_in_product without Product and Engineering: state %s, pending %v", r.State, r.Decision.Pending())
	}
	if _, err := e.svc.Intake.AgreeAs(ctx, erin, r.ID, intake.Engineering, " "); field(err) != "name" {
		t.Errorf("an agreement naming nobody: %v", err)
	}
	if _, err := e.svc.Intake.AgreeAs(ctx, rita, r.ID, intake.Product, "Pat"); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester recorded Product's agreement: %v", err)
	}
	if r, err = e.svc.Intake.AgreeAs(ctx, erin, r.ID, intake.Product, "Pat (PM)"); err != nil || r.State != intake.AwaitingAgreement {
		t.Fatalf("after Product: %v %s", err, r.State)
	}
	if r, err = e.svc.Intake.AgreeAs(ctx, erin, r.ID, intake.Engineering, "Eve (EM)"); err != nil {
		t.Fatal(err)
	}
	if r.State != intake.Decided || !r.NeedsCoCreate || r.Decision.Agreements[0].Name != "Pat (PM)" || r.Decision.Agreements[1].Name != "Eve (EM)" {
		t.Errorf("after both: state %s, agreements %+v", r.State, r.Decision.Agreements)
	}

	named := e.netNew(t, "named", intake.PathForwardInput{Outcome: intake.BuildInProduct})
	named, err = e.svc.Intake.Decide(ctx, mia, named.ID, named.Version, intake.DecisionInput{Basis: "fit", Product: "Pat", Engineering: "Eve"})
	if err != nil || named.State != intake.Decided {
		t.Errorf("build_in_product naming both parties: %v, %s", err, named.State)
	}
}

func partyNames(ps []intake.Party) []string {
	var out []string
	for _, p := range ps {
		out = append(out, string(p))
	}
	return out
}

func TestRule12ReprioritiseDocumentsTheImpact(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	r := e.handover(t, "scanner", handoverAnswers, allGood, inventory.Maintain, "", "")
	_, err := e.svc.Intake.Decide(ctx, lee, r.ID, r.Version, intake.DecisionInput{Decision: intake.Reprioritise, Basis: "SIRT needs it",
		DocumentationUpdated: true})
	if !hasField(err, "impact") {
		t.Fatalf("reprioritise without its impact: %v", err)
	}
	r, err = e.svc.Intake.Decide(ctx, lee, r.ID, r.Version, intake.DecisionInput{Decision: intake.Reprioritise, Basis: "SIRT needs it",
		Impact: "the digest feature slips a milestone", DocumentationUpdated: true})
	if err != nil || r.Decision.Impact != "the digest feature slips a milestone" {
		t.Errorf("reprioritise with its impact: %v %+v", err, r.Decision)
	}
}

// milestones is a fake GitLab that knows one open milestone.
type milestones struct{ open string }

func (m milestones) Upcoming(_ context.Context, title, _ string) (bool, string, error) {
	if title == m.open {
		return true, "", nil
	}
	return false, "names no milestone in GitLab", nil
}

func TestRule13BuildInternalScopesWorkForAnUpcomingMilestone(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	e.svc.Intake.WithMilestones(milestones{open: "18.9"})
	r := e.netNew(t, "mapper", intake.PathForwardInput{Outcome: intake.BuildInternal, Category: inventory.Maintain})
	past := &intake.Milestone{Title: "18.9", DueOn: e.clock.Now().AddDate(0, 0, -1).Format(time.DateOnly)}
	for name, tc := range map[string]struct {
		in    intake.DecisionInput
		field string
	}{
		"no work items":       {intake.DecisionInput{Basis: "x", TargetMilestone: upcoming(e)}, "work_items"},
		"no milestone":        {intake.DecisionInput{Basis: "x", WorkItems: []string{"scan"}}, "target_milestone.title"},
		"a past milestone":    {intake.DecisionInput{Basis: "x", WorkItems: []string{"scan"}, TargetMilestone: past}, "target_milestone.due_on"},
		"unknown in GitLab":   {intake.DecisionInput{Basis: "x", WorkItems: []string{"scan"}, TargetMilestone: &intake.Milestone{Title: "19.0", DueOn: upcoming(e).DueOn}}, "target_milestone.title"},
		"an empty work item ": {intake.DecisionInput{Basis: "x", WorkItems: []string{" "}, TargetMilestone: upcoming(e)}, "work_items[0]"},
	} {
		if _, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, tc.in); !hasField(err, tc.field) {
			t.Errorf("%s: %v, want a problem with %s", name, err, tc.field)
		}
	}
	r, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Basis: "x",
		WorkItems: []string{"map findings", "pipeline"}, TargetMilestone: upcoming(e)})
	if err != nil {
		t.Fatal(err)
	}
	tool, _ := e.svc.Inventory.Tool(ctx, erin, *r.ToolID)
	if len(r.Decision.WorkItems) != 2 || tool.Milestone != "18.9" {
		t.Errorf("work items %v, tool milestone %q", r.Decision.WorkItems, tool.Milestone)
	}
}

func TestRule14DeferredAndWaitingRequestsComeBack(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	revisit := e.clock.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	decideWait := func(title string) intake.Request {
		r := e.netNew(t, title, intake.PathForwardInput{Outcome: intake.WaitForProduct})
		r, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Basis: "product plans it", RevisitOn: revisit})
		if err != nil {
			t.Fatal(err)
		}
		if r, err = e.svc.Intake.Agree(ctx, rita, r.ID); err != nil || r.State != intake.Decided {
			t.Fatalf("the requesting team agreeing: %v", err)
		}
		return r
	}
	a, b := decideWait("a"), decideWait("b")
	if _, err := e.svc.Intake.Reassess(ctx, mia, a.ID, core.NoVersion, intake.ReassessInput{Reason: "early"}); !core.IsCode(err, core.Conflict) {
		t.Errorf("re-assessed before the revisit date without a roadmap change: %v", err)
	}
	back, err := e.svc.Intake.Reassess(ctx, mia, a.ID, core.NoVersion, intake.ReassessInput{Reason: "the feature was cut from the roadmap", RoadmapChange: true})
	if err != nil || back.State != intake.Open || back.Step != intake.PathForwardStep || !back.History[0].RoadmapChange ||
		back.History[0].Decision.Decision != intake.WaitForProduct {
		t.Fatalf("after a roadmap change: %v, %+v", err, back)
	}
	due, _, _ := e.svc.Intake.List(ctx, mia, intake.Filter{}, false, true, core.Page{})
	if len(due) != 0 {
		t.Errorf("due before the revisit date: %d", len(due))
	}
	e.clock.Advance(31 * 24 * time.Hour)
	due, _, _ = e.svc.Intake.List(ctx, mia, intake.Filter{}, false, true, core.Page{})
	if len(due) != 1 || due[0].ID != b.ID || !due[0].Due(e.clock.Now()) {
		t.Fatalf("due after the revisit date: %+v", due)
	}
	if _, err := e.svc.Intake.Reassess(ctx, mia, b.ID, core.NoVersion, intake.ReassessInput{Reason: "revisit date came"}); err != nil {
		t.Errorf("re-assessing a due request: %v", err)
	}
}

func TestRule15HandoverWithoutADRsAsksForThem(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	r := e.handover(t, "scanner", handoverAnswers, allGood, inventory.Maintain, "", "")
	r, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Decision: intake.Accept, Basis: "good", DocumentationUpdated: true})
	if err != nil {
		t.Fatal(err)
	}
	adrs, _ := e.svc.Inventory.ADRs(ctx, erin, *r.ToolID)
	if len(adrs) != 1 || adrs[0].Status != inventory.ADRProposed || !adrs[0].Retrospective || !strings.Contains(adrs[0].Title, "sirt") {
		t.Fatalf("ADRs after a handover without any: %+v", adrs)
	}
	asks := e.messages(t, "adr.requested")
	if len(asks) != 1 || asks[0].Recipients[0].Name != "sirt" {
		t.Errorf("the transferring team was not asked: %+v", asks)
	}
	// Tracked until done: accepting the ADR closes the request.
	if _, err := e.svc.Inventory.UpdateADR(ctx, erin, *r.ToolID, 1, adrs[0].Version, inventory.ADRPatch{
		Status: ptr(inventory.ADRAccepted), Decision: ptr("Go, scheduled pipeline, no data kept")}); err != nil {
		t.Errorf("recording the retrospective decisions: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestRule4HandoverNeedsTheDocumentationUpdated(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	r := e.handover(t, "scanner", handoverAnswers, allGood, inventory.Maintain, "", "")
	for _, d := range []intake.Outcome{intake.Accept, intake.AcceptWithPlan, intake.BestEffort} {
		_, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Decision: d, Basis: "x", ImprovementItems: []string{"runbook"}})
		if !hasField(err, "documentation_updated") {
			t.Errorf("%s without the documentation updated: %v", d, err)
		}
	}
	if tools, _, _ := e.svc.Inventory.Tools(ctx, erin, inventory.Filter{}, core.Page{}); len(tools) != 0 {
		t.Errorf("a refused handover added a tool")
	}
	if _, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Decision: intake.Accept, Basis: "x",
		DocumentationUpdated: true}); err != nil {
		t.Errorf("with the documentation updated: %v", err)
	}
}

func TestRule3DecisionMessageSaysNoRPO(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	r := e.handover(t, "scanner", handoverAnswers, allGood, inventory.Maintain, "", "")
	if _, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Decision: intake.Accept, Basis: "x",
		DocumentationUpdated: true}); err != nil {
		t.Fatal(err)
	}
	msgs := e.messages(t, "stakeholders.notified")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Body, inventory.NoRPO) || !strings.Contains(msgs[0].Body, "Commitment for scanner") {
		t.Errorf("the decision's message does not show the commitment without RPO: %+v", msgs)
	}
}

func TestRule17DefaultPlanIsLinkedToTheRubric(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	r := e.handover(t, "scanner", handoverAnswers, []string{"owner-and-readme", "source-in-gitlab", "tests-in-ci"}, inventory.Maintain, "", "")
	r, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Decision: intake.AcceptWithPlan, Basis: "x",
		ImprovementItems: []string{"runbook", "Move the pipeline to the shared runners"}, DocumentationUpdated: true})
	if err != nil {
		t.Fatal(err)
	}
	items, _ := e.svc.Inventory.Improvements(ctx, erin, *r.ToolID)
	criteria := map[string]bool{}
	free := 0
	for _, im := range items {
		if im.CriterionID == "" {
			free++
		}
		criteria[im.CriterionID] = true
	}
	if free != 1 || !criteria["runbook"] || !criteria["secret-hygiene"] || !criteria["dependency-scanning"] || len(items) != 4 {
		t.Fatalf("plan = %+v: want runbook named, the other two Good gaps added, and the free item kept", items)
	}
	for _, im := range items {
		if _, err := e.svc.Inventory.CompleteImprovement(ctx, erin, *r.ToolID, im.ID); err != nil {
			t.Fatal(err)
		}
	}
	tool, _ := e.svc.Inventory.Tool(ctx, erin, *r.ToolID)
	if tool.Health != inventory.Good || tool.Commitment().Level != inventory.High {
		t.Errorf("every item done: health %s, level %s; want good and the criticality's high", tool.Health, tool.Commitment().Level)
	}
}

func TestRule16CoCreateInputsAreCarriedIn(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	r := e.handover(t, "scanner", handoverAnswers, allGood, inventory.Integrate, "https://gitlab.com/groups/g/-/epics/1", "18.9")
	r, err := e.svc.Intake.Decide(ctx, mia, r.ID, r.Version, intake.DecisionInput{Decision: intake.Accept, Basis: "x", DocumentationUpdated: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.svc.CoCreate.Start(ctx, erin, *r.ToolID, "https://gitlab.com/groups/g/-/epics/2")
	if err != nil {
		t.Fatal(err)
	}
	if c.IntakeInputs != "log scanning is a product gap" {
		t.Errorf("co-create of the tool started with intake inputs %q", c.IntakeInputs)
	}
	need := e.netNew(t, "need", intake.PathForwardInput{Outcome: intake.BuildInProduct, CoCreateInputs: "owners API in the product"})
	if _, err := e.svc.Intake.Decide(ctx, mia, need.ID, need.Version, intake.DecisionInput{Basis: "x", Product: "Pat", Engineering: "Eve"}); err != nil {
		t.Fatal(err)
	}
	c, err = e.svc.CoCreate.StartForRequest(ctx, erin, need.ID, "https://gitlab.com/groups/g/-/epics/3")
	if err != nil || c.IntakeInputs != "owners API in the product" {
		t.Errorf("co-create of a need: %v, inputs %q", err, c.IntakeInputs)
	}
}

func TestRule2NoSunsetAtIntake(t *testing.T) {
	ctx := context.Background()
	e := newRulesEnv(t)
	r, _ := e.svc.Intake.Create(ctx, rita, intake.NewRequest{Kind: intake.NetNew, Title: "x", RequestingTeam: "appsec", Template: netNewAnswers})
	r, _ = e.svc.Intake.Understand(ctx, erin, r.ID, r.Version, nil)
	_, err := e.svc.Intake.ChoosePathForward(ctx, erin, r.ID, r.Version, intake.PathForwardInput{Outcome: intake.BuildInternal,
		Basis: "x", Category: inventory.Sunset})
	if field(err) != "path_forward" {
		t.Errorf("build_internal into sunset: %v", err)
	}
}
