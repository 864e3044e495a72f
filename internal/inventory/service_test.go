package inventory_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var engineer = core.Actor{UserID: 2, Username: "erin", Role: core.RoleEngineer}

// failingStore makes every outbox write fail, to show that a change and its
// event are rolled back with it.
type failingStore struct{ inventory.Store }

type failingTx struct{ inventory.Tx }

func (s failingStore) InTx(ctx context.Context, fn func(inventory.Tx) error) error {
	return s.Store.InTx(ctx, func(tx inventory.Tx) error { return fn(failingTx{tx}) })
}

func (failingTx) Enqueue(context.Context, ...core.Message) error { return errors.New("outbox is full") }

func newTool() inventory.Tool {
	return inventory.Tool{Name: "vulnmapper", OwnerTeam: "appsec", StakeholderTeams: []string{"sirt"},
		Criticality: inventory.High, Category: inventory.Maintain}
}

func TestChangeEventAndMessageCommitTogether(t *testing.T) {
	ctx := context.Background()
	db := testenv.OpenDB(t)
	clock := core.NewManualClock(testenv.Start)
	good := inventory.NewService(db.Inventory(), clock)
	bad := inventory.NewService(failingStore{db.Inventory()}, clock)

	if _, err := bad.CreateTool(ctx, ruleManager, newTool()); err == nil {
		t.Fatal("create with a failing outbox succeeded")
	}
	if tools, _, err := good.Tools(ctx, engineer, inventory.Filter{}, core.Page{}); err != nil || len(tools) != 0 {
		t.Fatalf("a tool was written although its outbox message failed: %v %+v", err, tools)
	}

	tool, err := good.CreateTool(ctx, ruleManager, newTool())
	if err != nil {
		t.Fatal(err)
	}
	crit := inventory.Critical
	if _, err := bad.UpdateTool(ctx, engineer, tool.ID, tool.Version, inventory.Patch{Criticality: &crit}); err == nil {
		t.Fatal("update with a failing outbox succeeded")
	}
	after, err := good.Tool(ctx, engineer, tool.ID)
	if err != nil {
		t.Fatal(err)
	}
	events, _, err := good.Events(ctx, engineer, tool.ID, core.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if after.Criticality != inventory.High || after.Version != tool.Version || len(events) != 1 {
		t.Errorf("after a failed update: criticality %s version %d, %d events; want high, %d, 1",
			after.Criticality, after.Version, len(events), tool.Version)
	}
	msgs, err := db.Outbox(ctx, 0, 100, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || msgs[0].Topic != "tool.added" {
		t.Errorf("outbox = %+v, want only the tool.added message", msgs)
	}
}

func TestConcurrentUpdatesOneWins(t *testing.T) {
	ctx := context.Background()
	db := testenv.OpenDB(t)
	svc := inventory.NewService(db.Inventory(), core.NewManualClock(testenv.Start))
	tool, err := svc.CreateTool(ctx, ruleManager, newTool())
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			summary := "writer " + string(rune('a'+i))
			_, errs[i] = svc.UpdateTool(ctx, engineer, tool.ID, tool.Version, inventory.Patch{Summary: &summary})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case core.IsCode(err, core.PreconditionFailed):
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	final, err := svc.Tool(ctx, engineer, tool.ID)
	if err != nil {
		t.Fatal(err)
	}
	if won != 1 || final.Version != tool.Version+1 {
		t.Errorf("%d writers won and the version is %d; want exactly one winner and version %d", won, final.Version, tool.Version+1)
	}
}

func TestRolesAreCheckedAboveStorage(t *testing.T) {
	ctx := context.Background()
	db := testenv.OpenDB(t)
	svc := inventory.NewService(db.Inventory(), core.NewManualClock(testenv.Start))
	requester := core.Actor{UserID: 3, Username: "rita", Role: core.RoleRequester}
	leader := core.Actor{UserID: 4, Username: "lee", Role: core.RoleLeadership}
	for _, a := range []core.Actor{requester, leader} {
		if _, err := svc.CreateTool(ctx, a, newTool()); !core.IsCode(err, core.Forbidden) {
			t.Errorf("%s creating a tool: err = %v, want forbidden", a.Role, err)
		}
	}
	if _, err := svc.SetRubric(ctx, engineer, 0, inventory.DefaultRubric()); !core.IsCode(err, core.Forbidden) {
		t.Errorf("engineer replacing the rubric: err = %v, want forbidden", err)
	}
	if _, err := svc.Rubric(ctx, requester); err != nil {
		t.Errorf("a requester may read the rubric: %v", err)
	}
}

func TestCommitmentMessageOnlyWhenItMoves(t *testing.T) {
	ctx := context.Background()
	db := testenv.OpenDB(t)
	svc := inventory.NewService(db.Inventory(), core.NewManualClock(testenv.Start))
	tool, err := svc.CreateTool(ctx, ruleManager, newTool())
	if err != nil {
		t.Fatal(err)
	}
	summary := "maps vulnerabilities"
	tool, err = svc.UpdateTool(ctx, engineer, tool.ID, tool.Version, inventory.Patch{Summary: &summary})
	if err != nil {
		t.Fatal(err)
	}
	redirect := inventory.Redirect
	manager := core.Actor{Username: "mia", Role: core.RoleManager} // rule 1 of issue 14: category is a manager's decision
	if _, err := svc.UpdateTool(ctx, manager, tool.ID, tool.Version, inventory.Patch{Category: &redirect, Reason: "ownership must move"}); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.Outbox(ctx, 0, 100, false)
	if err != nil {
		t.Fatal(err)
	}
	var topics []string
	for _, m := range msgs {
		topics = append(topics, m.Topic)
	}
	if len(msgs) != 2 || msgs[1].Topic != "commitment.changed" {
		t.Fatalf("outbox topics = %v, want [tool.added commitment.changed]", topics)
	}
	names := map[string]bool{}
	for _, r := range msgs[1].Recipients {
		names[r.Name] = true
	}
	if !names["appsec"] || !names["sirt"] {
		t.Errorf("recipients %+v should include the owner team and the stakeholder team", msgs[1].Recipients)
	}
}
