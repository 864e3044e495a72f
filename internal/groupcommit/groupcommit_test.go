package groupcommit

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// gated records the size of each group it commits and numbers the items;
// its first commit waits for the gate.
type gated struct {
	entered, gate chan struct{}
	mu            sync.Mutex
	groups        []int
	id            int64
}

type item struct{ id int64 }

func (g *gated) commit(_ context.Context, group []*item) error {
	g.mu.Lock()
	first := len(g.groups) == 0
	g.groups = append(g.groups, len(group))
	g.mu.Unlock()
	if first {
		close(g.entered)
		<-g.gate
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, it := range group {
		g.id++
		it.id = g.id // as a test's mark that this item's group ran
	}
	return nil
}

// Items that arrive while a commit is under way are committed together in
// the next one, and each caller returns once its group is in.
func TestGroupCommit(t *testing.T) {
	g := &gated{entered: make(chan struct{}), gate: make(chan struct{})}
	woken := make(chan struct{}, 10)
	c := New(g.commit, func() { woken <- struct{}{} })
	var wg sync.WaitGroup
	items := make([]*item, 10)
	record := func(i int) {
		items[i] = &item{}
		if err := c.Record(context.Background(), items[i]); err != nil {
			t.Error(err)
		}
	}
	wg.Go(func() { record(0) })
	<-g.entered // the first group (one item) is being committed
	for i := 1; i < 10; i++ {
		wg.Go(func() { record(i) })
	}
	for queued := 0; queued < 9; runtime.Gosched() {
		c.mu.Lock()
		queued = len(c.queue)
		c.mu.Unlock()
	}
	close(g.gate)
	wg.Wait()
	if !slices.Equal(g.groups, []int{1, 9}) {
		t.Errorf("groups committed: %v, want [1 9]", g.groups)
	}
	for i, it := range items {
		if it.id == 0 {
			t.Errorf("item %d: its caller returned before its commit", i)
		}
	}
	<-woken // once per commit
	<-woken
	for running := true; running; runtime.Gosched() { // the writer stops when nothing waits
		c.mu.Lock()
		running = c.running
		c.mu.Unlock()
	}
	if len(woken) != 0 {
		t.Errorf("committed was told %d more times", len(woken))
	}
}

// A failed commit is every caller's error in that group, and nobody is told
// of a commit.
func TestAFailedCommitIsEachCallersError(t *testing.T) {
	boom := errors.New("disk full")
	told := 0
	c := New(func(context.Context, []int) error { return boom }, func() { told++ })
	if err := c.Record(context.Background(), 1); !errors.Is(err, boom) {
		t.Fatalf("Record = %v, want the commit's error", err)
	}
	if told != 0 {
		t.Errorf("committed was told %d times after a failed commit", told)
	}
}

// A caller that stops waiting gets its context's error; its item is still
// committed.
func TestACallerThatStopsWaitingLeavesItsItemCommitted(t *testing.T) {
	gate := make(chan struct{})
	done := make(chan []int, 1)
	c := New(func(_ context.Context, group []int) error {
		<-gate
		done <- group
		return nil
	}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Record(ctx, 7); !errors.Is(err, context.Canceled) {
		t.Fatalf("Record with a cancelled context = %v", err)
	}
	close(gate)
	if got := <-done; !slices.Equal(got, []int{7}) {
		t.Errorf("committed %v, want [7]", got)
	}
}
