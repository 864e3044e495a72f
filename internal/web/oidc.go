package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// OIDCConfig signs users in through GitLab as an OpenID Connect provider
// (INTERLOCK_OIDC_ISSUER, INTERLOCK_OIDC_CLIENT_ID,
// INTERLOCK_OIDC_CLIENT_SECRET). The secret is never shown.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// GroupRoles maps a GitLab group's full path to a role. A person is
	// given the highest role of their groups; an unknown person with no
	// mapped group becomes a requester.
	GroupRoles map[string]core.Role
}

// Enabled reports whether GitLab sign-in is configured.
func (c OIDCConfig) Enabled() bool { return c.Issuer != "" && c.ClientID != "" && c.ClientSecret != "" }

// String never shows the client secret.
func (c OIDCConfig) String() string {
	return fmt.Sprintf("OIDC{Issuer: %q, ClientID: %q, secret set: %t, %d group mapping(s)}",
		c.Issuer, c.ClientID, c.ClientSecret != "", len(c.GroupRoles))
}

// ParseGroupRoles reads "group/path=role,other/group=role" into a mapping,
// naming a bad entry.
func ParseGroupRoles(s string) (map[string]core.Role, error) {
	out := map[string]core.Role{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		group, role, ok := strings.Cut(part, "=")
		r := core.Role(strings.TrimSpace(role))
		if !ok || strings.TrimSpace(group) == "" || !r.Valid() {
			return nil, fmt.Errorf("group role %q: want group/path=role with a role of requester, engineer, manager, leadership or admin", part)
		}
		out[strings.TrimSpace(group)] = r
	}
	return out, nil
}

// oidcClient is the relying party: the provider's keys and endpoints.
type oidcClient struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	roles    map[string]core.Role
}

// oidcLazy discovers the provider on first use and keeps it; a failed
// discovery is tried again on the next sign-in.
type oidcLazy struct {
	cfg    Config
	mu     sync.Mutex
	client *oidcClient
}

func (l *oidcLazy) get(ctx context.Context) (*oidcClient, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.client != nil {
		return l.client, nil
	}
	c, err := newOIDCClient(ctx, l.cfg)
	if err != nil {
		return nil, err
	}
	l.client = c
	return c, nil
}

func newOIDCClient(ctx context.Context, cfg Config) (*oidcClient, error) {
	provider, err := oidc.NewProvider(ctx, cfg.OIDC.Issuer)
	if err != nil {
		return nil, fmt.Errorf("OIDC provider %s: %w", cfg.OIDC.Issuer, err)
	}
	return &oidcClient{
		oauth: oauth2.Config{ClientID: cfg.OIDC.ClientID, ClientSecret: cfg.OIDC.ClientSecret, Endpoint: provider.Endpoint(),
			RedirectURL: strings.TrimRight(cfg.PublicURL, "/") + "/auth/oidc/callback",
			Scopes:      []string{oidc.ScopeOpenID, "profile", "email"}},
		verifier: provider.Verifier(&oidc.Config{ClientID: cfg.OIDC.ClientID}),
		roles:    cfg.OIDC.GroupRoles,
	}, nil
}

// Session keys of a sign-in in flight.
const (
	oidcState    = "oidc_state"
	oidcNonce    = "oidc_nonce"
	oidcVerifier = "oidc_verifier"
)

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// oidcLogin sends the browser to GitLab with a state, a nonce and a PKCE
// S256 challenge, all kept in the session for the callback.
func (ui *UI) oidcLogin(w http.ResponseWriter, r *http.Request) {
	rp, ok := ui.relyingParty(w, r)
	if !ok {
		return
	}
	state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	ctx := r.Context()
	ui.sessions.Put(ctx, oidcState, state)
	ui.sessions.Put(ctx, oidcNonce, nonce)
	ui.sessions.Put(ctx, oidcVerifier, verifier)
	http.Redirect(w, r, rp.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// gitlabClaims are the claims GitLab puts in its ID tokens.
type gitlabClaims struct {
	Nickname          string   `json:"nickname"`
	PreferredUsername string   `json:"preferred_username"`
	Groups            []string `json:"groups"`
	GroupsDirect      []string `json:"groups_direct"`
}

// oidcCallback checks the state, exchanges the code with the PKCE
// verifier, verifies the ID token and its nonce, and signs the GitLab user in.
func (ui *UI) oidcCallback(w http.ResponseWriter, r *http.Request) {
	rp, ok := ui.relyingParty(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	state, nonce, verifier := ui.sessions.PopString(ctx, oidcState), ui.sessions.PopString(ctx, oidcNonce), ui.sessions.PopString(ctx, oidcVerifier)
	q := r.URL.Query()
	if state == "" || q.Get("state") != state {
		ui.oidcRefused(w, r, "the sign-in was not started here or has expired (state does not match); try again")
		return
	}
	if e := q.Get("error"); e != "" {
		ui.oidcRefused(w, r, "GitLab refused the sign-in: "+e)
		return
	}
	tok, err := rp.oauth.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		ui.log.Warn("OIDC code exchange failed", "error", err)
		ui.oidcRefused(w, r, "GitLab did not accept the sign-in code")
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := rp.verifier.Verify(ctx, raw)
	if err != nil || idt.Nonce != nonce {
		ui.oidcRefused(w, r, "the ID token from GitLab is not valid (signature, audience, expiry or nonce)")
		return
	}
	var c gitlabClaims
	if err := idt.Claims(&c); err != nil {
		ui.oidcRefused(w, r, "the ID token from GitLab has no readable claims")
		return
	}
	username, err := ui.oidcUser(ctx, rp, c)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if err := ui.signIn(ctx, username); err != nil {
		ui.fail(w, r, err)
		return
	}
	seeOther(w, r, "/")
}

// relyingParty returns the OIDC client: 404 when GitLab sign-in is not
// configured, 503 while GitLab cannot be reached.
func (ui *UI) relyingParty(w http.ResponseWriter, r *http.Request) (*oidcClient, bool) {
	if ui.oidc == nil {
		http.NotFound(w, r)
		return nil, false
	}
	rp, err := ui.oidc.get(r.Context())
	if err != nil {
		ui.log.Warn("OIDC discovery failed", "error", err)
		ui.render(w, r, http.StatusServiceUnavailable, "login", view{Title: "Sign in",
			Error: "GitLab cannot be reached for sign-in right now; sign in with a token, or try again later", Data: loginData{Next: "/", OIDC: true}})
		return nil, false
	}
	return rp, true
}

func (ui *UI) oidcRefused(w http.ResponseWriter, r *http.Request, detail string) {
	ui.render(w, r, http.StatusUnauthorized, "login", view{Title: "Sign in", Error: detail, Data: loginData{Next: "/", OIDC: true}})
}

// oidcUser signs in the person GitLab vouches for: the access service
// matches them by username and gives them the role their groups map to.
func (ui *UI) oidcUser(ctx context.Context, rp *oidcClient, c gitlabClaims) (string, error) {
	name := c.Nickname
	if name == "" {
		name = c.PreferredUsername
	}
	u, err := ui.svc.Access.SignInExternal(ctx, access.ExternalIdentity{Username: name,
		Groups: slices.Concat(c.Groups, c.GroupsDirect)}, rp.roles)
	return u.Username, err
}
