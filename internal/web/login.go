package web

import (
	"net/http"
	"net/url"
	"strings"
)

// loginData is what the sign-in page shows.
type loginData struct {
	Next string
	OIDC bool
}

// loginPage shows the sign-in form: a token, or GitLab when configured.
func (ui *UI) loginPage(w http.ResponseWriter, r *http.Request) {
	ui.render(w, r, http.StatusOK, "login", view{Title: "Sign in",
		Data: loginData{Next: safeNext(r.URL.Query().Get("next")), OIDC: ui.oidc != nil}})
}

// loginSubmit signs in with a token, the same the API and CLI use.
func (ui *UI) loginSubmit(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.PostFormValue("next"))
	actor, err := ui.svc.Access.Authenticate(r.Context(), strings.TrimSpace(r.PostFormValue("token")))
	if err != nil {
		v := view{Title: "Sign in", Data: loginData{Next: next, OIDC: ui.oidc != nil}}
		status := ui.problem(err, &v)
		v.Fields = map[string]string{"token": "is not a valid token (unknown, revoked or expired)"}
		ui.render(w, r, status, "login", v)
		return
	}
	if err := ui.signIn(r.Context(), actor.Username); err != nil {
		ui.fail(w, r, err)
		return
	}
	seeOther(w, r, next)
}

// logout ends the session.
func (ui *UI) logout(w http.ResponseWriter, r *http.Request) {
	if err := ui.sessions.Destroy(r.Context()); err != nil {
		ui.fail(w, r, err)
		return
	}
	seeOther(w, r, "/login")
}

// safeNext keeps a return path only when it stays on this site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") ||
		strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/"
	}
	return next
}
