package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/testenv"
	"gitlab.com/prodseceng/interlock/internal/throttle"
)

// Guessing tokens at the sign-in form is slowed down as on the API: after
// a burst of bad tokens from one address, even a good one waits its turn.
func TestSignInIsThrottledAfterRepeatedBadTokens(t *testing.T) {
	env := testenv.New(t)
	v := newVisitor(t, env)
	for i := range throttle.DefaultBurst {
		if p := v.post("/login", url.Values{"token": {"ilk_guess"}}); p.status != http.StatusUnauthorized {
			t.Fatalf("bad token %d: %d, want 401", i+1, p.status)
		}
	}
	p := v.post("/login", url.Values{"token": {testenv.AdminToken}})
	must(t, p, http.StatusTooManyRequests, "too many sign-ins")
	if p.header.Get("Retry-After") == "" {
		t.Error("a throttled sign-in has no Retry-After")
	}
	env.Clock.Advance(throttle.DefaultEvery + time.Second)
	if p := v.post("/login", url.Values{"token": {testenv.AdminToken}}); p.status != http.StatusSeeOther {
		t.Errorf("after the wait, a good token: %d, want 303", p.status)
	}
}

// The API and the sign-in form share one allowance per address: bad tokens
// sent to the API count against the form too.
func TestOneAllowanceOfBadTokensForTheAPIAndTheForm(t *testing.T) {
	env := testenv.New(t)
	for range throttle.DefaultBurst {
		if r := env.Do(http.MethodGet, "/api/v1/me", "ilk_guess", nil, nil); r.Status != http.StatusUnauthorized {
			t.Fatalf("a bad token on the API: %d, want 401", r.Status)
		}
	}
	v := newVisitor(t, env)
	must(t, v.post("/login", url.Values{"token": {"ilk_guess"}}), http.StatusTooManyRequests, "too many sign-ins")
}
