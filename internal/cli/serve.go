package cli

import (
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/app"
)

func serveCmd(g *globals) *cobra.Command {
	var addr, db, logFormat, metricsAddr string
	var gl gitlabFlags
	var nf notifyFlags
	var wf webFlags
	var demo bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the interlock service (API, web UI, webhooks, background jobs)",
		Long: "Runs interlock on SQLite (created if missing). On the first start a user \"admin\" is made, with\n" +
			"the token in INTERLOCK_ADMIN_TOKEN or, if unset, a random token printed once.\n\n" +
			"On --addr it serves:\n" +
			"  /             the web UI: sign in with a token, or with GitLab when --oidc-issuer is set\n" +
			"  /api/v1       the JSON API the CLI uses (its OpenAPI document at /api/v1/openapi.json)\n" +
			"  /hooks/gitlab GitLab's webhooks; refused until --gitlab-webhook-secret is set\n" +
			"Background jobs run in the same process: clocks, sunset reminders, capacity checks, backlog triage,\n" +
			"notification delivery and, when configured, the GitLab sync.\n" +
			"SIGTERM or Ctrl-C stops it after in-flight requests finish.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			addr = first(flagOrEnv(cmd, "addr", addr, g.env.Getenv("INTERLOCK_ADDR")), "127.0.0.1:8080")
			db = first(flagOrEnv(cmd, "db", db, g.env.Getenv("INTERLOCK_DB")), "interlock.db")
			log, err := newLogger(g, first(flagOrEnv(cmd, "log-format", logFormat, g.env.Getenv("INTERLOCK_LOG_FORMAT")), "text"))
			if err != nil {
				return err
			}
			glc, err := gl.config(cmd, g)
			if err != nil {
				return err
			}
			nc, err := nf.config(cmd, g)
			if err != nil {
				return err
			}
			wc, err := wf.config(cmd, g)
			if err != nil {
				return err
			}
			return app.Run(cmd.Context(), app.Config{
				Addr: addr, DBPath: db, AdminToken: g.env.Getenv("INTERLOCK_ADMIN_TOKEN"),
				Version: Version, Logger: log, Announce: g.env.Stdout, GitLab: glc, Notify: nc, Web: wc, Demo: demo,
				MetricsAddr: flagOrEnv(cmd, "metrics-addr", metricsAddr, g.env.Getenv("INTERLOCK_METRICS_ADDR")),
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "listen address (env INTERLOCK_ADDR; default 127.0.0.1:8080)")
	cmd.Flags().StringVar(&db, "db", "", "SQLite database file, or a PostgreSQL URL postgres://… (env INTERLOCK_DB; default ./interlock.db)")
	cmd.Flags().BoolVar(&demo, "demo", false, "run on a clock that `interlock dev clock` can move (tours and trials only)")
	cmd.Flags().StringVar(&logFormat, "log-format", "", "text or json (env INTERLOCK_LOG_FORMAT; default text)")
	cmd.Flags().StringVar(&metricsAddr, "metrics-addr", "",
		"serve GET /metrics on this address instead of the main one (env INTERLOCK_METRICS_ADDR)")
	gl.register(cmd)
	nf.register(cmd)
	wf.register(cmd)
	return cmd
}

// flagOrEnv prefers a flag the user set over the environment.
func flagOrEnv(cmd *cobra.Command, name, flag, env string) string {
	if cmd.Flags().Changed(name) {
		return flag
	}
	return env
}

func newLogger(g *globals, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(g.env.Stderr, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(g.env.Stderr, nil)), nil
	}
	return nil, usageError{fmt.Errorf("--log-format must be text or json, not %q", format)}
}
