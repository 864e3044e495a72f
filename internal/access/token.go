package access

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"
)

// Token is a bearer token of a user. Only its public prefix and a salted
// hash are stored; the token itself is shown once, when it is made.
type Token struct {
	ID        int64
	UserID    int64
	Username  string
	Name      string // what it is for, e.g. "laptop" or "ci"
	Prefix    string // the first characters, to recognise it in a list
	Hash      string
	CreatedBy string
	CreatedAt time.Time
	ExpiresAt *time.Time
	RevokedAt *time.Time
}

// TokenPrefix starts every token, so that secret scanners can find leaked ones.
const TokenPrefix = "ilk_"

// MinSuppliedToken is the shortest admin token accepted from the environment.
const MinSuppliedToken = 16

// NewSecret returns a fresh random token.
func NewSecret() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return TokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), nil
}

// prefixOf returns the public prefix of a token: what is shown in lists and
// used to find the token, and all that is kept of it besides its salted hash.
// A random token (ilk_ and 32 characters) shows ilk_ and 6 of them; a token
// chosen by a person (INTERLOCK_ADMIN_TOKEN) shows at most a quarter of
// itself, and no more than 4 characters.
func prefixOf(secret string) string {
	if strings.HasPrefix(secret, TokenPrefix) && len(secret) >= 30 {
		return secret[:len(TokenPrefix)+6]
	}
	return secret[:min(4, len(secret)/4)]
}

// Credential is a token with the user it belongs to.
type Credential struct {
	Token Token
	User  User
}

// Active reports whether the token may still be used at time now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || now.Before(*t.ExpiresAt))
}
