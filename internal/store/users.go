package store

import (
	"context"
	"database/sql"
	"time"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
)

const userColumns = `id, username, role, disabled, email, email_notifications, email_digest, created_by, created_at, version`

func scanUser(row scanner) (access.User, error) {
	var u access.User
	var created time.Time
	err := row.Scan(&u.ID, &u.Username, &u.Role, &u.Disabled, &u.Email, &u.EmailNotifications, &u.EmailDigest,
		&u.CreatedBy, &created, &u.Version)
	u.CreatedAt = created.UTC()
	return u, err
}

// User returns a user by username.
func (q queries) User(ctx context.Context, username string) (access.User, error) {
	u, err := scanUser(q.q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = $1`, username))
	if err == sql.ErrNoRows {
		return u, notFound("there is no user %q", username)
	}
	return u, translate(err, "read a user")
}

// Users lists every user by username.
func (q queries) Users(ctx context.Context) ([]access.User, error) {
	return all(ctx, q.q, "users", `SELECT `+userColumns+` FROM users ORDER BY username`, nil, scanUser)
}

// CountUsers counts users.
func (q queries) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, translate(err, "count users")
}

// InsertUser stores a new user.
func (q queries) InsertUser(ctx context.Context, u *access.User) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO users (username, role, disabled, email, email_notifications, email_digest,
		created_by, created_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id`, u.Username, u.Role, u.Disabled,
		u.Email, u.EmailNotifications, u.EmailDigest, u.CreatedBy, ts(u.CreatedAt)).Scan(&u.ID)
	u.Version = 1
	return translate(err, "add a user")
}

// UpdateUser stores a user's role and state if its version is unchanged.
func (q queries) UpdateUser(ctx context.Context, u *access.User) error {
	res, err := q.q.ExecContext(ctx, `UPDATE users SET role = $1, disabled = $2, email = $3, email_notifications = $4,
		email_digest = $5, version = version + 1 WHERE id = $6 AND version = $7`,
		u.Role, u.Disabled, u.Email, u.EmailNotifications, u.EmailDigest, u.ID, u.Version)
	if err != nil {
		return translate(err, "update a user")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return core.Errorf(core.PreconditionFailed, "user %s was changed by someone else; read it again", u.Username)
	}
	u.Version++
	return nil
}

const tokenColumns = `t.id, t.user_id, u.username, t.name, t.prefix, t.hash, t.created_by, t.created_at, t.expires_at, t.revoked_at`

func scanToken(row scanner, extra ...any) (access.Token, error) {
	var t access.Token
	var created time.Time
	var expires, revoked sql.NullTime
	dest := append([]any{&t.ID, &t.UserID, &t.Username, &t.Name, &t.Prefix, &t.Hash, &t.CreatedBy, &created, &expires, &revoked}, extra...)
	err := row.Scan(dest...)
	t.CreatedAt = created.UTC()
	t.ExpiresAt, t.RevokedAt = nullTime(expires), nullTime(revoked)
	return t, err
}

func nullTime(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time.UTC()
	return &t
}

// TokenByHash returns the token with that hash and its user.
func (q queries) TokenByHash(ctx context.Context, hash string) (access.Token, access.User, error) {
	var u access.User
	var created time.Time
	t, err := scanToken(q.q.QueryRowContext(ctx, `SELECT `+tokenColumns+`, u.id, u.username, u.role, u.disabled,
		u.email, u.email_notifications, u.email_digest, u.created_by, u.created_at, u.version
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1`, hash),
		&u.ID, &u.Username, &u.Role, &u.Disabled, &u.Email, &u.EmailNotifications, &u.EmailDigest, &u.CreatedBy, &created, &u.Version)
	u.CreatedAt = created.UTC()
	if err == sql.ErrNoRows {
		return t, u, notFound("no such token")
	}
	return t, u, translate(err, "read a token")
}

// TokensByPrefix returns the tokens with that public prefix and their users.
func (q queries) TokensByPrefix(ctx context.Context, prefix string) ([]access.Credential, error) {
	return all(ctx, q.q, "tokens", `SELECT `+tokenColumns+`, u.id, u.username, u.role, u.disabled,
		u.created_by, u.created_at, u.version FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.prefix = $1 ORDER BY t.id`,
		[]any{prefix}, func(r scanner) (access.Credential, error) {
			var c access.Credential
			var created time.Time
			var err error
			c.Token, err = scanToken(r, &c.User.ID, &c.User.Username, &c.User.Role, &c.User.Disabled, &c.User.CreatedBy, &created, &c.User.Version)
			c.User.CreatedAt = created.UTC()
			return c, err
		})
}

// UpdateTokenHash stores a token's prefix and hash.
func (q queries) UpdateTokenHash(ctx context.Context, t *access.Token) error {
	_, err := q.q.ExecContext(ctx, `UPDATE tokens SET prefix = $1, hash = $2 WHERE id = $3`, t.Prefix, t.Hash, t.ID)
	return translate(err, "update a token")
}

// Tokens lists a user's tokens, newest last.
func (q queries) Tokens(ctx context.Context, userID int64) ([]access.Token, error) {
	return all(ctx, q.q, "tokens", `SELECT `+tokenColumns+` FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.user_id = $1 ORDER BY t.id`, []any{userID}, func(r scanner) (access.Token, error) { return scanToken(r) })
}

// InsertToken stores a new token's hash.
func (q queries) InsertToken(ctx context.Context, t *access.Token) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO tokens (user_id, name, prefix, hash, created_by, created_at, expires_at, revoked_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, t.UserID, t.Name, t.Prefix, t.Hash, t.CreatedBy,
		ts(t.CreatedAt), tsPtr(t.ExpiresAt), tsPtr(t.RevokedAt)).Scan(&t.ID)
	return translate(err, "store a token")
}

// UpdateToken stores a token's expiry and revocation.
func (q queries) UpdateToken(ctx context.Context, t *access.Token) error {
	_, err := q.q.ExecContext(ctx, `UPDATE tokens SET expires_at = $1, revoked_at = $2 WHERE id = $3`,
		tsPtr(t.ExpiresAt), tsPtr(t.RevokedAt), t.ID)
	return translate(err, "update a token")
}
