package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// pgQuerier is what both *pgx.Conn and pgx.Tx offer.
type pgQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// copyColumn is one column of a table being copied.
type copyColumn struct {
	name     string
	kind     columnKind
	identity bool
}

// copyTable is one table being copied, its columns in order and the
// columns its rows are ordered by (its primary key, or every column).
type copyTable struct {
	name    string
	columns []copyColumn
	key     []copyColumn
}

// quoted is a name quoted as an SQL identifier, for either database.
func quoted(name string) string { return pgx.Identifier{name}.Sanitize() }

// columnList is the table's columns, quoted and comma-separated.
func (t copyTable) columnList() string {
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = quoted(c.name)
	}
	return strings.Join(names, ", ")
}

// orderBy orders rows by the key, text bytewise on both databases.
func (t copyTable) orderBy(postgres bool) string {
	parts := make([]string, len(t.key))
	for i, c := range t.key {
		p := quoted(c.name)
		if c.kind == kindText {
			if postgres {
				p += ` COLLATE "C"`
			} else {
				p += " COLLATE BINARY"
			}
		}
		parts[i] = p + " NULLS FIRST"
	}
	return strings.Join(parts, ", ")
}

// targetTables lists the target schema's tables, parents before the
// tables that refer to them. Goose's own table and the data version are
// each database's own bookkeeping, and are left out.
func targetTables(ctx context.Context, pg pgQuerier) ([]copyTable, error) {
	tables := map[string]*copyTable{}
	rows, err := pg.Query(ctx, `SELECT c.table_name, c.column_name, c.data_type, c.is_identity
		FROM information_schema.columns c JOIN information_schema.tables t
		  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name NOT IN ('goose_db_version', 'data_version')
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, fmt.Errorf("list the target's tables: %w", err)
	}
	for rows.Next() {
		var table, column, dataType, identity string
		if err := rows.Scan(&table, &column, &dataType, &identity); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list the target's tables: %w", err)
		}
		kind, ok := kindOf(dataType)
		if !ok {
			rows.Close()
			return nil, fmt.Errorf("column %s.%s is of type %s, which migrate does not know how to copy", table, column, dataType)
		}
		if tables[table] == nil {
			tables[table] = &copyTable{name: table}
		}
		tables[table].columns = append(tables[table].columns, copyColumn{name: column, kind: kind, identity: identity == "YES"})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list the target's tables: %w", err)
	}
	if len(tables) == 0 {
		return nil, fmt.Errorf("the target has no tables: its schema was not made")
	}
	if err := readKeys(ctx, pg, tables); err != nil {
		return nil, err
	}
	return parentsFirst(ctx, pg, tables)
}

// readKeys sets each table's key to its primary key, or to every column.
func readKeys(ctx context.Context, pg pgQuerier, tables map[string]*copyTable) error {
	rows, err := pg.Query(ctx, `SELECT k.table_name, k.column_name
		FROM information_schema.table_constraints c JOIN information_schema.key_column_usage k
		  ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name
		WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()
		ORDER BY k.table_name, k.ordinal_position`)
	if err != nil {
		return fmt.Errorf("read the target's primary keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			return fmt.Errorf("read the target's primary keys: %w", err)
		}
		if t := tables[table]; t != nil {
			i := slices.IndexFunc(t.columns, func(c copyColumn) bool { return c.name == column })
			if i >= 0 {
				t.key = append(t.key, t.columns[i])
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the target's primary keys: %w", err)
	}
	for _, t := range tables {
		if len(t.key) == 0 {
			t.key = t.columns
		}
	}
	return nil
}

// checkSourceColumns refuses a SQLite database whose tables and columns
// are not the target's: a table or column only one side has would be lost
// or left empty.
func checkSourceColumns(ctx context.Context, src *sql.Tx, tables []copyTable) error {
	rows, err := src.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT IN ('goose_db_version', 'data_version')`)
	if err != nil {
		return fmt.Errorf("list the source's tables: %w", err)
	}
	have := map[string]bool{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			rows.Close()
			return fmt.Errorf("list the source's tables: %w", err)
		}
		have[table+"."+column] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list the source's tables: %w", err)
	}
	want := map[string]bool{}
	for _, t := range tables {
		for _, c := range t.columns {
			want[t.name+"."+c.name] = true
		}
	}
	for _, name := range slices.Sorted(maps.Keys(have)) {
		if !want[name] {
			return fmt.Errorf("the SQLite database has %s, which the PostgreSQL schema lacks: its data would be lost", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if !have[name] {
			return fmt.Errorf("the PostgreSQL schema has %s, which the SQLite database lacks", name)
		}
	}
	return nil
}
