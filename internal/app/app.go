// Package app wires the store, the workflows and the HTTP API into the
// running service, and runs it until its context ends.
package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/calendar"
	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/jobs"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/metrics"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/teams"
	"gitlab.com/prodseceng/interlock/internal/throttle"
)

// Config is everything `interlock serve` is told.
type Config struct {
	Addr       string // listen address, e.g. 127.0.0.1:8080; port 0 picks a free one
	DBPath     string // SQLite file or PostgreSQL URL
	AdminToken string // the first admin's token on a new install; random when empty
	Version    string
	Logger     *slog.Logger
	Clock      core.Clock
	// Announce receives the first admin's token when one was made at random,
	// the only time it is shown.
	Announce io.Writer
	// Listening, when set, is told the bound address once the server accepts connections.
	Listening func(addr string)
	// ShutdownTimeout bounds how long in-flight requests may run after the
	// context ends.
	ShutdownTimeout time.Duration
	// GitLab connects interlock to a GitLab instance; the zero value leaves
	// interlock on its own, as before.
	GitLab GitLabConfig
	// Web is the web UI's public URL and GitLab sign-in.
	Web WebConfig
	// Notify is how messages reach people: email, chat, links.
	Notify NotifyConfig
	// Demo (serve --demo) runs the service on a clock that GET/POST
	// /api/v1/dev/clock can move, for tours and trials; never in production.
	Demo bool
	// MetricsAddr, when set, serves GET /metrics on a listener of its own
	// instead of the main one (serve --metrics-addr, INTERLOCK_METRICS_ADDR).
	MetricsAddr string
	// MetricsListening, when set, is told the metrics listener's address.
	MetricsListening func(addr string)
	// Metrics is the registry the service reports to; a new one when nil.
	Metrics *metrics.Metrics
}

// GitLabConfig is how interlock reaches GitLab and how GitLab proves its
// webhooks. The token is a secret: it is never logged nor returned.
type GitLabConfig struct {
	URL           string // e.g. https://gitlab.example.com
	Token         string // an access token with the api scope
	WebhookSecret string // what GitLab sends in X-Gitlab-Token
	// TeamProject and TeamGroup are where the seeds' work items are made:
	// issues in the project, epics in the group (path or id; empty: not made).
	TeamProject, TeamGroup string
	// SyncEvery is the period of the reconcile sync; an hour when zero.
	SyncEvery time.Duration
	// Retry is how calls ride out 429s and 5xx; tests give it a Sleep that does not wait.
	Retry gitlab.RetryPolicy
	// Classify maps labels to an issue's kind and blocking; the stored label mapping when nil.
	Classify gitlab.Classify
	// Background runs a sync started through the API; a goroutine when nil.
	Background func(func())
}

// Enabled reports whether interlock may call GitLab.
func (g GitLabConfig) Enabled() bool { return g.URL != "" && g.Token != "" }

// String never shows the token.
func (g GitLabConfig) String() string {
	return fmt.Sprintf("GitLab{URL: %q, token set: %t, webhook secret set: %t}", g.URL, g.Token != "", g.WebhookSecret != "")
}

// Run opens the database, makes the first admin if there is none, serves
// until ctx ends, then finishes in-flight requests and closes the database.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = core.SystemClock{}
	}
	if cfg.Demo {
		cfg.Clock = core.NewOffsetClock(cfg.Clock)
		cfg.Logger.Warn("demo mode: the clock can be moved with POST /api/v1/dev/clock; do not use this for real work")
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 30 * time.Second
	}
	db, err := store.Open(ctx, store.Options{Path: cfg.DBPath, Logger: cfg.Logger})
	if err != nil {
		return err
	}
	defer db.Close()
	svc := Services(db, cfg.Clock)
	if cfg.Notify.PublicURL == "" {
		cfg.Notify.PublicURL = cfg.Web.PublicURL
	}
	if err := ConfigureNotify(svc.Outbox, cfg.Notify, cfg.Logger); err != nil {
		return err
	}
	if err := ConfigureGitLab(&svc, db, cfg); err != nil {
		return err
	}
	// Listen before the first admin is made: a start that fails (the port is
	// busy) must not use up the one-time admin token.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	mln, err := listenMetrics(cfg)
	if err != nil {
		_ = ln.Close()
		return err
	}
	cfg.Metrics = metricsOf(cfg, db)
	if err := bootstrap(ctx, svc.Access, cfg); err != nil {
		_ = ln.Close()
		if mln != nil {
			_ = mln.Close()
		}
		return err
	}
	handler := Handler(svc, cfg, db)
	jobCtx, stopJobs := context.WithCancel(context.Background())
	runner := jobs.NewRunner(db, cfg.Clock, holderName(), cfg.Logger, cfg.Metrics.Jobs(Jobs(svc))...)
	jobsDone := make(chan struct{})
	go func() { runner.Run(jobCtx); close(jobsDone) }()
	metricsCtx, stopMetrics := context.WithCancel(ctx)
	metricsDone := serveMetrics(metricsCtx, cfg, cfg.Metrics, mln)
	err = serve(ctx, cfg, ln, logRequests(cfg.Logger, handler))
	stopJobs()
	stopMetrics()
	<-jobsDone
	<-metricsDone
	return err
}

// Handler is the whole HTTP surface of the service: the JSON API and its
// probes, and beside them the adapters that are not the API (GitLab's
// webhooks, the web UI). Each adapter adds its own routes here.
func Handler(svc httpapi.Services, cfg Config, db *store.DB) http.Handler {
	failures := throttle.New(cmp.Or[core.Clock](cfg.Clock, core.SystemClock{})) // one allowance of bad tokens per address, API and pages together
	api := httpapi.New(svc, httpapi.Config{Logger: cfg.Logger, Version: cfg.Version, Ready: db.Ping, Clock: cfg.Clock, Failures: failures,
		PublicURL: cmp.Or(cfg.Web.PublicURL, cfg.Notify.PublicURL), DevClock: devClock(cfg),
		DataVersion: db.VersionSource()})
	root := http.NewServeMux()
	root.Handle("/", api)
	mountWeb(root, svc, cfg, db, failures) // pages; the API keeps /api/, /healthz and /readyz
	mountGitLabHooks(root, svc, cfg)
	return mountMetrics(root, metricsOf(cfg, db), cfg)
}

// Jobs are the background jobs of the service.
func Jobs(svc httpapi.Services) []jobs.Job {
	return append([]jobs.Job{
		{Name: "sunset-reminders", Every: time.Minute, Run: func(ctx context.Context) error {
			_, err := svc.Sunset.SendReminders(ctx)
			return err
		}},
		{Name: "clocks", Every: time.Minute, Run: func(ctx context.Context) error {
			_, err := svc.Maintenance.CheckClocks(ctx)
			return err
		}},
		{Name: "capacity-check", Every: 10 * time.Minute, Run: func(ctx context.Context) error {
			_, err := svc.Maintenance.CheckCapacity(ctx)
			return err
		}},
		deliveryJob(svc.Outbox),
		gitlabInboxJob(svc),
		{Name: "backlog-triage", Every: time.Minute, Run: func(ctx context.Context) error {
			if _, err := svc.Backlog.PublishPending(ctx); err != nil {
				return err
			}
			_, err := svc.Backlog.RunScheduled(ctx) // does nothing unless the schedule is on and due
			return err
		}},
	}, gitlabOutJobs(svc)...)
}

// holderName names this replica in job leases.
func holderName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%x", host, os.Getpid(), b)
}

// Services builds the workflow services over a database.
func Services(db *store.DB, clock core.Clock) httpapi.Services {
	inv := inventory.NewService(db.Inventory(), clock)
	sun := sunset.NewService(db.Sunset(), inv, clock)
	cal := calendar.NewService(db.CalendarStore(), clock)
	outbox := notify.NewService(db, clock)
	db.OnEnqueue(outbox.Wake)
	bl := backlog.NewService(db.Backlog(), nil, clock)
	maint := maintenance.NewService(db.Maintenance(), inv, sun, cal, clock).WithBacklog(bl)
	return httpapi.Services{
		GitLabHooks: gitlabHooks(db, maint, bl, clock),
		Teams:       teams.NewService(db.TeamsStore(), clock),
		Access:      access.NewService(db.Access(), clock),
		Inventory:   inv,
		Outbox:      outbox,
		Sunset:      sun,
		CoCreate:    cocreate.NewService(db.CoCreate(), inv, sun, clock).WithTeams(teamDirectory{db.TeamsStore()}),
		Maintenance: maint,
		Calendar:    cal,
		Intake:      intake.NewService(db.Intake(), inv, clock).WithTeams(teamDirectory{db.TeamsStore()}).WithBacklog(bl),
		Backlog:     bl,
	}
}

func bootstrap(ctx context.Context, svc *access.Service, cfg Config) error {
	secret, created, err := svc.Bootstrap(ctx, cfg.AdminToken)
	if err != nil {
		return fmt.Errorf("first start: %w", err)
	}
	if !created {
		if cfg.AdminToken != "" {
			cfg.Logger.Warn("INTERLOCK_ADMIN_TOKEN is ignored: the database already has users, and the variable only makes " +
				"the first admin of a new database; to get a new admin token run: interlock admin token --db " + store.Redact(cfg.DBPath))
		}
		return nil
	}
	if cfg.AdminToken != "" {
		cfg.Logger.Info("first start: made user admin with the token from INTERLOCK_ADMIN_TOKEN")
		return nil
	}
	cfg.Logger.Info("first start: made user admin with a random token; it is printed once")
	if cfg.Announce != nil {
		fmt.Fprintf(cfg.Announce, "\nFirst start: user \"admin\" was made. Its token, shown only now:\n\n    %s\n\n"+
			"Keep it safe, e.g. export INTERLOCK_TOKEN=%s\n\n", secret, secret)
	}
	return nil
}

func serve(ctx context.Context, cfg Config, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	cfg.Logger.Info("interlock serving", "addr", ln.Addr().String(), "db", store.Redact(cfg.DBPath), "version", cfg.Version)
	if cfg.Listening != nil {
		cfg.Listening(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	cfg.Logger.Info("shutting down: finishing in-flight requests", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	cfg.Logger.Info("stopped")
	return nil
}
