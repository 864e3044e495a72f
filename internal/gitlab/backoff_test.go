package gitlab_test

import (
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/gitlab"
)

// TestDoubling pins the retry schedules that share doubling: the client's,
// the webhook worker's and the maker's of work items.
func TestDoubling(t *testing.T) {
	for _, c := range []struct {
		first, limit time.Duration
		n            int
		want         time.Duration
	}{
		{time.Second, time.Minute, 1, time.Second},
		{time.Second, time.Minute, 3, 4 * time.Second},
		{time.Second, time.Minute, 40, time.Minute},
		{time.Minute, time.Minute, 5, time.Minute},
	} {
		if got := gitlab.DoublingBackoff(c.first, c.limit, c.n); got != c.want {
			t.Errorf("DoublingBackoff(%v, %v, %d) = %v, want %v", c.first, c.limit, c.n, got, c.want)
		}
	}
	if got := gitlab.ItemBackoff(0); got != time.Minute {
		t.Errorf("ItemBackoff(0) = %v, want 1m", got)
	}
	if got := gitlab.ItemBackoff(2); got != 4*time.Minute {
		t.Errorf("ItemBackoff(2) = %v, want 4m", got)
	}
	if got := gitlab.ItemBackoff(100); got != time.Hour {
		t.Errorf("ItemBackoff(100) = %v, want 1h", got)
	}
}
