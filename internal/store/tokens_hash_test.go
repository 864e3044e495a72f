package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// Tokens are stored as their public prefix and a salted hash; a token
// stored before (a bare SHA-256 under a 10-character prefix) still works and
// is re-stored salted on first use.
func TestTokenHashesAreSaltedAndLegacyHashesMigrate(t *testing.T) {
	ctx := context.Background()
	path := storetest.Path(t)
	db := open(t, path)
	defer db.Close()
	svc := access.NewService(db.Access(), core.SystemClock{})
	const supplied = "legacy-admin-token-0123456789"
	if _, _, err := svc.Bootstrap(ctx, supplied); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open(driver(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	row := func() (prefix, hash string) {
		t.Helper()
		if err := raw.QueryRow(`SELECT prefix, hash FROM tokens ORDER BY id LIMIT 1`).Scan(&prefix, &hash); err != nil {
			t.Fatal(err)
		}
		return prefix, hash
	}
	prefix, hash := row()
	sum := sha256.Sum256([]byte(supplied))
	bare := hex.EncodeToString(sum[:])
	if !strings.HasPrefix(hash, "hmac-sha256$") || strings.Contains(hash, bare) || len(prefix) > 4 || !strings.HasPrefix(supplied, prefix) {
		t.Fatalf("stored prefix %q, hash %q: want at most 4 characters and a salted hash", prefix, hash)
	}
	// Make it look as it did before ADR 14.
	if _, err := raw.Exec(`UPDATE tokens SET prefix = $1, hash = $2`, supplied[:10], bare); err != nil {
		t.Fatal(err)
	}
	if a, err := svc.Authenticate(ctx, supplied); err != nil || a.Username != "admin" {
		t.Fatalf("a legacy token: %+v, %v", a, err)
	}
	if prefix, hash = row(); !strings.HasPrefix(hash, "hmac-sha256$") || prefix != supplied[:4] {
		t.Fatalf("after use the legacy token is stored as %q, %q", prefix, hash)
	}
	if _, err := svc.Authenticate(ctx, supplied); err != nil {
		t.Fatalf("the re-stored token: %v", err)
	}
	if _, err := svc.Authenticate(ctx, supplied+"x"); !core.IsCode(err, core.Unauthorized) {
		t.Fatalf("a wrong token: %v", err)
	}
	// A random token keeps ilk_ and 6 characters, and recovery records itself.
	u, secret, err := svc.RecoverAdmin(ctx, "")
	if err != nil || u.Username != "admin" {
		t.Fatal(u, err)
	}
	if a, err := svc.Authenticate(ctx, secret); err != nil || a.Role != core.RoleAdmin {
		t.Fatalf("the recovered token: %+v, %v", a, err)
	}
	var n int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM tokens WHERE prefix = $1`, secret[:10]).Scan(&n); err != nil || n != 1 {
		t.Fatalf("tokens under the prefix %q: %d, %v", secret[:10], n, err)
	}
	if err := raw.QueryRow(`SELECT COUNT(*) FROM events WHERE type = 'token.recovered'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("token.recovered events: %d, %v", n, err)
	}
}
