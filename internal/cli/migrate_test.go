package cli_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestMigrateVerb(t *testing.T) {
	ctx := context.Background()
	to := storetest.PostgresPath(t)
	withPassword := strings.Replace(to, "postgres://postgres@", "postgres://postgres:sekret-pw@", 1)
	from := filepath.Join(t.TempDir(), "interlock.db")
	db, err := store.Open(ctx, store.Options{Path: from})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := app.Services(db, core.NewManualClock(testenv.Start)).Access.Bootstrap(ctx, testenv.AdminToken); err != nil {
		t.Fatal(err)
	}
	db.Close()

	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"without --from", []string{"migrate", "--to", to}, 2, "--from"},
		{"without --to", []string{"migrate", "--from", from}, 2, "--to"},
		{"--to a file", []string{"migrate", "--from", from, "--to", "other.db"}, 2, "--to"},
		{"--from a URL", []string{"migrate", "--from", to, "--to", to}, 2, "--from"},
		{"a missing source", []string{"migrate", "--from", from + ".missing", "--to", to}, 1, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code, out, errs := runLocal(t, tc.args...); code != tc.code || !strings.Contains(errs, tc.inStderr) {
				t.Errorf("exit %d, want %d; stderr should name %q\n%s%s", code, tc.code, tc.inStderr, out, errs)
			}
		})
	}

	code, out, errs := runLocal(t, "migrate", "--from", from, "--to", withPassword)
	if code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errs)
	}
	// the admin, its token and their two events, and whatever rows the migrations made
	if !regexp.MustCompile(`moved [5-9] rows in`).MatchString(out) {
		t.Errorf("stdout should say it moved at least the 4 rows written:\n%s", out)
	}
	for _, want := range []string{"TABLE", "SHA-256", "users", "tokens", "counts and checksums equal", "postgres:xxxxx@"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout should say %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "copied users: 1 rows") {
		t.Errorf("stderr should show the progress:\n%s", errs)
	}
	if strings.Contains(out+errs, "sekret-pw") {
		t.Errorf("the password was printed:\n%s%s", out, errs)
	}

	code, out, errs = runLocal(t, "migrate", "--from", from, "--to", withPassword)
	if code != 1 || !strings.Contains(errs, "not empty") || !strings.Contains(errs, "users") || strings.Contains(out+errs, "sekret-pw") {
		t.Errorf("a second migrate into the same database: exit %d, want 1 naming the table\n%s%s", code, out, errs)
	}
}
