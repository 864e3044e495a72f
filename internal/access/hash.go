package access

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// hashScheme marks a stored token hash made by hashToken: an HMAC-SHA-256
// of the token keyed with a random salt of its own (ADR 14).
const hashScheme = "hmac-sha256"

// hashToken returns the stored form of a new token: scheme, salt and MAC.
// Two tokens never share a hash, and a stolen table cannot be matched
// against a list of guesses without redoing the work per token.
func hashToken(secret string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return hashScheme + "$" + hex.EncodeToString(salt) + "$" + hex.EncodeToString(macOf(salt, secret)), nil
}

func macOf(salt []byte, secret string) []byte {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(secret))
	return m.Sum(nil)
}

// verifyToken reports whether secret is the token stored as stored, in
// either form: salted (current) or a bare SHA-256 (legacy, before ADR 14).
func verifyToken(stored, secret string) (ok, legacy bool) {
	scheme, rest, found := strings.Cut(stored, "$")
	if !found {
		return subtle.ConstantTimeCompare([]byte(stored), []byte(legacyHash(secret))) == 1, true
	}
	saltHex, macHex, found := strings.Cut(rest, "$")
	if scheme != hashScheme || !found {
		return false, false
	}
	salt, err1 := hex.DecodeString(saltHex)
	mac, err2 := hex.DecodeString(macHex)
	if err1 != nil || err2 != nil {
		return false, false
	}
	return hmac.Equal(mac, macOf(salt, secret)), false
}

// legacyHash is how tokens were stored before ADR 14: a bare SHA-256. It is
// only used to find and verify such tokens, which are re-stored salted the
// first time they are used.
func legacyHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
