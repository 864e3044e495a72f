package httpapi

import (
	"cmp"
	"context"
	"log/slog"
	"maps"
	"net/http"
	"path"
	"reflect"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/calendar"
	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/teams"
	"gitlab.com/prodseceng/interlock/internal/throttle"
	"gitlab.com/prodseceng/interlock/internal/web/apidocs"
)

// Services are the workflows the API exposes.
type Services struct {
	Access    *access.Service
	Inventory *inventory.Service
	Outbox    *notify.Service
	CoCreate  *cocreate.Service
	Sunset    *sunset.Service
	// Maintenance is the maintenance and prioritisation workflow.
	Maintenance *maintenance.Service
	Calendar    *calendar.Service
	Intake      *intake.Service
	// Teams are the teams that messages reach.
	Teams *teams.Service
	// GitLabSync reconciles support issues with GitLab; nil when GitLab is
	// not configured (its calls then answer 409).
	GitLabSync *gitlab.Syncer
	// GitLabMaker makes the seeds' work items in GitLab; nil without GitLab.
	GitLabMaker *gitlab.Maker
	// GitLabHooks is the inbox of GitLab's webhooks, its worker and the label mapping.
	GitLabHooks *gitlab.Hooks
	// Backlog is the team's backlog and its process scheme.
	Backlog *backlog.Service
}

// Config is what the API needs besides its services.
type Config struct {
	Logger  *slog.Logger
	Version string
	// Ready reports whether the service can take traffic (the database answers).
	Ready func(ctx context.Context) error
	// Clock tells the time answers are computed at (clock states); the system clock by default.
	Clock core.Clock
	// PublicURL is where clients reach the API (INTERLOCK_PUBLIC_URL), e.g.
	// https://interlock.example.com: the OpenAPI document's server and the
	// base of $schema links. Empty: "/" and relative links. The Host header
	// of a request is never used for either.
	PublicURL string
	// DevClock, when set (serve --demo), is the clock /api/v1/dev/clock moves.
	DevClock SettableClock
	// DataVersion, when set, changes whenever the database does
	// (store.DB.DataVersion): answers of cacheable reads are kept under it.
	DataVersion func(ctx context.Context) (int64, error)
	// Failures counts bad credentials per client address; pass the same
	// counter to every way in (the API, the web sign-in) so that a guesser
	// gets one allowance, not one per door. A new one when nil.
	Failures *throttle.Failures
}

// server holds what every handler needs.
type server struct {
	Services
	log   *slog.Logger
	api   huma.API
	clock core.Clock
	// failures counts bad credentials per client address (429 when too many).
	failures *throttle.Failures
	// pages keeps encoded answers of cacheable reads; nil without Config.DataVersion.
	pages *pageCache
}

func (s *server) now() time.Time { return s.clock.Now() }

// New returns the HTTP handler of the whole API, health probes included.
func New(svc Services, cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	hc := huma.DefaultConfig("interlock", cfg.Version)
	hc.Info.Description = "The lifecycle of a security team's internal tools: intake, maintenance, co-create, transition and sunset."
	hc.OpenAPIPath = "/api/v1/openapi"
	hc.DocsPath = "" // served below from assets embedded in the binary, not huma's CDN page
	hc.SchemasPath = "/api/v1/schemas"
	hc.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	hc.Formats = maps.Clone(hc.Formats) // huma's defaults are shared; add to a copy
	hc.Formats["text/csv"] = csvFormat
	hc.CreateHooks = append(hc.CreateHooks, func(c huma.Config) huma.Config {
		c.Transformers = withoutHost(skipForCSV(c.Transformers), cfg.PublicURL) // after huma's own hooks have added theirs
		return c
	})
	hc.Servers = []*huma.Server{serverOf(cfg.PublicURL)}
	hc.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "An interlock token (ilk_...)"},
	}
	if cfg.Clock == nil {
		cfg.Clock = core.SystemClock{}
	}
	s := &server{Services: svc, log: cfg.Logger, clock: cfg.Clock, failures: cmp.Or(cfg.Failures, throttle.New(cfg.Clock)),
		pages: newPageCache(cfg.DataVersion)}
	s.api = humago.New(mux, hc)
	s.api.UseMiddleware(s.negotiate, s.authenticate, s.plainNames, s.cachePages)
	s.routes()
	if cfg.DevClock != nil {
		s.devClockRoutes(cfg.DevClock)
	}
	fillVocabularies(s.api.OpenAPI())
	documentPreconditions(s.api.OpenAPI())
	apidocs.Mount(mux, "/api/v1/docs", "/api/v1/openapi.json")
	probes(mux, cfg.Ready)
	return recoverPanics(cfg.Logger, mux)
}

// schemaName names a schema after its type, prefixed with the package of
// workflow types (sunset.Check and cocreate.Check are different things).
func schemaName(t reflect.Type, hint string) string {
	name := withoutResponseSuffix(huma.DefaultSchemaNamer(t, hint))
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	const module = "gitlab.com/prodseceng/interlock/internal/"
	pkg := path.Base(t.PkgPath())
	if !strings.HasPrefix(t.PkgPath(), module) || pkg == "httpapi" || t.Name() == "" {
		return name
	}
	prefix := strings.ToUpper(pkg[:1]) + pkg[1:]
	if strings.HasPrefix(name, prefix) {
		return name
	}
	return prefix + name
}

// skipForCSV keeps huma's transformers (which add a $schema link to JSON
// bodies) away from CSV answers, whose tables are written as they are.
func skipForCSV(ts []huma.Transformer) []huma.Transformer {
	out := make([]huma.Transformer, len(ts))
	for i, t := range ts {
		out[i] = func(ctx huma.Context, status string, v any) (any, error) {
			if negotiated(ctx) == mediaCSV {
				return v, nil
			}
			return t(ctx, status, v)
		}
	}
	return out
}

// recoverPanics turns a panic in a handler into a logged 500 problem
// document instead of a dropped connection.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("panic in handler", "method", r.Method, "path", r.URL.Path, "panic", v)
				w.Header().Set("Content-Type", "application/problem+json")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(`{"title":"Internal Server Error","status":500,"detail":"the server failed; the error is logged"}`))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// probes adds /healthz (the process is up) and /readyz (it can serve).
func probes(mux *http.ServeMux, ready func(context.Context) error) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if ready != nil {
			if err := ready(r.Context()); err != nil {
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte(`{"status":"unavailable"}`))
				return
			}
		}
		_, _ = w.Write([]byte(`{"status":"ready"}`))
	})
}
