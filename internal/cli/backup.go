package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/store"
)

func backupCmd(g *globals) *cobra.Command {
	var db, out string
	cmd := &cobra.Command{
		Use:   "backup --db FILE --out FILE",
		Short: "Write a consistent copy of the database, safe while the server runs",
		Long: "Copies the SQLite database with VACUUM INTO: a consistent snapshot, taken while `interlock serve`\n" +
			"keeps running. The copy is written beside --out and renamed into place, so --out is never half\n" +
			"written; --out must not exist. `interlock backup FILE` (the file as an argument) does the same.\n" +
			"Bring a backup back with `interlock restore --from FILE --db FILE`.",
		Args: func(cmd *cobra.Command, args []string) error {
			if err := cobra.MaximumNArgs(1)(cmd, args); err != nil {
				return usageError{err}
			}
			if (len(args) == 1) == (out != "") {
				return usageError{fmt.Errorf("--out: give the backup's file, either as --out FILE or as the one argument")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			db = first(flagOrEnv(cmd, "db", db, g.env.Getenv("INTERLOCK_DB")), "interlock.db")
			if len(args) == 1 {
				out = args[0]
			}
			version, err := store.BackupFile(cmd.Context(), db, out)
			if err != nil {
				return err
			}
			fmt.Fprintf(g.env.Stdout, "backed up %s to %s (schema version %d)\n", db, out, version)
			return nil
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "SQLite database file (env INTERLOCK_DB; default ./interlock.db)")
	cmd.Flags().StringVar(&out, "out", "", "the backup file to write; it must not exist")
	return cmd
}

func restoreCmd(g *globals) *cobra.Command {
	var db, from string
	var force bool
	cmd := &cobra.Command{
		Use:   "restore --from BACKUP --db FILE",
		Short: "Replace the database with a backup, after checking the backup",
		Long: "Checks a copy of the backup first: it opens, PRAGMA integrity_check answers ok, and its schema\n" +
			"version is one this interlock knows (not newer). Only then is the database replaced, atomically\n" +
			"(the copy is synced beside it and renamed over it); the old file is kept as\n" +
			"FILE.before-restore-<time>. A database that a running server has open is not replaced: stop\n" +
			"the server first, or pass --force. Nothing is changed when a check fails.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if from == "" {
				return usageError{fmt.Errorf("--from: give the backup file to restore")}
			}
			db = first(flagOrEnv(cmd, "db", db, g.env.Getenv("INTERLOCK_DB")), "interlock.db")
			got, err := store.Restore(cmd.Context(), from, db, force, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(g.env.Stdout, "restored %s from %s (schema version %d)\n", db, from, got.Version)
			if got.Aside != "" {
				fmt.Fprintf(g.env.Stdout, "the previous database is kept as %s\n", got.Aside)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "SQLite database file to replace (env INTERLOCK_DB; default ./interlock.db)")
	cmd.Flags().StringVar(&from, "from", "", "the backup file to restore")
	cmd.Flags().BoolVar(&force, "force", false, "replace the database even though another process has it open (then restart that server at once)")
	return cmd
}
