package inventory_test

import (
	"context"
	"slices"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// criteriaIDs lists the ids of criteria.
func criteriaIDs(cs []inventory.Criterion) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// ADRs recorded in interlock are never listed as missing: neither those a
// tool is enrolled with, nor those recorded after its assessment.
func TestRecordedADRsMeetTheADRCriterion(t *testing.T) {
	ctx := context.Background()
	db := testenv.OpenDB(t)
	svc := inventory.NewService(db.Inventory(), core.NewManualClock(testenv.Start))
	good := []string{"owner-and-readme", "source-in-gitlab", "tests-in-ci", "secret-hygiene", "dependency-scanning", "runbook"}
	enroll := func(name string, adrs []inventory.ADR) inventory.Tool {
		t.Helper()
		var tool inventory.Tool
		err := db.Inventory().InTx(ctx, func(tx inventory.Tx) error {
			var err error
			tool, err = svc.Enroll(ctx, tx, engineer, inventory.Enrollment{
				Tool: inventory.Tool{Name: name, OwnerTeam: "appsec", Criticality: inventory.Medium, Category: inventory.Maintain},
				ADRs: adrs, Met: good})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return tool
	}
	missing := func(tool inventory.Tool) []string {
		t.Helper()
		_, m, err := svc.Assessment(ctx, engineer, tool.ID)
		if err != nil {
			t.Fatal(err)
		}
		return criteriaIDs(m.Criteria)
	}

	with := enroll("with-adrs", []inventory.ADR{{Title: "Go", Context: "c", Decision: "d", Retrospective: true}})
	if got := missing(with); slices.Contains(got, inventory.ADRCriterion) {
		t.Errorf("enrolled with an ADR, adrs is missing: %v", got)
	}
	without := enroll("without-adrs", nil)
	if got := missing(without); !slices.Contains(got, inventory.ADRCriterion) {
		t.Fatalf("enrolled without an ADR, adrs should be missing: %v", got)
	}
	if _, err := svc.CreateADR(ctx, engineer, without.ID, inventory.ADR{Title: "SQLite", Context: "c", Decision: "d",
		Status: inventory.ADRAccepted}); err != nil {
		t.Fatal(err)
	}
	if got := missing(without); slices.Contains(got, inventory.ADRCriterion) {
		t.Errorf("an ADR recorded after the assessment is still listed as missing: %v", got)
	}
}
