package web

import (
	"net/http"
)

// contentSecurityPolicy allows nothing but this server's own scripts,
// styles and images: no inline script, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secureHeaders sets the headers every page carries.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// chain wraps a route: headers, cross-origin protection of every
// state-changing request (a cross-origin POST gets 403), the session, and
// the sign-in check for pages that need one.
func (ui *UI) chain(rt route) http.Handler {
	h := rt.handler
	if !rt.public {
		h = ui.requireActor(h)
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
	}))
	if rt.bare {
		return secureHeaders(h)
	}
	return secureHeaders(cop.Handler(ui.sessions.LoadAndSave(h)))
}
