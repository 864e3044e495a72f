package sunset_test

// Tests of issue 14's rules held by transition & sunset: 4 (a transfer
// needs the documentation updated) and 2 (only closing or rolling back the
// plan takes a tool out of sunset).

import (
	"context"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var (
	erin = core.Actor{UserID: 3, Username: "erin", Role: core.RoleEngineer}
	mia  = core.Actor{UserID: 4, Username: "mia", Role: core.RoleManager}
)

func toolIn(t *testing.T, cat inventory.Category) (httpapi.Services, inventory.Tool) {
	t.Helper()
	svc := app.Services(testenv.OpenDB(t), core.NewManualClock(testenv.Start))
	tool, err := svc.Inventory.CreateTool(context.Background(), mia, inventory.Tool{Name: "scanner", OwnerTeam: "appsec",
		Criticality: inventory.High, Category: cat})
	if err != nil {
		t.Fatal(err)
	}
	return svc, tool
}

func TestRule4TransferNeedsTheDocumentationUpdated(t *testing.T) {
	ctx := context.Background()
	svc, tool := toolIn(t, inventory.Redirect)
	_, _, err := svc.Sunset.Transfer(ctx, mia, tool.ID, sunset.TransferInput{NewOwnerTeam: "infrasec"})
	if ce, ok := err.(*core.Error); !ok || len(ce.Fields) != 1 || ce.Fields[0].Field != "documentation_updated" {
		t.Fatalf("a transfer without the README and documentation updated: %v", err)
	}
	if got, _ := svc.Inventory.Tool(ctx, erin, tool.ID); got.OwnerTeam != "appsec" || got.Stage.Ended() {
		t.Fatalf("a refused transfer changed the tool: %+v", got)
	}
	_, after, err := svc.Sunset.Transfer(ctx, mia, tool.ID, sunset.TransferInput{NewOwnerTeam: "infrasec", DocumentationUpdated: true})
	if err != nil || after.OwnerTeam != "infrasec" || after.Stage != inventory.Transferred {
		t.Errorf("with the documentation updated: %v %+v", err, after)
	}
}

func TestRule2RollingBackIsTheWayOutOfSunset(t *testing.T) {
	ctx := context.Background()
	svc, tool := toolIn(t, inventory.Maintain)
	if _, err := svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "unused"}); err != nil {
		t.Fatal(err)
	}
	tool, _ = svc.Inventory.Tool(ctx, erin, tool.ID)
	if tool.Category != inventory.Sunset || tool.Stage != inventory.Transition {
		t.Fatalf("an open plan: category %s stage %s", tool.Category, tool.Stage)
	}
	if _, _, err := svc.Sunset.RollBack(ctx, erin, tool.ID, core.NoVersion, sunset.RollBackInput{Category: inventory.Maintain, Reason: "x"}); !core.IsCode(err, core.Forbidden) {
		t.Errorf("an engineer rolled a sunset back: %v", err)
	}
	if _, _, err := svc.Sunset.RollBack(ctx, mia, tool.ID, core.NoVersion, sunset.RollBackInput{Category: inventory.Sunset, Reason: "x"}); !core.IsCode(err, core.Invalid) {
		t.Errorf("rolled back into sunset: %v", err)
	}
	p, after, err := svc.Sunset.RollBack(ctx, mia, tool.ID, core.NoVersion, sunset.RollBackInput{Category: inventory.ImproveThenMaintain,
		Reason: "SIRT still depends on it"})
	if err != nil {
		t.Fatal(err)
	}
	if p.State != sunset.RolledBack || after.Category != inventory.ImproveThenMaintain || after.Stage != inventory.Operational {
		t.Errorf("after the rollback: plan %s, tool %s/%s", p.State, after.Category, after.Stage)
	}
	if _, err := svc.Sunset.Open(ctx, mia, tool.ID, sunset.Opening{Kind: sunset.Direct, Reason: "unused after all"}); err != nil {
		t.Errorf("a new sunset after a rollback: %v", err)
	}
}
