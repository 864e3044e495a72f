package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/devseed"
	"gitlab.com/prodseceng/interlock/internal/store"
)

func devCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "dev", Short: "Tools for developing interlock", Hidden: true}
	var db string
	var tools, issues int
	seed := &cobra.Command{Use: "seed --db FILE --tools N --issues M", Short: "Fill a database with a generated inventory and support history",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if db == "" {
				return usageError{fmt.Errorf("--db is required")}
			}
			d, err := store.Open(cmd.Context(), store.Options{Path: db})
			if err != nil {
				return err
			}
			defer d.Close()
			if err := seededBefore(cmd.Context(), d, db); err != nil {
				return err
			}
			cal, err := bizhours.New(bizhours.DefaultConfig())
			if err != nil {
				return err
			}
			start := time.Now()
			_, err = devseed.Seed(cmd.Context(), d.Seeding(), cal, devseed.Options{Tools: tools, Issues: issues,
				Now: time.Now().UTC(), Seed: uint64(start.UnixNano()), Progress: func(n int) {
					if n%100000 == 0 {
						fmt.Fprintf(g.env.Stderr, "%d issues\n", n)
					}
				}})
			if err == nil {
				err = d.AfterBulkLoad(cmd.Context())
			}
			if err == nil {
				fmt.Fprintf(g.env.Stdout, "seeded %d tools and %d issues into %s in %s\n", tools, issues, store.Redact(db),
					time.Since(start).Round(time.Second))
			}
			return err
		}}
	seed.Flags().StringVar(&db, "db", "", "the SQLite file (created if missing) or a postgres:// URL")
	seed.Flags().IntVar(&tools, "tools", 100, "tools to make")
	seed.Flags().IntVar(&issues, "issues", 1000, "support issues to make")
	cmd.AddCommand(seed, devClockCmd(g))
	return cmd
}
