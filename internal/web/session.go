package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/alexedwards/scs/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// sessionUser is the session key holding the signed-in username.
const sessionUser = "username"

type actorKey struct{}

// newSessionManager keeps sessions in cfg.Sessions behind an HttpOnly,
// SameSite=Lax cookie that is Secure on an https public URL and expires
// when idle.
func newSessionManager(cfg Config) *scs.SessionManager {
	sm := scs.New()
	if cfg.Sessions != nil {
		sm.Store = cfg.Sessions
	}
	sm.IdleTimeout = cfg.IdleTimeout
	sm.Lifetime = 7 * cfg.IdleTimeout
	sm.Cookie.Name = "interlock_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secureCookie(cfg.PublicURL)
	sm.Cookie.Path = "/"
	return sm
}

// signIn starts a fresh session for the user: a new token, so that a
// token planted before sign-in is worth nothing after it.
func (ui *UI) signIn(ctx context.Context, username string) error {
	if err := ui.sessions.RenewToken(ctx); err != nil {
		return err
	}
	ui.sessions.Put(ctx, sessionUser, username)
	return nil
}

// currentActor reads the session's user again on every request, so that a
// change of role or a disabled user takes effect at once.
func (ui *UI) currentActor(r *http.Request) (core.Actor, bool) {
	name := ui.sessions.GetString(r.Context(), sessionUser)
	if name == "" {
		return core.Actor{}, false
	}
	u, err := ui.svc.Access.User(r.Context(), core.System, name)
	if err != nil || u.Disabled {
		return core.Actor{}, false
	}
	return u.Actor(), true
}

// requireActor sends a visitor without a session to /login, with the page
// they wanted to come back to.
func (ui *UI) requireActor(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, ok := ui.currentActor(r)
		if !ok {
			target := "/login"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), actorKey{}, a)))
	}
}

// actorOf returns the signed-in user of a page.
func actorOf(r *http.Request) core.Actor {
	a, _ := r.Context().Value(actorKey{}).(core.Actor)
	return a
}
