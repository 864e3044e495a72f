package store

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"gitlab.com/prodseceng/interlock/internal/core"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// translate turns a driver error into a core error, so that nothing above
// the store matches error strings. what says what was being done.
func translate(err error, what string) error {
	if err == nil {
		return nil
	}
	var ce *core.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &core.Error{Code: core.NotFound, Message: what + ": not found", Err: err}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &core.Error{Code: core.Conflict, Message: what + ": already exists", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &core.Error{Code: core.Conflict, Message: what + ": refers to something that does not exist", Err: err}
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return &core.Error{Code: core.Conflict, Message: what + ": already exists", Err: err}
		case "23503": // foreign_key_violation
			return &core.Error{Code: core.Conflict, Message: what + ": refers to something that does not exist", Err: err}
		}
	}
	return core.Wrap(err, what+": the database failed")
}

// notFound returns the NotFound error for a missing thing.
func notFound(format string, args ...any) error {
	return core.Errorf(core.NotFound, format, args...)
}

func isNotFound(err error) bool { return core.IsCode(err, core.NotFound) }

func preconditionFailed(what string, id int64) error {
	return core.Errorf(core.PreconditionFailed, "%s %d was changed by someone else; read it again and retry", what, id)
}
