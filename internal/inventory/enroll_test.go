package inventory_test

import (
	"context"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestEnrollAddsToolWithADRsAssessmentAndPlan(t *testing.T) {
	ctx := context.Background()
	db := testenv.OpenDB(t)
	svc := inventory.NewService(db.Inventory(), core.NewManualClock(testenv.Start))
	var tool inventory.Tool
	err := db.Inventory().InTx(ctx, func(tx inventory.Tx) error {
		var err error
		tool, err = svc.Enroll(ctx, tx, engineer, inventory.Enrollment{
			Tool: inventory.Tool{Name: "secret-scanner", OwnerTeam: "prodsec-eng", Criticality: inventory.High,
				Category: inventory.ImproveThenMaintain},
			ADRs:         []inventory.ADR{{Title: "Go", Context: "team knows Go", Decision: "write it in Go", Retrospective: true}},
			Met:          []string{"owner-and-readme"},
			Improvements: []inventory.Improvement{{Title: "add a runbook", CriterionID: "runbook"}},
			Source:       "intake request 7",
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if tool.Health != inventory.BelowGood || tool.OpenImprovements != 1 || tool.Stage != inventory.Operational {
		t.Errorf("tool = health %s, %d open improvements, stage %s", tool.Health, tool.OpenImprovements, tool.Stage)
	}
	if c := tool.Commitment(); c.Level != inventory.Medium {
		t.Errorf("commitment level %s, want medium (high lowered once)", c.Level)
	}
	adrs, err := svc.ADRs(ctx, engineer, tool.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(adrs) != 1 || adrs[0].Status != inventory.ADRAccepted || !adrs[0].Retrospective {
		t.Errorf("adrs = %+v", adrs)
	}
	events, _, err := svc.Events(ctx, engineer, tool.ID, core.Page{})
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]bool{}
	for _, e := range events {
		types[e.Type] = true
	}
	for _, want := range []string{"tool.created", "tool.assessed", "adr.recorded", "improvement.planned"} {
		if !types[want] {
			t.Errorf("timeline lacks %s: %v", want, types)
		}
	}
}

func TestEnrollRefusesBadDataAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	db := testenv.OpenDB(t)
	svc := inventory.NewService(db.Inventory(), core.NewManualClock(testenv.Start))
	err := db.Inventory().InTx(ctx, func(tx inventory.Tx) error {
		_, err := svc.Enroll(ctx, tx, engineer, inventory.Enrollment{
			Tool: inventory.Tool{Name: "x", OwnerTeam: "o", Criticality: inventory.Low, Category: inventory.Maintain},
			ADRs: []inventory.ADR{{Title: "ok", Context: "c", Decision: "d"}, {Title: "", Context: "c", Decision: "d"}},
		})
		return err
	})
	e, ok := err.(*core.Error)
	if !ok || len(e.Fields) == 0 || e.Fields[0].Field != "adrs[1].title" {
		t.Fatalf("err = %v, want a field error on adrs[1].title", err)
	}
	if tools, _, err := svc.Tools(ctx, engineer, inventory.Filter{}, core.Page{}); err != nil || len(tools) != 0 {
		t.Errorf("a refused enrollment wrote %d tools (%v)", len(tools), err)
	}
}
