package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/store"
)

func serveCmd(g *globals) *cobra.Command {
	var addr, db, logFormat string
	var gl gitlabFlags
	var nf notifyFlags
	var wf webFlags
	var demo bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the interlock service (API, web UI, webhooks, background jobs)",
		Long: "Runs interlock on SQLite (created if missing). On the first start a user \"admin\" is made, with\n" +
			"the token in INTERLOCK_ADMIN_TOKEN or, if unset, a random token printed once.\n" +
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
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "listen address (env INTERLOCK_ADDR; default 127.0.0.1:8080)")
	cmd.Flags().StringVar(&db, "db", "", "SQLite database file (env INTERLOCK_DB; default ./interlock.db)")
	cmd.Flags().BoolVar(&demo, "demo", false, "run on a clock that `interlock dev clock` can move (tours and trials only)")
	cmd.Flags().StringVar(&logFormat, "log-format", "", "text or json (env INTERLOCK_LOG_FORMAT; default text)")
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

func backupCmd(g *globals) *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "backup <file>",
		Short: "Write a consistent copy of the database, safe while the server runs",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db = first(flagOrEnv(cmd, "db", db, g.env.Getenv("INTERLOCK_DB")), "interlock.db")
			if _, err := os.Stat(db); err != nil {
				return fmt.Errorf("database %s: %w", db, err)
			}
			return backup(cmd.Context(), db, args[0], g)
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "SQLite database file (env INTERLOCK_DB; default ./interlock.db)")
	return cmd
}

func backup(ctx context.Context, dbPath, out string, g *globals) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists; choose a new file", out)
	}
	db, err := store.Open(ctx, store.Options{Path: dbPath})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(g.env.Stdout, "backed up %s to %s\n", dbPath, out)
	return nil
}
