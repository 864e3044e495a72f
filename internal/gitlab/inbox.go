package gitlab

import (
	"context"
	"sync"
	"time"
)

// maxBatch bounds how many deliveries one transaction commits.
const maxBatch = 512

// committer commits deliveries to the inbox in groups: every request that
// arrives while a commit is under way joins the next one, and one writer
// goroutine commits each group in a single transaction. A durable commit
// (an fsync) is paid per group, not per delivery, which is what lets the
// receiver acknowledge at close to the rate of a bare handler. The writer
// exits when no delivery waits, and the next delivery starts it again.
type committer struct {
	store     InboxStore
	committed func() // told after each commit (wakes the worker)

	mu      sync.Mutex
	queue   []*pending
	running bool
	// the deliveries committed since windowAt (wall time), to tell a burst
	windowAt time.Time
	inWindow int
}

// Burst detection: this many deliveries committed within the window.
const (
	burstWindow     = 250 * time.Millisecond
	burstDeliveries = 50
)

// busy reports whether deliveries are arriving in a burst now.
func (c *committer) busy() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Since(c.windowAt) < burstWindow && c.inWindow >= burstDeliveries
}

// count notes n deliveries committed now.
func (c *committer) count(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := time.Now(); now.Sub(c.windowAt) >= burstWindow {
		c.windowAt, c.inWindow = now, 0
	}
	c.inWindow += n
}

// pending is one delivery waiting for its group's commit.
type pending struct {
	d    *Delivery
	done chan error
}

func newCommitter(store InboxStore, committed func()) *committer {
	return &committer{store: store, committed: committed}
}

// record commits d with the next group and returns once that group is
// durable (or failed); ctx only bounds the wait, not the commit.
func (c *committer) record(ctx context.Context, d *Delivery) error {
	p := &pending{d: d, done: make(chan error, 1)}
	c.mu.Lock()
	c.queue = append(c.queue, p)
	if !c.running {
		c.running = true
		go c.write()
	}
	c.mu.Unlock()
	select {
	case err := <-p.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// write commits groups until none waits.
func (c *committer) write() {
	for {
		c.mu.Lock()
		n := min(len(c.queue), maxBatch)
		if n == 0 {
			c.running = false
			c.mu.Unlock()
			return
		}
		group := c.queue[:n:n]
		c.queue = c.queue[n:]
		if len(c.queue) == 0 {
			c.queue = nil
		}
		c.mu.Unlock()
		ds := make([]*Delivery, len(group))
		for i, p := range group {
			ds[i] = p.d
		}
		// a commit outlives a request that stopped waiting: what GitLab sent
		// is kept even when its connection dropped
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := c.store.RecordHookDeliveries(ctx, ds)
		cancel()
		c.count(len(ds))
		for _, p := range group {
			p.done <- err
		}
		if err == nil && c.committed != nil {
			c.committed()
		}
	}
}
