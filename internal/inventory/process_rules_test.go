package inventory_test

// Tests of issue 14's rules held by the inventory: 1 (criticality and
// category are the manager's), 2 (sunset only through a plan), 3 (no RPO),
// 17 (improvements follow the rubric) and 18 (improvements prioritised).

import (
	"context"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var ruleManager = core.Actor{UserID: 3, Username: "mia", Role: core.RoleManager}

func ruleService(t *testing.T) *inventory.Service {
	t.Helper()
	return inventory.NewService(testenv.OpenDB(t).Inventory(), core.NewManualClock(testenv.Start))
}

func fieldOf(err error) string {
	if ce, ok := err.(*core.Error); ok && len(ce.Fields) > 0 {
		return ce.Fields[0].Field
	}
	return ""
}

func TestRule1CriticalityAndCategoryAreTheManagers(t *testing.T) {
	ctx := context.Background()
	svc := ruleService(t)
	tool, err := svc.CreateTool(ctx, ruleManager, newTool())
	if err != nil {
		t.Fatal(err)
	}
	crit, cat := inventory.Critical, inventory.ImproveThenMaintain
	for name, p := range map[string]inventory.Patch{"criticality": {Criticality: &crit}, "category": {Category: &cat}} {
		if _, err := svc.UpdateTool(ctx, engineer, tool.ID, tool.Version, p); !core.IsCode(err, core.Forbidden) {
			t.Errorf("an engineer changed the %s: %v", name, err)
		}
		if _, err := svc.UpdateTool(ctx, ruleManager, tool.ID, tool.Version, p); !core.IsCode(err, core.Invalid) || fieldOf(err) != "reason" {
			t.Errorf("a manager changed the %s without a reason: %v", name, err)
		}
	}
	summary := "still editable by engineers"
	if _, err := svc.UpdateTool(ctx, engineer, tool.ID, tool.Version, inventory.Patch{Summary: &summary, Criticality: &tool.Criticality}); err != nil {
		t.Errorf("an engineer's edit that leaves criticality as it is: %v", err)
	}
	tool = must[inventory.Tool](t)(svc.Tool(ctx, engineer, tool.ID))
	after, err := svc.UpdateTool(ctx, ruleManager, tool.ID, tool.Version, inventory.Patch{Criticality: &crit, Reason: "blocks security releases"})
	if err != nil || after.Criticality != inventory.Critical {
		t.Fatalf("a manager's edit with a reason: %v", err)
	}
	events, _, err := svc.Events(ctx, engineer, tool.ID, core.Page{})
	if err != nil || len(events) == 0 {
		t.Fatalf("the timeline: %d events, %v", len(events), err)
	}
	last := events[len(events)-1]
	if last.Actor != "mia" || !strings.Contains(last.Summary, "blocks security releases") {
		t.Errorf("the reason is not on the timeline: %+v", last)
	}
}

func TestRule2SunsetOnlyThroughAPlan(t *testing.T) {
	ctx := context.Background()
	svc := ruleService(t)
	in := newTool()
	in.Category = inventory.Sunset
	if _, err := svc.CreateTool(ctx, ruleManager, in); !core.IsCode(err, core.Conflict) || fieldOf(err) != "category" {
		t.Errorf("a tool was created in sunset: %v", err)
	}
	tool, err := svc.CreateTool(ctx, ruleManager, newTool())
	if err != nil {
		t.Fatal(err)
	}
	sunset := inventory.Sunset
	if _, err := svc.UpdateTool(ctx, ruleManager, tool.ID, tool.Version, inventory.Patch{Category: &sunset, Reason: "unused"}); !core.IsCode(err, core.Conflict) {
		t.Errorf("a manager's edit set sunset without a plan: %v", err)
	}
	// A plan opened (as sunset.OpenInTx does): stage transition and category sunset together.
	db := testenv.OpenDB(t)
	svc = inventory.NewService(db.Inventory(), core.NewManualClock(testenv.Start))
	tool = must[inventory.Tool](t)(svc.CreateTool(ctx, ruleManager, newTool()))
	err = db.Inventory().InTx(ctx, func(tx inventory.Tx) error {
		_, err := svc.Apply(ctx, tx, ruleManager, tool.ID, "tool.sunset_started", "plan opened", func(t *inventory.Tool) error {
			t.Stage, t.Category = inventory.Transition, inventory.Sunset
			return nil
		})
		return err
	})
	if err != nil {
		t.Fatalf("opening a plan: %v", err)
	}
	tool = must[inventory.Tool](t)(svc.Tool(ctx, engineer, tool.ID))
	maintain := inventory.Maintain
	if _, err := svc.UpdateTool(ctx, ruleManager, tool.ID, tool.Version, inventory.Patch{Category: &maintain, Reason: "changed our mind"}); !core.IsCode(err, core.Conflict) {
		t.Errorf("the category left sunset while the plan is open: %v", err)
	}
}

func TestRule3CommitmentSaysNoRPO(t *testing.T) {
	for _, c := range inventory.Criticalities {
		got := inventory.CommitmentFor(inventory.CommitmentInput{Criticality: c, Category: inventory.Maintain, Health: inventory.Good,
			Stage: inventory.Operational})
		if got.Reasons[len(got.Reasons)-1] != inventory.NoRPO {
			t.Errorf("%s: the commitment does not end with %q: %v", c, inventory.NoRPO, got.Reasons)
		}
	}
}

func TestRule17ImprovementsFollowTheRubric(t *testing.T) {
	ctx := context.Background()
	svc := ruleService(t)
	tool := must[inventory.Tool](t)(svc.CreateTool(ctx, ruleManager, newTool())) // high
	met := []string{"owner-and-readme", "source-in-gitlab", "tests-in-ci", "secret-hygiene", "dependency-scanning"}
	if _, err := svc.Assess(ctx, engineer, tool.ID, tool.Version, met, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddImprovement(ctx, engineer, tool.ID, inventory.Improvement{Title: "x", CriterionID: "no-such-criterion"}); fieldOf(err) != "criterion_id" {
		t.Errorf("an item linked to an unknown criterion: %v", err)
	}
	runbook, err := svc.AddImprovement(ctx, engineer, tool.ID, inventory.Improvement{Title: "Write a runbook", CriterionID: "runbook"})
	if err != nil {
		t.Fatal(err)
	}
	free, err := svc.AddImprovement(ctx, engineer, tool.ID, inventory.Improvement{Title: "Tidy the pipeline"}) // no criterion
	if err != nil {
		t.Fatal(err)
	}
	level := func() inventory.Criticality {
		return must[inventory.Tool](t)(svc.Tool(ctx, engineer, tool.ID)).Commitment().Level
	}
	if l := level(); l != inventory.Medium {
		t.Fatalf("below Good with a plan: level %s, want medium (one lower, not two)", l)
	}
	if _, err := svc.CompleteImprovement(ctx, engineer, tool.ID, runbook.ID); err != nil {
		t.Fatal(err)
	}
	got := must[inventory.Tool](t)(svc.Tool(ctx, engineer, tool.ID))
	if got.Health != inventory.Good {
		t.Errorf("the runbook item is done but the health is %s: its criterion should count as met", got.Health)
	}
	if got.Commitment().Level != inventory.Medium {
		t.Errorf("an item without a criterion is still open, but the level is back: %s", got.Commitment().Level)
	}
	if _, err := svc.CompleteImprovement(ctx, engineer, tool.ID, free.ID); err != nil {
		t.Fatal(err)
	}
	if l := level(); l != inventory.High {
		t.Errorf("every item done: level %s, want the criticality's high", l)
	}
}

func TestRule18ImprovementsArePrioritised(t *testing.T) {
	ctx := context.Background()
	svc := ruleService(t)
	tool := must[inventory.Tool](t)(svc.CreateTool(ctx, ruleManager, newTool()))
	im := must[inventory.Improvement](t)(svc.AddImprovement(ctx, engineer, tool.ID, inventory.Improvement{Title: "Add tests"}))
	if _, err := svc.PrioritiseImprovement(ctx, engineer, tool.ID, im.ID, inventory.ImprovementPriority{Priority: 1}); !core.IsCode(err, core.Forbidden) {
		t.Errorf("an engineer prioritised: %v", err)
	}
	if _, err := svc.PrioritiseImprovement(ctx, ruleManager, tool.ID, im.ID, inventory.ImprovementPriority{Priority: 4}); fieldOf(err) != "priority" {
		t.Errorf("priority 4: %v", err)
	}
	if _, err := svc.PrioritiseImprovement(ctx, ruleManager, tool.ID, im.ID, inventory.ImprovementPriority{Priority: 1, Milestone: "18.9"}); err != nil {
		t.Fatal(err)
	}
	items := must[[]inventory.Improvement](t)(svc.Improvements(ctx, engineer, tool.ID))
	if len(items) != 1 || items[0].Priority != 1 || items[0].Milestone != "18.9" {
		t.Errorf("stored item = %+v", items)
	}
}

// TestRule1CreatingAToolIsTheManagersDecision: an engineer adds a tool only
// with the least commitment (low, maintain); any other criticality or
// category is a manager's decision at creation too.
func TestRule1CreatingAToolIsTheManagersDecision(t *testing.T) {
	ctx := context.Background()
	svc := ruleService(t)
	for _, c := range []struct {
		crit inventory.Criticality
		cat  inventory.Category
	}{{inventory.High, inventory.Maintain}, {inventory.Low, inventory.ImproveThenMaintain}, {inventory.Critical, inventory.Redirect}} {
		in := newTool()
		in.Name, in.Criticality, in.Category = "by-erin-"+string(c.crit)+"-"+string(c.cat), c.crit, c.cat
		if _, err := svc.CreateTool(ctx, engineer, in); !core.IsCode(err, core.Forbidden) || fieldOf(err) != "criticality" {
			t.Errorf("an engineer created a %s / %s tool: %v", c.crit, c.cat, err)
		}
		if _, err := svc.CreateTool(ctx, ruleManager, in); err != nil {
			t.Errorf("a manager creating a %s / %s tool: %v", c.crit, c.cat, err)
		}
	}
	in := newTool()
	in.Name, in.Criticality, in.Category = "least", inventory.Low, inventory.Maintain
	if _, err := svc.CreateTool(ctx, engineer, in); err != nil {
		t.Errorf("an engineer adding a low / maintain tool: %v", err)
	}
	if n, _, err := svc.Tools(ctx, engineer, inventory.Filter{}, core.Page{}); err != nil || len(n) != 4 {
		t.Errorf("tools: %d, %v; want the manager's 3 and the engineer's 1", len(n), err)
	}
}

// must fails the test on an error and returns the value, so that no error
// of a step is ignored.
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
