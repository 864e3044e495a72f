package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/store"
)

// adminCmd holds what whoever runs the server can do with the database
// itself, without the API: the way back in when no admin token works.
func adminCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "admin", Short: "Recover administration with direct access to the database"}
	var db, user string
	token := &cobra.Command{
		Use:   "token --db FILE|postgres://… [--user NAME]",
		Short: "Print a fresh admin token (safe while the server runs)",
		Long: "Makes a new token for an admin and prints it once. It needs the database (file or URL), not the API,\n" +
			"so whoever runs the server can always get back in. Without --user it uses the first enabled admin\n" +
			"(or re-enables or creates the user \"admin\"); with --user that user is made an enabled admin.\n" +
			"The timeline records that it was done.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			db = first(flagOrEnv(cmd, "db", db, g.env.Getenv("INTERLOCK_DB")), "interlock.db")
			return recoverAdmin(cmd.Context(), g, db, user)
		},
	}
	token.Flags().StringVar(&db, "db", "", "SQLite database file or postgres:// URL (env INTERLOCK_DB; default ./interlock.db)")
	token.Flags().StringVar(&user, "user", "", "the admin to make the token for")
	cmd.AddCommand(token)
	return cmd
}

func recoverAdmin(ctx context.Context, g *globals, dbPath, user string) error {
	if _, err := os.Stat(dbPath); err != nil && !store.IsPostgres(dbPath) {
		return fmt.Errorf("database %s: %w (give the file `interlock serve` uses with --db)", dbPath, err)
	}
	db, err := store.Open(ctx, store.Options{Path: dbPath})
	if err != nil {
		return err
	}
	defer db.Close()
	u, secret, err := access.NewService(db.Access(), core.SystemClock{}).RecoverAdmin(ctx, user)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.env.Stderr, "A new token for admin %q (shown only now; the timeline records that it was made):\n", u.Username)
	_, err = fmt.Fprintln(g.env.Stdout, secret)
	return err
}
