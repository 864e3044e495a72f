package web

import (
	"cmp"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/throttle"
)

// Config is what the web UI needs besides the workflow services.
type Config struct {
	Logger *slog.Logger
	Clock  core.Clock
	// Failures counts bad tokens per client address, shared with the API;
	// a new one when nil.
	Failures *throttle.Failures
	// Sessions keeps sessions; the database's (store.DB.Sessions) in the
	// service, so that every replica sees the same sign-ins.
	Sessions scs.Store
	// PublicURL is where users reach interlock (INTERLOCK_PUBLIC_URL); an
	// https URL makes the session cookie Secure, and OIDC's redirect URI
	// is built from it.
	PublicURL string
	// IdleTimeout ends a session nobody used for that long; 8 hours by default.
	IdleTimeout time.Duration
	// GitLabURL is the GitLab instance, for links to projects.
	GitLabURL string
	// OIDC signs users in through GitLab when it is enabled.
	OIDC OIDCConfig
}

// UI is the web UI: its services, templates and sessions.
type UI struct {
	svc      httpapi.Services
	cfg      Config
	log      *slog.Logger
	clock    core.Clock
	sessions *scs.SessionManager
	pages    pages
	oidc     *oidcLazy
	// failures slows down token guessing at the sign-in form.
	failures *throttle.Failures
}

// New builds the web UI over the workflow services. The templates are
// embedded, so an error is a bug that tests catch. GitLab's OIDC discovery
// waits for the first sign-in through it, so that a GitLab outage does not
// keep interlock from starting.
func New(svc httpapi.Services, cfg Config) (*UI, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = core.SystemClock{}
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 8 * time.Hour
	}
	pg, err := parsedPages()
	if err != nil {
		return nil, err
	}
	ui := &UI{svc: svc, cfg: cfg, log: cfg.Logger, clock: cfg.Clock, pages: pg, failures: cmp.Or(cfg.Failures, throttle.New(cfg.Clock))}
	ui.sessions = newSessionManager(cfg)
	if cfg.OIDC.Enabled() {
		ui.oidc = &oidcLazy{cfg: cfg}
	}
	return ui, nil
}

// secureCookie reports whether the public URL is https.
func secureCookie(publicURL string) bool {
	u, err := url.Parse(publicURL)
	return err == nil && strings.EqualFold(u.Scheme, "https")
}

// Mount adds the pages to the root mux. The API keeps /api/, /healthz and
// /readyz; every route here is a page, a form target or an asset.
func (ui *UI) Mount(mux *http.ServeMux) {
	for _, r := range ui.routes() {
		mux.Handle(r.pattern, ui.chain(r))
	}
}
