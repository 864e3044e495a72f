// Package cli is the interlock command: `serve` runs the service, every other
// verb is a client of its API, in the manner of glab and gh.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/client"
)

// Version is the build's version, set by the linker.
var Version = "dev"

// Env is the outside world the command runs in; tests provide their own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// globals are the flags every client verb shares.
type globals struct {
	env        Env
	url, token string
	configPath string
	json       bool
	// ofRequest makes cocreate verbs name an intake request (co-create of a
	// need) instead of a tool.
	ofRequest bool
}

// Main runs the command line and returns the process's exit code.
func Main(ctx context.Context, args []string, env Env) int {
	root := NewRoot(env)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	err = explain(err)
	nameFlags(cmd, err)
	fmt.Fprintln(env.Stderr, "error:", err)
	var ce *client.Error
	if errors.As(err, &ce) {
		return 1
	}
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

type usageError struct{ error }

// NewRoot builds the interlock command tree.
func NewRoot(env Env) *cobra.Command {
	g := &globals{env: env}
	g.env.Stdout = fitTo(env.Stdout, env.Getenv("COLUMNS"))
	root := &cobra.Command{
		Use:   "interlock",
		Short: "Run a security team's internal tools from intake to sunset",
		Long: "interlock runs the lifecycle of a security team's internal tools: intake, maintenance within\n" +
			"SLO/RTO commitments, co-create with the product, and transition & sunset.\n\n" +
			"`interlock serve` runs the service; every other command is a client of its API.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetIn(env.Stdin)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&g.url, "url", "", "server URL (env INTERLOCK_URL; default http://127.0.0.1:8080)")
	pf.StringVar(&g.token, "token", "", "bearer token (env INTERLOCK_TOKEN)")
	pf.StringVar(&g.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/interlock/config.yaml)")
	pf.BoolVar(&g.json, "json", false, "print JSON for scripts instead of tables")
	root.AddCommand(serveCmd(g), loginCmd(g), toolCmd(g), userCmd(g), tokenCmd(g), rubricCmd(g), backupCmd(g), restoreCmd(g), migrateCmd(g))
	root.AddCommand(cocreateCmd(g), sunsetCmd(g), transferCmd(g), calendarCmd(g))
	root.AddCommand(issueCmd(g), reviewCmd(g), reportCmd(g), devCmd(g), requestCmd(g))
	root.AddCommand(backlogCmd(g), processCmd(g))
	root.AddCommand(adminCmd(g), versionCmd(g))
	root.AddCommand(syncCmd(g)) // sync gitlab
	root.AddCommand(outboxCmd(g))
	addVerbs(root, g)
	suggestVerbs(root)
	return root
}

// exactArgs is cobra.ExactArgs reported as a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
