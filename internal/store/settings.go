package store

import (
	"context"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// setting reads a JSON document kept under key into v and returns its
// version; NotFound when it was never stored.
func (q queries) setting(ctx context.Context, key string, v any) (int, error) {
	var raw string
	var version int
	err := q.q.QueryRowContext(ctx, `SELECT value, version FROM settings WHERE key = $1`, key).Scan(&raw, &version)
	if err != nil {
		return 0, translate(err, "read "+key)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return 0, core.Wrap(err, "decode "+key)
	}
	return version, nil
}

// saveSetting stores v under key if the stored version is still version (0:
// none stored) and returns the new version.
func (q queries) saveSetting(ctx context.Context, key string, v any, version int, actor string, at time.Time) (int, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return 0, core.Wrap(err, "encode "+key)
	}
	if version == 0 {
		_, err := q.q.ExecContext(ctx, `INSERT INTO settings (key, value, version, updated_by, updated_at)
			VALUES ($1, $2, 1, $3, $4)`, key, string(raw), actor, ts(at))
		if core.IsCode(translate(err, ""), core.Conflict) {
			return 0, core.Errorf(core.PreconditionFailed, "%s was changed by someone else; read it again", key)
		}
		return 1, translate(err, "store "+key)
	}
	res, err := q.q.ExecContext(ctx, `UPDATE settings SET value = $1, version = version + 1, updated_by = $2, updated_at = $3
		WHERE key = $4 AND version = $5`, string(raw), actor, ts(at), key, version)
	if err != nil {
		return 0, translate(err, "store "+key)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, core.Errorf(core.PreconditionFailed, "%s was changed by someone else; read it again", key)
	}
	return version + 1, nil
}
