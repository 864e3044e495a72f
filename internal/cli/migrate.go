package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/store"
)

func migrateCmd(g *globals) *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "migrate --from FILE --to URL",
		Short: "Move an installation from SQLite to PostgreSQL, verified by counts and checksums",
		Long: "Copies every table of the SQLite database --from into the PostgreSQL database --to, in one\n" +
			"transaction, parents before the tables that refer to them. Both are first migrated to this\n" +
			"interlock's schema. The target must be empty: a target holding any row that its migrations did\n" +
			"not make is refused, naming the table, and nothing is written. Afterwards each table's rows are\n" +
			"counted and checksummed on both sides (sha256 over the rows by primary key) and any difference\n" +
			"is an error naming the table.\n" +
			"Stop the server first: what it writes once the copy has begun is not copied.\n\n" +
			"  interlock migrate --from interlock.db --to 'postgres://interlock:PASSWORD@db.example.com/interlock'",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkMigrateFlags(from, to); err != nil {
				return err
			}
			if busy, err := store.InUse(cmd.Context(), from); err == nil && busy {
				fmt.Fprintf(g.env.Stderr, "warning: another process (a running server?) has %s open: "+
					"what it writes from now on is not copied\n", from)
			}
			progress := newCopyProgress(g.env.Stderr, isTerminal(g.env.Stderr))
			report, err := store.CopyToPostgres(cmd.Context(), from, to, progress.update)
			progress.finish()
			if err != nil {
				return err
			}
			return printCopyReport(g, from, to, report)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the SQLite database file to move (it is migrated to this interlock's schema first)")
	cmd.Flags().StringVar(&to, "to", "", "the PostgreSQL database to move it to, an empty one: postgres://user:password@host:5432/db")
	return cmd
}

// checkMigrateFlags names the flag that is missing or wrong.
func checkMigrateFlags(from, to string) error {
	switch {
	case from == "":
		return usageError{fmt.Errorf("--from: give the SQLite database file to move")}
	case store.IsPostgres(from):
		return usageError{fmt.Errorf("--from: give the SQLite database file, not a PostgreSQL URL (%s)", store.Redact(from))}
	case to == "":
		return usageError{fmt.Errorf("--to: give the PostgreSQL database to move to, as postgres://user:password@host:5432/db")}
	case !store.IsPostgres(to):
		return usageError{fmt.Errorf("--to: %q is not a PostgreSQL URL; give postgres://user:password@host:5432/db", store.Redact(to))}
	}
	return nil
}

// copiedTable is one table of the summary, as JSON.
type copiedTable struct {
	Table          string `json:"table"`
	SQLiteRows     int64  `json:"sqlite_rows"`
	PostgresRows   int64  `json:"postgres_rows"`
	SQLiteSHA256   string `json:"sqlite_sha256"`
	PostgresSHA256 string `json:"postgres_sha256"`
}

// printCopyReport writes each table's counts and checksums to stdout.
func printCopyReport(g *globals, from, to string, report store.CopyReport) error {
	out := make([]copiedTable, len(report.Tables))
	rows := make([][]string, len(report.Tables))
	var total int64
	for i, t := range report.Tables {
		out[i] = copiedTable{Table: t.Table, SQLiteRows: t.SourceRows, PostgresRows: t.TargetRows,
			SQLiteSHA256: t.SourceChecksum, PostgresSHA256: t.TargetChecksum}
		total += t.SourceRows
		rows[i] = []string{t.Table, strconv.FormatInt(t.SourceRows, 10), strconv.FormatInt(t.TargetRows, 10), t.TargetChecksum}
	}
	return g.render(g.env.Stdout, out, func() error {
		if err := table(g.env.Stdout, []string{"TABLE", "SQLITE ROWS", "POSTGRESQL ROWS", "SHA-256 (BOTH)"}, rows); err != nil {
			return err
		}
		_, err := fmt.Fprintf(g.env.Stdout, "moved %d rows in %d tables from %s to %s: counts and checksums equal on both sides\n",
			total, len(report.Tables), from, store.Redact(to))
		return err
	})
}
