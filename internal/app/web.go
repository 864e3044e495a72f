package app

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/throttle"
	"gitlab.com/prodseceng/interlock/internal/web"
)

// WebConfig is how the web UI is reached and how people sign in to it.
type WebConfig struct {
	// PublicURL is where users reach interlock (INTERLOCK_PUBLIC_URL): an
	// https URL makes the session cookie Secure; OIDC redirects back to it.
	PublicURL string
	// OIDC signs people in through GitLab when issuer, client id and
	// secret are set (INTERLOCK_OIDC_*).
	OIDC web.OIDCConfig
}

// mountWeb adds the web UI's pages to the root mux, with its sessions in
// the database.
func mountWeb(root *http.ServeMux, svc httpapi.Services, cfg Config, db *store.DB, failures *throttle.Failures) {
	ui, err := web.New(svc, web.Config{Logger: cfg.Logger, Clock: cfg.Clock, Failures: failures, Sessions: db.Sessions(),
		PublicURL: cfg.Web.PublicURL, OIDC: cfg.Web.OIDC, GitLabURL: cfg.GitLab.URL})
	if err != nil {
		panic(err) // the templates are embedded: a parse error is a bug, caught by every test that boots the app
	}
	ui.Mount(root)
}
