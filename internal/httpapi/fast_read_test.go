package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// Verified tokens are cached, but revoking a token, changing a user's role
// or disabling them through the service takes effect on the next request; a
// change made behind the service's back is honoured once the cache's bound
// (access.TokenCacheTTL) has passed.
func TestCachedTokensHonourRevocationAtOnce(t *testing.T) {
	t.Parallel()
	env := testenv.New(t)
	w := wire{t, env}
	ctx := context.Background()
	first := env.User("uma", core.RoleEngineer).Token
	var me httpapi.UserBody
	w.call(first, http.MethodGet, "/api/v1/me", nil, nil, http.StatusOK, &me) // now cached

	// Revoked in the database directly: the cache still trusts it until its bound.
	err := env.DB.Access().InTx(ctx, func(tx access.Tx) error {
		u, err := tx.User(ctx, "uma")
		if err != nil {
			return err
		}
		tokens, err := tx.Tokens(ctx, u.ID)
		if err != nil {
			return err
		}
		now := env.Clock.Now()
		tokens[0].RevokedAt = &now
		return tx.UpdateToken(ctx, &tokens[0])
	})
	if err != nil {
		t.Fatal(err)
	}
	w.call(first, http.MethodGet, "/api/v1/me", nil, nil, http.StatusOK, nil)
	env.Clock.Advance(access.TokenCacheTTL)
	w.call(first, http.MethodGet, "/api/v1/me", nil, nil, http.StatusUnauthorized, nil)

	// Through the API, each change is seen by the very next request.
	var tok client.TokenAnswer
	w.admin(http.MethodPost, "/api/v1/users/uma/tokens", map[string]string{"name": "second"}, http.StatusCreated, &tok)
	var other client.TokenAnswer
	w.admin(http.MethodPost, "/api/v1/users/uma/tokens", map[string]string{"name": "third"}, http.StatusCreated, &other)
	w.call(tok.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusOK, nil)
	w.call(other.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusOK, nil)
	w.admin(http.MethodDelete, fmt.Sprintf("/api/v1/users/uma/tokens/%d", tok.ID), nil, http.StatusOK, nil)
	w.call(tok.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusUnauthorized, nil)

	w.admin(http.MethodPatch, "/api/v1/users/uma", map[string]any{"role": "requester"}, http.StatusOK, nil)
	w.call(other.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusOK, &me)
	if me.Role != "requester" {
		t.Errorf("after the role change the cached token acts as %s, want requester", me.Role)
	}
	w.call(other.Token, http.MethodPost, "/api/v1/tools", nil, sampleTool("Scanner", "high", "maintain"), http.StatusForbidden, nil)
	w.admin(http.MethodPatch, "/api/v1/users/uma", map[string]any{"disabled": true}, http.StatusOK, nil)
	w.call(other.Token, http.MethodGet, "/api/v1/me", nil, nil, http.StatusUnauthorized, nil)
}

// The tool list has an ETag; If-None-Match with it gets 304 and no body
// while nothing changed, and any change gives a new answer and a new ETag.
func TestToolListAnswers304WhileUnchanged(t *testing.T) {
	t.Parallel()
	env := testenv.New(t)
	w := wire{t, env}
	w.addTool(testenv.AdminToken, sampleTool("Alpha", "high", "maintain"))
	const list = "/api/v1/tools?limit=10"
	a := env.Do(http.MethodGet, list, testenv.AdminToken, nil, nil)
	b := env.Do(http.MethodGet, list, testenv.AdminToken, nil, nil)
	tag := a.Header.Get("ETag")
	if a.Status != http.StatusOK || tag == "" || !bytes.Contains(a.Body, []byte(`"Alpha"`)) {
		t.Fatalf("first answer: %d, ETag %q, body %s", a.Status, tag, a.Body)
	}
	if b.Status != http.StatusOK || b.Header.Get("ETag") != tag || !bytes.Equal(a.Body, b.Body) ||
		b.Header.Get("Content-Type") != a.Header.Get("Content-Type") || b.Header.Get("Link") != a.Header.Get("Link") {
		t.Fatalf("second answer differs: %d %v\n%s\nfirst: %v", b.Status, b.Header, b.Body, a.Header)
	}
	for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, "*"} {
		nm := env.Do(http.MethodGet, list, testenv.AdminToken, nil, map[string]string{"If-None-Match": inm})
		if nm.Status != http.StatusNotModified || len(nm.Body) != 0 || nm.Header.Get("ETag") != tag {
			t.Errorf("If-None-Match %s: %d, ETag %q, body %q; want 304, %s, none", inm, nm.Status, nm.Header.Get("ETag"), nm.Body, tag)
		}
	}
	if r := env.Do(http.MethodGet, list, testenv.AdminToken, nil, map[string]string{"If-None-Match": `"other"`}); r.Status != http.StatusOK {
		t.Errorf("another ETag: %d, want 200", r.Status)
	}
	if r := env.Do(http.MethodGet, list, "", nil, map[string]string{"If-None-Match": tag}); r.Status != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", r.Status)
	}

	w.addTool(testenv.AdminToken, sampleTool("Beta", "low", "maintain"))
	c := env.Do(http.MethodGet, list, testenv.AdminToken, nil, map[string]string{"If-None-Match": tag})
	if c.Status != http.StatusOK || c.Header.Get("ETag") == tag || !bytes.Contains(c.Body, []byte(`"Beta"`)) {
		t.Fatalf("after adding a tool: %d, ETag %q (was %q), body %s", c.Status, c.Header.Get("ETag"), tag, c.Body)
	}
	if r := env.Do(http.MethodGet, "/api/v1/tools?limit=0", testenv.AdminToken, nil, nil); r.Status != http.StatusUnprocessableEntity || r.Header.Get("ETag") != "" {
		t.Errorf("limit=0: %d, ETag %q; want 422 and none", r.Status, r.Header.Get("ETag"))
	}
}
