package cocreate_test

import (
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
)

func TestPercentInProduct(t *testing.T) {
	tests := []struct {
		name     string
		statuses []cocreate.FunctionalityStatus
		want     float64 // -1: none listed
	}{
		{"none listed", nil, -1},
		{"all dropped", []cocreate.FunctionalityStatus{cocreate.Dropped}, -1},
		{"half", []cocreate.FunctionalityStatus{cocreate.InProduct, cocreate.InProgress}, 50},
		{"dropped pieces do not count", []cocreate.FunctionalityStatus{cocreate.InProduct, cocreate.Dropped, cocreate.Planned, cocreate.InProduct}, 100 * 2.0 / 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c cocreate.CoCreate
			for i, s := range tc.statuses {
				c.Functionalities = append(c.Functionalities, cocreate.Functionality{ID: int64(i + 1), Status: s})
			}
			got := c.PercentInProduct()
			if (got == nil) != (tc.want < 0) || (got != nil && *got != tc.want) {
				t.Errorf("PercentInProduct = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMissingToAdvance(t *testing.T) {
	now := time.Now()
	c := cocreate.CoCreate{Loop: cocreate.Validation}
	if n := len(c.MissingToAdvance()); n != 8 {
		t.Errorf("an empty loop 1 misses %d things, want 8 (four activities, three outputs, the handover epic)", n)
	}
	done := cocreate.Check{Done: true}
	c.Loop1 = cocreate.Loop1{PMValidated: done, EngineeringValidated: done, AlignedWithPlans: done, ScopeRefined: done,
		ValidatedProposalURL: "https://x/1", TechnicalDesignURL: "https://x/2",
		StakeholderAlignment: cocreate.Alignment{Who: []string{"pm"}, At: &now}}
	c.Handover.EpicURL = "https://x/4"
	if m := c.MissingToAdvance(); len(m) != 0 {
		t.Errorf("loop 1 complete (proof of concept being optional) still misses %v", m)
	}
	c.Loop = cocreate.Integration
	c.Loop2.MergeRequests = []cocreate.MergeRequest{{State: cocreate.MROpened}}
	m := c.MissingToAdvance()
	if len(m) != 7 || m[0].Field != "loop2.merge_requests" {
		t.Errorf("loop 2 with an open MR misses %v", m)
	}
}

func TestWarnings(t *testing.T) {
	id := int64(1)
	c := cocreate.CoCreate{ToolID: &id, Functionalities: []cocreate.Functionality{{ID: 1, Title: "a", Labels: []string{"x"}}},
		Considerations: cocreate.Considerations{FeatureParity: cocreate.GoodEnough}}
	w := strings.Join(c.Warnings(), "\n")
	for _, want := range []string{"no handover epic", "lacks the label " + cocreate.MetricLabel, "has no epic", "no sunset roadmap", "no accepted gap"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
}
