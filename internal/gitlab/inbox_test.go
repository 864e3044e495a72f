package gitlab

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// gatedInbox records the size of each group it commits; its first commit
// waits for the gate.
type gatedInbox struct {
	InboxStore
	entered, gate chan struct{}
	mu            sync.Mutex
	groups        []int
	id            int64
}

func (g *gatedInbox) RecordHookDeliveries(_ context.Context, ds []*Delivery) error {
	g.mu.Lock()
	first := len(g.groups) == 0
	g.groups = append(g.groups, len(ds))
	g.mu.Unlock()
	if first {
		close(g.entered)
		<-g.gate
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, d := range ds {
		g.id++
		d.ID = g.id // as a test's mark that this delivery's group ran
	}
	return nil
}

// Deliveries that arrive while a commit is under way are committed
// together in the next one, and each request returns once its group is in.
func TestGroupCommit(t *testing.T) {
	inbox := &gatedInbox{entered: make(chan struct{}), gate: make(chan struct{})}
	woken := make(chan struct{}, 10)
	c := newCommitter(inbox, func() { woken <- struct{}{} })
	var wg sync.WaitGroup
	ids := make([]int64, 10)
	record := func(i int) {
		d := &Delivery{IdempotencyKey: fmt.Sprint("k", i)}
		if err := c.record(context.Background(), d); err != nil {
			t.Error(err)
		}
		ids[i] = d.ID
	}
	wg.Go(func() { record(0) })
	<-inbox.entered // the first group (one delivery) is being committed
	for i := 1; i < 10; i++ {
		wg.Go(func() { record(i) })
	}
	for queued := 0; queued < 9; runtime.Gosched() {
		c.mu.Lock()
		queued = len(c.queue)
		c.mu.Unlock()
	}
	close(inbox.gate)
	wg.Wait()
	if !slices.Equal(inbox.groups, []int{1, 9}) {
		t.Errorf("groups committed: %v, want [1 9]", inbox.groups)
	}
	if slices.Contains(ids, 0) {
		t.Errorf("a request returned before its commit: ids %v", ids)
	}
	<-woken // once per commit
	<-woken
	for running := true; running; runtime.Gosched() { // the writer stops when nothing waits
		c.mu.Lock()
		running = c.running
		c.mu.Unlock()
	}
	if len(woken) != 0 {
		t.Errorf("the worker was woken %d more times", len(woken))
	}
}
