package maintenance_test

import (
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// The capacity statements write amounts as people do.
func TestCapacityStatementsWriteAmountsAsPeopleDo(t *testing.T) {
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"within capacity", maintenance.CommittedLoadStatement(maintenance.CapacityReport{Load: 5, Capacity: 12, Utilisation: 5.0 / 12}),
			"committed maintenance is 5 of 12 hours a week (42%)"},
		{"no capacity", maintenance.CommittedLoadStatement(maintenance.CapacityReport{Load: 1}),
			"no team capacity is recorded against 1 hour a week of committed maintenance"},
		{"over capacity", maintenance.CommittedLoadStatement(maintenance.CapacityReport{Load: 12.5, Capacity: 10, Utilisation: 1.25, Over: true}),
			"capacity constraint: committed maintenance is 12.5 hours a week, 125% of the team's 10; "},
		{"one support issue", maintenance.RealLoadStatement(maintenance.CapacityReport{SupportIssues: 1, SupportHours: 2}),
			"in the last 28 days: 1 support issue, 2 hours a week of business time recovering blocking ones"},
		{"support issues over capacity", maintenance.RealLoadStatement(maintenance.CapacityReport{SupportIssues: 3, SupportHours: 20, Capacity: 12}),
			"3 support issues, 20 hours a week of business time recovering blocking ones, more than the team's 12 hours a week"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(c.got, c.want) {
				t.Errorf("got %q, want it to contain %q", c.got, c.want)
			}
		})
	}
}
