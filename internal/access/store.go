package access

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Reader is what access reads, inside or outside a transaction.
type Reader interface {
	User(ctx context.Context, username string) (User, error)
	Users(ctx context.Context) ([]User, error)
	CountUsers(ctx context.Context) (int, error)
	// TokenByHash returns the token with that hash and its user.
	TokenByHash(ctx context.Context, hash string) (Token, User, error)
	// TokensByPrefix returns the tokens with that public prefix and their users.
	TokensByPrefix(ctx context.Context, prefix string) ([]Credential, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error)
}

// Tx is what access changes, inside one transaction.
type Tx interface {
	Reader
	core.Journal
	InsertUser(ctx context.Context, u *User) error
	// UpdateUser stores u if the stored version is still u.Version.
	UpdateUser(ctx context.Context, u *User) error
	InsertToken(ctx context.Context, t *Token) error
	UpdateToken(ctx context.Context, t *Token) error
	// UpdateTokenHash stores a token's prefix and hash (when re-hashed).
	UpdateTokenHash(ctx context.Context, t *Token) error
}

// Store is the persistence behind access.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
}
