package web

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/throttle"
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
// Repeated bad tokens from one address are answered 429 with Retry-After,
// as the API answers them.
func (ui *UI) loginSubmit(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.PostFormValue("next"))
	client := clientAddress(r)
	if wait := ui.failures.Wait(client); wait > 0 {
		secs := throttle.RetryAfter(wait)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		v := view{Title: "Sign in", Data: loginData{Next: next, OIDC: ui.oidc != nil}, Error: fmt.Sprintf(
			"too many sign-ins with bad tokens from this address; try again in %d second(s)", secs)}
		ui.render(w, r, http.StatusTooManyRequests, "login", v)
		return
	}
	actor, err := ui.svc.Access.Authenticate(r.Context(), strings.TrimSpace(r.PostFormValue("token")))
	if err != nil {
		if core.IsCode(err, core.Unauthorized) {
			ui.failures.Fail(client)
		}
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

// clientAddress is the address a request came from, without its port.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
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
