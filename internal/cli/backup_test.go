package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/cli"
	"gitlab.com/prodseceng/interlock/internal/store"
)

// runLocal runs a verb that works on the database file, not the API.
func runLocal(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Main(context.Background(), args, cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

func TestBackupAndRestoreVerbs(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "interlock.db")
	db, err := store.Open(context.Background(), store.Options{Path: live})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	flagged, positional := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	for _, args := range [][]string{{"backup", "--db", live, "--out", flagged}, {"backup", "--db", live, positional}} {
		if code, out, errs := runLocal(t, args...); code != 0 || !strings.Contains(out, "backed up") {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errs)
		}
	}
	for _, p := range []string{flagged, positional} {
		if _, err := store.CheckCopy(context.Background(), p); err != nil {
			t.Errorf("backup %s: %v", p, err)
		}
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"both the argument and --out", []string{"backup", "--db", live, "--out", flagged, positional}, 2, "--out"},
		{"neither", []string{"backup", "--db", live}, 2, "--out"},
		{"over an existing file", []string{"backup", "--db", live, "--out", flagged}, 1, "exists"},
		{"restore without --from", []string{"restore", "--db", live}, 2, "--from"},
		{"restore over a running server's database", []string{"restore", "--from", flagged, "--db", live}, 1, "--force"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code, out, errs := runLocal(t, tc.args...); code != tc.code || !strings.Contains(errs, tc.inStderr) {
				t.Errorf("exit %d, want %d; stderr should name %q\n%s%s", code, tc.code, tc.inStderr, out, errs)
			}
		})
	}
	db.Close() // the server stops
	code, out, errs := runLocal(t, "restore", "--from", flagged, "--db", live)
	if code != 0 || !strings.Contains(out, "restored") || !strings.Contains(out, ".before-restore-") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errs)
	}
	entries, _ := os.ReadDir(dir)
	var aside int
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "interlock.db.before-restore-") {
			aside++
		}
	}
	if aside != 1 {
		t.Errorf("%d copies of the old database kept aside, want 1", aside)
	}
}
