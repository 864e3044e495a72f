package gitlab

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy is how calls to GitLab ride out rate limits and failures.
// client-go's own retries (hashicorp/go-retryablehttp) are switched off:
// they read RateLimit-Reset but not Retry-After, sleep on the real clock,
// and retry a POST after a 5xx, which could comment or create twice. This
// policy replaces them, in an http.RoundTripper under client-go.
type RetryPolicy struct {
	// RateLimited is how many times a 429 is retried (any method: GitLab
	// did not act on it). It waits as long as Retry-After says, or backs off
	// exponentially from Base when the header is absent.
	RateLimited int
	// ServerErrors is how many times a 5xx is retried, only for methods that
	// are safe to repeat (GET, HEAD, PUT, DELETE). A failed POST is left to
	// its caller, which knows how to avoid doing it twice.
	ServerErrors int
	Base         time.Duration // first backoff
	MaxBackoff   time.Duration // cap of one exponential backoff
	// MaxWait is the longest Retry-After the call waits out; a longer one
	// fails the call at once, and its caller tries again later.
	MaxWait time.Duration
	// Sleep waits d or until ctx ends; tests give one that returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now tells the time, for Retry-After given as a date.
	Now func() time.Time
	// AttemptTimeout bounds one try (the waits between tries are not
	// counted, so a long Retry-After can be waited out).
	AttemptTimeout time.Duration
}

// DefaultRetryPolicy is the policy a client gets unless told otherwise.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{RateLimited: 6, ServerErrors: 3, Base: time.Second, MaxBackoff: time.Minute,
		MaxWait: 15 * time.Minute, Sleep: sleepCtx, Now: time.Now, AttemptTimeout: 30 * time.Second}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryTransport applies a RetryPolicy around another transport.
type retryTransport struct {
	next   http.RoundTripper
	policy RetryPolicy
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	limited, failed := 0, 0
	for {
		ctx, cancel := context.WithTimeout(req.Context(), t.policy.AttemptTimeout)
		r := req.Clone(ctx)
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		res, err := t.next.RoundTrip(r)
		if err != nil {
			cancel()
			return nil, err
		}
		wait, again := t.decide(res, req.Method, &limited, &failed)
		if !again {
			res.Body = cancelOnClose{ReadCloser: res.Body, cancel: cancel}
			return res, nil
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
		_ = res.Body.Close()
		cancel()
		if err := t.policy.Sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// decide says whether to try again and after how long.
func (t *retryTransport) decide(res *http.Response, method string, limited, failed *int) (time.Duration, bool) {
	p := t.policy
	switch {
	case res.StatusCode == http.StatusTooManyRequests:
		if *limited >= p.RateLimited {
			return 0, false
		}
		*limited++
		if d, ok := retryAfter(res.Header.Get("Retry-After"), p.Now()); ok {
			return d, d <= p.MaxWait
		}
		return p.backoff(*limited), true
	case res.StatusCode >= 500 && res.StatusCode != http.StatusNotImplemented && idempotent(method):
		if *failed >= p.ServerErrors {
			return 0, false
		}
		*failed++
		return p.backoff(*failed), true
	}
	return 0, false
}

// backoff is Base doubled for each earlier try, capped at MaxBackoff.
func (p RetryPolicy) backoff(try int) time.Duration {
	return DoublingBackoff(p.Base, p.MaxBackoff, try)
}

// DoublingBackoff is the wait after the nth failed try (1 for the first): first,
// doubled for each further try, capped at limit.
func DoublingBackoff(first, limit time.Duration, n int) time.Duration {
	d := first
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP-date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// cancelOnClose ends a try's context when its answer has been read.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
