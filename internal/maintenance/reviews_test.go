package maintenance_test

import (
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

func TestNextReview(t *testing.T) {
	created := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	p := maintenance.DefaultReviewPolicy()
	for crit, want := range map[inventory.Criticality]time.Time{
		inventory.Critical: created.AddDate(0, 3, 0), inventory.High: created.AddDate(0, 3, 0),
		inventory.Medium: created.AddDate(0, 6, 0), inventory.Low: created.AddDate(1, 0, 0),
	} {
		if got := maintenance.NextReview(p, inventory.Tool{Criticality: crit, CreatedAt: created}, nil); !got.Equal(want) {
			t.Errorf("%s: next review %s, want %s", crit, got, want)
		}
	}
	last := &maintenance.Review{At: created.AddDate(0, 5, 0)}
	if got := maintenance.NextReview(p, inventory.Tool{Criticality: inventory.High, CreatedAt: created}, last); !got.Equal(last.At.AddDate(0, 3, 0)) {
		t.Errorf("after a review: %s", got)
	}
}

func TestZombieReasons(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	p := maintenance.DefaultReviewPolicy()
	used := inventory.Tool{StakeholderTeams: []string{"sirt"}, Stage: inventory.Operational}
	tests := []struct {
		name   string
		tool   inventory.Tool
		last   *maintenance.Review
		active time.Time
		want   []string
	}{
		{"busy and used", used, nil, now.AddDate(0, 0, -10), nil},
		{"no stakeholders", inventory.Tool{Stage: inventory.Operational}, nil, now, []string{"no stakeholder team"}},
		{"idle", used, nil, now.AddDate(0, 0, -181), []string{"no issues or changes for 181 days"}},
		{"users gone", used, &maintenance.Review{At: now.AddDate(0, -1, 0), StakeholdersUseIt: false}, now, []string{"found its users gone"}},
		{"moved on", used, &maintenance.Review{At: now.AddDate(0, -1, 0), StakeholdersUseIt: true, MovedToOther: true, MovedTo: "GitLab SAST"}, now,
			[]string{"moved to GitLab SAST"}},
		{"retired tools are not zombies", inventory.Tool{Stage: inventory.Retired}, nil, now.AddDate(-2, 0, 0), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := maintenance.ZombieReasons(p, tc.tool, tc.last, tc.active, now)
			if len(got) != len(tc.want) {
				t.Fatalf("reasons = %q, want %q", got, tc.want)
			}
			for i := range got {
				if !strings.Contains(got[i], tc.want[i]) {
					t.Errorf("reason %q does not say %q", got[i], tc.want[i])
				}
			}
		})
	}
}

func TestDefaultLoad(t *testing.T) {
	tests := []struct {
		tool inventory.Tool
		want float64
	}{
		{inventory.Tool{Criticality: inventory.Critical, Health: inventory.Good, Stage: inventory.Operational}, 8},
		{inventory.Tool{Criticality: inventory.Critical, Health: inventory.BelowGood, Stage: inventory.Operational}, 12},
		{inventory.Tool{Criticality: inventory.Medium, Health: inventory.Best, Stage: inventory.Operational}, 1.2},
		{inventory.Tool{Criticality: inventory.High, Health: inventory.Good, Stage: inventory.Planned}, 2},
		{inventory.Tool{Criticality: inventory.High, Health: inventory.Good, Stage: inventory.Retired}, 0},
	}
	for _, tc := range tests {
		if got := maintenance.DefaultLoad(tc.tool); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("DefaultLoad(%s, %s, %s) = %v, want %v", tc.tool.Criticality, tc.tool.Health, tc.tool.Stage, got, tc.want)
		}
	}
}
