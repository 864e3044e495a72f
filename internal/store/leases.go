package store

import (
	"context"
	"time"
)

// TryLease takes or renews the lease on a job for holder until the given
// time; a lease another holder has not let expire is left alone. One
// statement, so two replicas racing for it cannot both win.
func (db *DB) TryLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error) {
	res, err := db.sql.ExecContext(ctx, `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= $4`, name, holder, ts(until), ts(now))
	if err != nil {
		return false, translate(err, "take a lease")
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
