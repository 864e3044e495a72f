package inventory_test

import (
	"reflect"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

func target(n int, u inventory.Unit) *inventory.Target { return &inventory.Target{Amount: n, Unit: u} }

func TestCommitmentFor(t *testing.T) {
	tests := []struct {
		name       string
		in         inventory.CommitmentInput
		level      inventory.Criticality
		slo, rto   *inventory.Target
		reasonHave string
	}{
		{"rule 1 critical", inventory.CommitmentInput{Criticality: inventory.Critical, Category: inventory.Maintain, Health: inventory.Good, Stage: inventory.Operational},
			inventory.Critical, target(4, inventory.BusinessHours), target(12, inventory.BusinessHours), "criticality is critical"},
		{"rule 1 high", inventory.CommitmentInput{Criticality: inventory.High, Category: inventory.Maintain, Health: inventory.Good, Stage: inventory.Operational},
			inventory.High, target(1, inventory.BusinessDays), target(2, inventory.BusinessDays), "high sets SLO 1 business day and RTO 2 business days"},
		{"rule 1 medium: two weeks is ten business days", inventory.CommitmentInput{Criticality: inventory.Medium, Category: inventory.Maintain, Health: inventory.Better, Stage: inventory.Operational},
			inventory.Medium, target(3, inventory.BusinessDays), target(10, inventory.BusinessDays), "RTO 10 business days"},
		{"rule 1 low is best effort", inventory.CommitmentInput{Criticality: inventory.Low, Category: inventory.Maintain, Health: inventory.Best, Stage: inventory.Operational},
			inventory.Low, nil, nil, "best effort"},
		{"unassessed lowers nothing", inventory.CommitmentInput{Criticality: inventory.Critical, Category: inventory.Maintain, Health: inventory.Unassessed, Stage: inventory.Operational},
			inventory.Critical, target(4, inventory.BusinessHours), target(12, inventory.BusinessHours), "criticality is critical"},
		{"rule 2 redirect caps critical at low", inventory.CommitmentInput{Criticality: inventory.Critical, Category: inventory.Redirect, Health: inventory.Best, Stage: inventory.Operational},
			inventory.Low, nil, nil, "redirect caps SLO and RTO at low (from critical)"},
		{"rule 2 redirect of a low tool stays low", inventory.CommitmentInput{Criticality: inventory.Low, Category: inventory.Redirect, Health: inventory.Good, Stage: inventory.Operational},
			inventory.Low, nil, nil, "redirect caps"},
		{"rule 2 sunset is treated as maintain", inventory.CommitmentInput{Criticality: inventory.High, Category: inventory.Sunset, Health: inventory.Good, Stage: inventory.Operational},
			inventory.High, target(1, inventory.BusinessDays), target(2, inventory.BusinessDays), "treated as maintain"},
		{"below good is one level lower", inventory.CommitmentInput{Criticality: inventory.Critical, Category: inventory.Maintain, Health: inventory.BelowGood, Stage: inventory.Operational},
			inventory.High, target(1, inventory.BusinessDays), target(2, inventory.BusinessDays), "health is below Good: one level lower, high instead of critical"},
		{"rule 10 improvement plan is one level lower", inventory.CommitmentInput{Criticality: inventory.High, Category: inventory.ImproveThenMaintain, Health: inventory.Good, Stage: inventory.Operational, OpenImprovements: 2},
			inventory.Medium, target(3, inventory.BusinessDays), target(10, inventory.BusinessDays), "improvement plan has 2 open items"},
		{"below good and a plan lower one level, not two", inventory.CommitmentInput{Criticality: inventory.Critical, Category: inventory.Maintain, Health: inventory.BelowGood, Stage: inventory.Operational, OpenImprovements: 1},
			inventory.High, target(1, inventory.BusinessDays), target(2, inventory.BusinessDays), "below Good and an improvement plan"},
		{"lowering low stays low", inventory.CommitmentInput{Criticality: inventory.Low, Category: inventory.Maintain, Health: inventory.BelowGood, Stage: inventory.Operational},
			inventory.Low, nil, nil, "already the lowest"},
		{"below good then redirect cap", inventory.CommitmentInput{Criticality: inventory.High, Category: inventory.Redirect, Health: inventory.BelowGood, Stage: inventory.Operational},
			inventory.Low, nil, nil, "redirect caps SLO and RTO at low (from medium)"},
		{"planned tool: commitment applies once operational", inventory.CommitmentInput{Criticality: inventory.High, Category: inventory.Maintain, Health: inventory.Unassessed, Stage: inventory.Planned},
			inventory.High, target(1, inventory.BusinessDays), target(2, inventory.BusinessDays), "applies once it is operational"},
		{"retired tool has no clock", inventory.CommitmentInput{Criticality: inventory.High, Category: inventory.Sunset, Health: inventory.Good, Stage: inventory.Retired},
			inventory.High, nil, nil, "no longer commits"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := inventory.CommitmentFor(tc.in)
			if c.Level != tc.level {
				t.Errorf("level = %s, want %s (reasons %q)", c.Level, tc.level, c.Reasons)
			}
			if !reflect.DeepEqual(c.SLO, tc.slo) || !reflect.DeepEqual(c.RTO, tc.rto) {
				t.Errorf("SLO/RTO = %v/%v, want %v/%v", c.SLO, c.RTO, tc.slo, tc.rto)
			}
			joined := strings.Join(c.Reasons, "\n")
			if !strings.Contains(joined, tc.reasonHave) {
				t.Errorf("reasons %q do not say %q", c.Reasons, tc.reasonHave)
			}
			if c.Reasons[len(c.Reasons)-1] != inventory.NoRPO {
				t.Errorf("rule 7: the last reason must say no RPO is promised, got %q", c.Reasons[len(c.Reasons)-1])
			}
		})
	}
}

func TestLower(t *testing.T) {
	for in, want := range map[inventory.Criticality]inventory.Criticality{inventory.Critical: inventory.High, inventory.High: inventory.Medium, inventory.Medium: inventory.Low, inventory.Low: inventory.Low, "bogus": inventory.Low} {
		if got := in.Lower(); got != want {
			t.Errorf("%s.Lower() = %s, want %s", in, got, want)
		}
	}
}
