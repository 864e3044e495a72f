// Package throttle slows down guessing: it counts failed attempts (bad
// credentials, failed sign-ins) per key, such as a client address, and
// tells when a key must wait before trying again.
package throttle

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Defaults: a burst of 10 failures, then one more every 6 seconds (10 a minute).
const (
	DefaultBurst = 10
	DefaultEvery = 6 * time.Second
	maxKeys      = 10000
)

// Failures counts failed attempts per key with a token bucket each.
type Failures struct {
	mu    sync.Mutex
	per   map[string]*rate.Limiter
	limit rate.Limit
	burst int
	clock core.Clock
}

// New returns failure counters with the defaults, on the given clock.
func New(clock core.Clock) *Failures {
	return &Failures{per: map[string]*rate.Limiter{}, limit: rate.Every(DefaultEvery), burst: DefaultBurst, clock: clock}
}

func (f *Failures) limiter(key string) *rate.Limiter {
	l, ok := f.per[key]
	if !ok {
		if len(f.per) >= maxKeys { // forget everyone rather than grow without bound
			f.per = map[string]*rate.Limiter{}
		}
		l = rate.NewLimiter(f.limit, f.burst)
		f.per[key] = l
	}
	return l
}

// Wait reports how long key must wait before its next attempt is heard;
// zero when it may try now.
func (f *Failures) Wait(key string) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	l, ok := f.per[key]
	if !ok {
		return 0
	}
	tokens := l.TokensAt(f.clock.Now())
	if tokens >= 1 {
		return 0
	}
	return time.Duration(math.Ceil((1 - tokens) / float64(f.limit) * float64(time.Second)))
}

// Fail records a failed attempt by key.
func (f *Failures) Fail(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limiter(key).AllowN(f.clock.Now(), 1)
}

// RetryAfter is a wait in whole seconds, at least 1, for a Retry-After header.
func RetryAfter(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
