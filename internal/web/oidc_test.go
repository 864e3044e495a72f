package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
	"gitlab.com/prodseceng/interlock/internal/web"
)

// oidcEnv boots interlock with GitLab sign-in against the fake provider.
func oidcEnv(t *testing.T) (*testenv.Env, *fakeGitLab) {
	t.Helper()
	gl := newFakeGitLab(t, "interlock-app", "s3cret")
	db := testenv.OpenDB(t)
	clock := core.NewManualClock(testenv.Start)
	svc := app.Services(db, clock)
	if _, _, err := svc.Access.Bootstrap(context.Background(), testenv.AdminToken); err != nil {
		t.Fatal(err)
	}
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	roles, err := web.ParseGroupRoles("gitlab-org/prodsec=engineer, gitlab-org/prodsec/managers=manager")
	if err != nil {
		t.Fatal(err)
	}
	h = app.Handler(svc, app.Config{Version: "test", Clock: clock, Web: app.WebConfig{PublicURL: srv.URL,
		OIDC: web.OIDCConfig{Issuer: gl.srv.URL, ClientID: "interlock-app", ClientSecret: "s3cret", GroupRoles: roles}}}, db)
	return &testenv.Env{T: t, DB: db, Clock: clock, Services: svc, Server: srv}, gl
}

// viaGitLab follows the sign-in: interlock's redirect, the provider's
// authorize endpoint, and back to the callback.
func viaGitLab(t *testing.T, v *visitor, gl *fakeGitLab) page {
	t.Helper()
	start := v.get("/auth/oidc/login")
	if start.status != http.StatusFound {
		t.Fatalf("/auth/oidc/login: %d\n%s", start.status, start.body)
	}
	res, err := v.http.Get(start.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back, _ := url.Parse(res.Header.Get("Location"))
	return v.get(back.RequestURI())
}

func TestOIDCSignInThroughGitLab(t *testing.T) {
	env, gl := oidcEnv(t)
	ctx := context.Background()
	tests := []struct {
		name     string
		username string
		groups   []string
		wantRole core.Role
	}{
		{"an unknown person is a requester", "rita", nil, core.RoleRequester},
		{"a mapped group gives its role", "gina", []string{"gitlab-org/other", "gitlab-org/prodsec"}, core.RoleEngineer},
		{"the highest mapped role wins", "mona", []string{"gitlab-org/prodsec", "gitlab-org/prodsec/managers"}, core.RoleManager},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gl.Username, gl.Groups = tc.username, tc.groups
			v := newVisitor(t, env)
			p := viaGitLab(t, v, gl)
			if p.status != http.StatusSeeOther || p.header.Get("Location") != "/" {
				t.Fatalf("callback: %d %q\n%s", p.status, p.header.Get("Location"), p.body)
			}
			must(t, v.get("/"), http.StatusOK, tc.username)
			u, err := env.Services.Access.User(ctx, core.System, tc.username)
			if err != nil || u.Role != tc.wantRole {
				t.Fatalf("user %s: %+v, %v; want role %s", tc.username, u, err, tc.wantRole)
			}
		})
	}
	t.Run("the authorize request carries client_id, state, nonce and PKCE S256", func(t *testing.T) {
		q := gl.lastAuthorize()
		for _, k := range []string{"client_id", "state", "nonce", "code_challenge"} {
			if q.Get(k) == "" {
				t.Errorf("authorize request lacks %s: %v", k, q)
			}
		}
		if q.Get("code_challenge_method") != "S256" || q.Get("redirect_uri") != env.Server.URL+"/auth/oidc/callback" {
			t.Errorf("authorize request: %v", q)
		}
	})
}

func TestOIDCCallbackChecksStateNonceAndVerifier(t *testing.T) {
	env, gl := oidcEnv(t)
	gl.Username = "rita"
	t.Run("a callback that was not started here", func(t *testing.T) {
		v := newVisitor(t, env)
		must(t, v.get("/auth/oidc/callback?code=x&state=forged"), http.StatusUnauthorized, "state does not match")
	})
	t.Run("a state from another browser", func(t *testing.T) {
		a, b := newVisitor(t, env), newVisitor(t, env)
		start := a.get("/auth/oidc/login")
		loc, _ := url.Parse(start.header.Get("Location"))
		_ = b.get("/auth/oidc/login") // b has its own state
		must(t, b.get("/auth/oidc/callback?code=x&state="+url.QueryEscape(loc.Query().Get("state"))), http.StatusUnauthorized, "state does not match")
	})
	t.Run("a wrong PKCE verifier is refused by the provider", func(t *testing.T) {
		v := newVisitor(t, env)
		start := v.get("/auth/oidc/login")
		loc, _ := url.Parse(start.header.Get("Location"))
		q := loc.Query()
		q.Set("code_challenge", "AAAA") // as if an attacker swapped the challenge
		loc.RawQuery = q.Encode()
		res, err := v.http.Get(loc.String())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		back, _ := url.Parse(res.Header.Get("Location"))
		must(t, v.get(back.RequestURI()), http.StatusUnauthorized, "did not accept the sign-in code")
	})
	t.Run("an ID token with another nonce", func(t *testing.T) {
		gl.WrongNonce = true
		defer func() { gl.WrongNonce = false }()
		v := newVisitor(t, env)
		p := viaGitLab(t, v, gl)
		must(t, p, http.StatusUnauthorized, "nonce")
		if p := v.get("/"); p.status != http.StatusSeeOther {
			t.Errorf("signed in despite a bad nonce: %d", p.status)
		}
	})
	t.Run("without OIDC configured the routes are not there", func(t *testing.T) {
		plain := testenv.New(t)
		if p := newVisitor(t, plain).get("/auth/oidc/login"); p.status != http.StatusNotFound {
			t.Errorf("/auth/oidc/login without OIDC: %d", p.status)
		}
	})
	if !strings.HasPrefix(gl.srv.URL, "http://127.0.0.1") {
		t.Errorf("the provider is not on loopback: %s", gl.srv.URL)
	}
}

func TestParseGroupRoles(t *testing.T) {
	tests := []struct {
		in      string
		want    map[string]core.Role
		wantErr bool
	}{
		{"", map[string]core.Role{}, false},
		{"a/b=engineer, c=admin", map[string]core.Role{"a/b": core.RoleEngineer, "c": core.RoleAdmin}, false},
		{"a/b=boss", nil, true},
		{"=engineer", nil, true},
		{"a/b", nil, true},
	}
	for _, tc := range tests {
		got, err := web.ParseGroupRoles(tc.in)
		if (err != nil) != tc.wantErr || (!tc.wantErr && len(got) != len(tc.want)) {
			t.Errorf("ParseGroupRoles(%q) = %v, %v", tc.in, got, err)
			continue
		}
		for k, r := range tc.want {
			if got[k] != r {
				t.Errorf("ParseGroupRoles(%q)[%s] = %s, want %s", tc.in, k, got[k], r)
			}
		}
	}
}
