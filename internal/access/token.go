package access

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"
)

// Token is a bearer token of a user. Only its hash is stored; the token
// itself is shown once, when it is made.
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

// HashSecret returns the stored form of a token.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// prefixOf returns the shown prefix of a token.
func prefixOf(secret string) string {
	if len(secret) > 10 {
		return secret[:10]
	}
	return secret
}

// Active reports whether the token may still be used at time now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || now.Before(*t.ExpiresAt))
}
