// Package groupcommit commits items in groups: every item that arrives
// while a commit is under way joins the next one, and one writer goroutine
// commits each group in a single call. A durable commit (an fsync) is paid
// per group, not per item, which is what lets the GitLab webhook receiver
// acknowledge at close to the rate of a bare handler. The writer exits when
// no item waits, and the next item starts it again.
package groupcommit

import (
	"context"
	"sync"
	"time"
)

// MaxGroup bounds how many items one commit takes.
const MaxGroup = 512

// Burst detection: this many items committed within the window.
const (
	burstWindow = 250 * time.Millisecond
	burstItems  = 50
)

// Committer commits items of type T in groups.
type Committer[T any] struct {
	commit    func(ctx context.Context, group []T) error
	committed func() // told after each commit that succeeded

	mu      sync.Mutex
	queue   []*pending[T]
	running bool
	// the items committed since windowAt (wall time), to tell a burst
	windowAt time.Time
	inWindow int
}

// pending is one item waiting for its group's commit.
type pending[T any] struct {
	item T
	done chan error
}

// New returns a committer that commits each group with commit (in one
// transaction, say) and tells committed after each commit that succeeded.
func New[T any](commit func(ctx context.Context, group []T) error, committed func()) *Committer[T] {
	return &Committer[T]{commit: commit, committed: committed}
}

// Record commits item with the next group and returns once that group is
// committed (or failed); ctx only bounds the wait, not the commit.
func (c *Committer[T]) Record(ctx context.Context, item T) error {
	p := &pending[T]{item: item, done: make(chan error, 1)}
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

// Busy reports whether items are arriving in a burst now.
func (c *Committer[T]) Busy() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Since(c.windowAt) < burstWindow && c.inWindow >= burstItems
}

// count notes n items committed now.
func (c *Committer[T]) count(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := time.Now(); now.Sub(c.windowAt) >= burstWindow {
		c.windowAt, c.inWindow = now, 0
	}
	c.inWindow += n
}

// write commits groups until none waits.
func (c *Committer[T]) write() {
	for {
		c.mu.Lock()
		n := min(len(c.queue), MaxGroup)
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
		items := make([]T, len(group))
		for i, p := range group {
			items[i] = p.item
		}
		// a commit outlives a request that stopped waiting: what was sent is
		// kept even when its connection dropped
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := c.commit(ctx, items)
		cancel()
		c.count(len(items))
		for _, p := range group {
			p.done <- err
		}
		if err == nil && c.committed != nil {
			c.committed()
		}
	}
}
