package core

import (
	"sync"
	"time"
)

// OffsetClock runs with another clock, moved by an offset that can be
// changed: `interlock serve --demo` uses it so that a tour can jump ahead
// by weeks while the service keeps running. It is safe for concurrent use.
type OffsetClock struct {
	mu     sync.Mutex
	base   Clock
	offset time.Duration
}

// NewOffsetClock returns a clock that tells base's time until moved.
func NewOffsetClock(base Clock) *OffsetClock { return &OffsetClock{base: base} }

// Now returns base's time plus the offset.
func (c *OffsetClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Now().Add(c.offset).UTC()
}

// Advance moves the clock forward by d.
func (c *OffsetClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// Set moves the clock to t; it runs on from there.
func (c *OffsetClock) Set(t time.Time) {
	c.mu.Lock()
	c.offset = t.Sub(c.base.Now())
	c.mu.Unlock()
}
