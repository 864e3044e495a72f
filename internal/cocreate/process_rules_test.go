package cocreate_test

// Tests of issue 14's co-create musts: 19 (the metric label is refused
// without), 20 (the handover epic before loop 2), 21 (loop 2's outputs
// before shipping) and 22 (a sunset roadmap before the hand-off to sunset).

import (
	"context"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var (
	erin = core.Actor{UserID: 3, Username: "erin", Role: core.RoleEngineer}
	mia  = core.Actor{UserID: 4, Username: "mia", Role: core.RoleManager}
)

func startCoCreate(t *testing.T) (httpapi.Services, cocreate.Ref) {
	t.Helper()
	ctx := context.Background()
	svc := app.Services(testenv.OpenDB(t), core.NewManualClock(testenv.Start))
	tool, err := svc.Inventory.CreateTool(ctx, mia, inventory.Tool{Name: "mapper", OwnerTeam: "appsec", Criticality: inventory.High,
		Category: inventory.Integrate, EpicURL: "https://gitlab.com/groups/g/-/epics/1", Milestone: "18.9"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CoCreate.Start(ctx, erin, tool.ID, "https://gitlab.com/groups/g/-/epics/2"); err != nil {
		t.Fatal(err)
	}
	return svc, cocreate.Ref{Tool: tool.ID}
}

func ptr[T any](v T) *T { return &v }

func fields(err error) string {
	ce, ok := err.(*core.Error)
	if !ok {
		return ""
	}
	var out []string
	for _, f := range ce.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, ",")
}

var doneCheck = &cocreate.CheckInput{Done: true}

func loop1Done() *cocreate.Loop1Patch {
	return &cocreate.Loop1Patch{PMValidated: doneCheck, EngineeringValidated: doneCheck, AlignedWithPlans: doneCheck,
		ScopeRefined: doneCheck, ValidatedProposalURL: ptr("https://x/1"), TechnicalDesignURL: ptr("https://x/2"),
		StakeholderAlignment: &[]string{"@pm"}}
}

func TestRule19FunctionalityEpicsMustCarryTheMetricLabel(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	_, err := svc.CoCreate.AddFunctionality(ctx, erin, ref, cocreate.FunctionalityInput{Title: ptr("digest"), Labels: &[]string{"security"}})
	if !core.IsCode(err, core.Invalid) || fields(err) != "labels" {
		t.Fatalf("a functionality epic without %s: %v", cocreate.MetricLabel, err)
	}
	c, err := svc.CoCreate.AddFunctionality(ctx, erin, ref, cocreate.FunctionalityInput{Title: ptr("owners")})
	if err != nil || !c.Functionalities[0].HasMetricLabel() {
		t.Fatalf("the label is the default: %v", err)
	}
	if _, err := svc.CoCreate.UpdateFunctionality(ctx, erin, ref, 1, cocreate.FunctionalityInput{Labels: &[]string{}}); fields(err) != "labels" {
		t.Errorf("the label was taken off: %v", err)
	}
}

func TestRule20HandoverEpicBeforeLoop2(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	if _, err := svc.CoCreate.Update(ctx, erin, ref, core.NoVersion, cocreate.Patch{Loop1: loop1Done()}); err != nil {
		t.Fatal(err)
	}
	_, err := svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion)
	if !core.IsCode(err, core.Conflict) || fields(err) != "handover.epic_url" {
		t.Fatalf("loop 2 started without a handover epic: %v", err)
	}
	if _, err := svc.CoCreate.Update(ctx, erin, ref, core.NoVersion, cocreate.Patch{Handover: &cocreate.HandoverPatch{
		EpicURL: ptr("https://gitlab.com/groups/g/-/epics/4")}}); err != nil {
		t.Fatal(err)
	}
	if c, err := svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion); err != nil || c.Loop != cocreate.Integration {
		t.Errorf("with the handover epic: %v", err)
	}
}

func TestRule21And22ShippingNeedsLoop2OutputsAndASunsetRoadmap(t *testing.T) {
	ctx := context.Background()
	svc, ref := startCoCreate(t)
	mustCo(t)(svc.CoCreate.Update(ctx, erin, ref, core.NoVersion, cocreate.Patch{Loop1: loop1Done(),
		Handover: &cocreate.HandoverPatch{EpicURL: ptr("https://gitlab.com/groups/g/-/epics/4")}}))
	if _, err := svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion); err != nil {
		t.Fatal(err)
	}
	_, err := svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion)
	want := "loop2.merge_requests,loop2.tests_written,loop2.docs_written,loop2.deployed,loop2.feature_shipped," +
		"loop2.documentation_url,loop2.api_available,roadmap.phases,roadmap.sunsetting_issues"
	if fields(err) != want {
		t.Fatalf("shipping with nothing done names %q, want %q", fields(err), want)
	}
	merged := cocreate.MRMerged
	mustCo(t)(svc.CoCreate.AddMergeRequest(ctx, erin, ref, cocreate.MergeRequestInput{URL: ptr("https://gitlab.com/g/p/-/merge_requests/1"), State: &merged}))
	mustCo(t)(svc.CoCreate.Update(ctx, erin, ref, core.NoVersion, cocreate.Patch{Loop2: &cocreate.Loop2Patch{TestsWritten: doneCheck,
		DocsWritten: doneCheck, Deployed: doneCheck, FeatureShipped: doneCheck, APIAvailable: doneCheck,
		DocumentationURL: ptr("https://docs.gitlab.com/x")}}))
	_, err = svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion)
	if fields(err) != "roadmap.phases,roadmap.sunsetting_issues" {
		t.Fatalf("every output but no sunset roadmap: %v", err)
	}
	mustCo(t)(svc.CoCreate.AddPhase(ctx, erin, ref, "owners GA", "GA"))
	if _, err := svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion); fields(err) != "roadmap.sunsetting_issues" {
		t.Fatalf("a roadmap without sunsetting issues: %v", err)
	}
	mustCo(t)(svc.CoCreate.AddSunsettingIssue(ctx, erin, ref, "internal users moved", "https://gitlab.com/g/p/-/issues/9"))
	c, err := svc.CoCreate.Advance(ctx, erin, ref, core.NoVersion)
	if err != nil || c.Loop != cocreate.Shipped {
		t.Fatalf("with the roadmap: %v", err)
	}
	tool := mustTool(t)(svc.Inventory.Tool(ctx, erin, *c.ToolID))
	if tool.Stage != inventory.Transition || tool.Category != inventory.Sunset {
		t.Errorf("after shipping: stage %s, category %s", tool.Stage, tool.Category)
	}
}
