package inventory

import (
	"strings"
	"testing"
)

func target(n int, u Unit) *Target { return &Target{n, u} }

func TestCommitmentFor(t *testing.T) {
	tests := []struct {
		name       string
		in         CommitmentInput
		level      Criticality
		slo, rto   *Target
		reasonHave string
	}{
		{"rule 1 critical", CommitmentInput{Criticality: Critical, Category: Maintain, Health: Good, Stage: Operational},
			Critical, target(4, BusinessHours), target(12, BusinessHours), "criticality is critical"},
		{"rule 1 high", CommitmentInput{Criticality: High, Category: Maintain, Health: Good, Stage: Operational},
			High, target(1, BusinessDays), target(2, BusinessDays), "high sets SLO 1 business day and RTO 2 business days"},
		{"rule 1 medium: two weeks is ten business days", CommitmentInput{Criticality: Medium, Category: Maintain, Health: Better, Stage: Operational},
			Medium, target(3, BusinessDays), target(10, BusinessDays), "RTO 10 business days"},
		{"rule 1 low is best effort", CommitmentInput{Criticality: Low, Category: Maintain, Health: Best, Stage: Operational},
			Low, nil, nil, "best effort"},
		{"unassessed lowers nothing", CommitmentInput{Criticality: Critical, Category: Maintain, Health: Unassessed, Stage: Operational},
			Critical, target(4, BusinessHours), target(12, BusinessHours), "criticality is critical"},
		{"rule 2 redirect caps critical at low", CommitmentInput{Criticality: Critical, Category: Redirect, Health: Best, Stage: Operational},
			Low, nil, nil, "redirect caps SLO and RTO at low (from critical)"},
		{"rule 2 redirect of a low tool stays low", CommitmentInput{Criticality: Low, Category: Redirect, Health: Good, Stage: Operational},
			Low, nil, nil, "redirect caps"},
		{"rule 2 sunset is treated as maintain", CommitmentInput{Criticality: High, Category: Sunset, Health: Good, Stage: Operational},
			High, target(1, BusinessDays), target(2, BusinessDays), "treated as maintain"},
		{"below good is one level lower", CommitmentInput{Criticality: Critical, Category: Maintain, Health: BelowGood, Stage: Operational},
			High, target(1, BusinessDays), target(2, BusinessDays), "health is below Good: one level lower, high instead of critical"},
		{"rule 10 improvement plan is one level lower", CommitmentInput{Criticality: High, Category: ImproveThenMaintain, Health: Good, Stage: Operational, OpenImprovements: 2},
			Medium, target(3, BusinessDays), target(10, BusinessDays), "improvement plan has 2 open items"},
		{"below good and a plan lower one level, not two", CommitmentInput{Criticality: Critical, Category: Maintain, Health: BelowGood, Stage: Operational, OpenImprovements: 1},
			High, target(1, BusinessDays), target(2, BusinessDays), "below Good and an improvement plan"},
		{"lowering low stays low", CommitmentInput{Criticality: Low, Category: Maintain, Health: BelowGood, Stage: Operational},
			Low, nil, nil, "already the lowest"},
		{"below good then redirect cap", CommitmentInput{Criticality: High, Category: Redirect, Health: BelowGood, Stage: Operational},
			Low, nil, nil, "redirect caps SLO and RTO at low (from medium)"},
		{"planned tool: commitment applies once operational", CommitmentInput{Criticality: High, Category: Maintain, Health: Unassessed, Stage: Planned},
			High, target(1, BusinessDays), target(2, BusinessDays), "applies once it is operational"},
		{"retired tool has no clock", CommitmentInput{Criticality: High, Category: Sunset, Health: Good, Stage: Retired},
			High, nil, nil, "no longer commits"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := CommitmentFor(tc.in)
			if c.Level != tc.level {
				t.Errorf("level = %s, want %s (reasons %q)", c.Level, tc.level, c.Reasons)
			}
			if !sameTarget(c.SLO, tc.slo) || !sameTarget(c.RTO, tc.rto) {
				t.Errorf("SLO/RTO = %v/%v, want %v/%v", c.SLO, c.RTO, tc.slo, tc.rto)
			}
			joined := strings.Join(c.Reasons, "\n")
			if !strings.Contains(joined, tc.reasonHave) {
				t.Errorf("reasons %q do not say %q", c.Reasons, tc.reasonHave)
			}
			if c.Reasons[len(c.Reasons)-1] != NoRPO {
				t.Errorf("rule 7: the last reason must say no RPO is promised, got %q", c.Reasons[len(c.Reasons)-1])
			}
		})
	}
}

func TestLower(t *testing.T) {
	for in, want := range map[Criticality]Criticality{Critical: High, High: Medium, Medium: Low, Low: Low, "bogus": Low} {
		if got := in.Lower(); got != want {
			t.Errorf("%s.Lower() = %s, want %s", in, got, want)
		}
	}
}
