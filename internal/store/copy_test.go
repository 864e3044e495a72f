package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/devseed"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/race"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// installation is a SQLite installation with real content, and what its
// API answered before the move.
type installation struct {
	path    string
	token   string // a user's token
	toolID  int64
	now     time.Time
	answers map[string]string // path → body
}

// comparedPaths are the API reads that must answer the same after the move.
var comparedPaths = []string{"/api/v1/tools?limit=100", "/api/v1/tools/1", "/api/v1/tools/1/events", "/api/v1/tools/1/assessment",
	"/api/v1/issues?limit=100", "/api/v1/requests", "/api/v1/requests/1", "/api/v1/requests/1/comments", "/api/v1/users",
	"/api/v1/users/dana/tokens", "/api/v1/outbox?limit=500", "/api/v1/gitlab/deliveries", "/api/v1/teams"}

// shared is the installation the copy tests start from, built once by the
// first test that asks for it (building it is most of their time) into a
// directory TestMain removes; each test works on a copy of its file.
var shared struct {
	once sync.Once
	dir  string
	in   *installation
}

// newInstallation returns a copy of the shared installation in
// t.TempDir(), for the test to read or change as it likes.
func newInstallation(t *testing.T) installation {
	t.Helper()
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "interlock-copy-*")
		if err != nil {
			t.Fatal(err)
		}
		shared.dir = dir
		in := buildInstallation(t, filepath.Join(dir, "interlock.db"))
		shared.in = &in
	})
	if shared.in == nil {
		t.Fatal("the shared installation could not be built: see the first copy test's failure")
	}
	in := *shared.in
	in.path = filepath.Join(t.TempDir(), "interlock.db")
	data, err := os.ReadFile(shared.in.path)
	if err == nil {
		err = os.WriteFile(in.path, data, 0o600)
	}
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// removeSharedInstallation removes the shared installation's directory, if
// a test built it.
func removeSharedInstallation() {
	if shared.dir != "" {
		_ = os.RemoveAll(shared.dir)
	}
}

// buildInstallation builds a SQLite installation at path through the
// services and the API: users and tokens (one revoked), tools with an
// assessment, support issues (more than one batch of them), a request with
// a comment, a failed chat delivery and webhook deliveries in the inbox.
// The database is closed when it returns, all in the one file.
func buildInstallation(t *testing.T, path string) installation {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	env := testenv.Over(t, db)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	tool, err := env.Admin.CreateTool(ctx, httpapi.ToolCreate{Name: "Scanner", Summary: "finds things, ünïcode too", OwnerTeam: "appsec",
		StakeholderTeams: []string{"sirt", "infra"}, Criticality: "high", Category: "maintain"})
	must(err)
	_, err = env.Admin.Assess(ctx, tool.ID, []string{"owner-and-readme", "tests-in-ci"}, "a start")
	must(err)
	dana, err := env.Admin.CreateUser(ctx, "dana", string(core.RoleRequester))
	must(err)
	tok, err := env.Admin.CreateToken(ctx, "dana", "laptop")
	must(err)
	old, err := env.Admin.CreateToken(ctx, "dana", "old laptop")
	must(err)
	_, err = env.Services.Access.RevokeToken(ctx, core.System, "dana", old.ID)
	must(err)
	env.Clock.Advance(90 * time.Minute)
	_, err = env.Services.Maintenance.OpenIssue(ctx, core.System, tool.ID, maintenance.Issue{Title: "scans fail",
		Kind: maintenance.Bug, BlocksFunctionality: true, BlocksStated: true})
	must(err)
	cal, err := bizhours.New(bizhours.DefaultConfig())
	must(err)
	_, err = devseed.Seed(ctx, db.Seeding(), cal, devseed.Options{Tools: 12, Issues: 1500, Now: env.Clock.Now(), Seed: 7})
	must(err)
	rita := core.Actor{UserID: dana.ID, Username: "dana", Role: core.RoleRequester}
	r, err := env.Services.Intake.Create(ctx, rita, intake.NewRequest{Kind: intake.NetNew, Title: "map findings to owners",
		RequestingTeam: "appsec", Template: map[string]string{"problem_statement": "triage is manual"}})
	must(err)
	if res := env.Do(http.MethodPost, fmt.Sprintf("/api/v1/requests/%d/comments", r.ID), tok.Token,
		[]byte(`{"body":"any news?"}`), nil); res.Status/100 != 2 {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	env.FailedChatDelivery()
	next := env.Clock.Now().Add(time.Minute)
	must(env.DB.RecordHookDeliveries(ctx, []*gitlab.Delivery{
		{IdempotencyKey: "k1", ReceivedAt: env.Clock.Now(), Event: "Issue Hook", Body: []byte{0, 1, 2, 0xff}, Status: "queued"},
		{IdempotencyKey: "k2", ReceivedAt: env.Clock.Now(), Event: "Note Hook", Body: []byte(`{"a":1}`), Status: "failed",
			Error: "no such project", Attempts: 2, NextAttemptAt: &next},
	}))
	in := installation{path: path, token: tok.Token, toolID: tool.ID, now: env.Clock.Now(), answers: map[string]string{}}
	for _, p := range append(comparedPaths, "/api/v1/me") {
		token := testenv.AdminToken
		if p == "/api/v1/me" {
			token = tok.Token
		}
		res := env.Do(http.MethodGet, p, token, nil, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", p, res.Status, res.Body)
		}
		in.answers[p] = string(res.Body)
	}
	must(db.Close())
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("the installation's WAL outlived its close: a copy of the file alone would miss rows")
	}
	return in
}

func TestCopyToPostgresMovesEverything(t *testing.T) {
	if race.Enabled {
		t.Skip("the copy runs in one goroutine: -race has nothing to find in it, and CI's PostgreSQL pass runs this without -race")
	}
	ctx := context.Background()
	to := storetest.PostgresPath(t)
	in := newInstallation(t)
	type step struct{ done, total int64 }
	progress := map[string][]step{}
	report, err := store.CopyToPostgres(ctx, in.path, to, func(table string, done, total int64) {
		progress[table] = append(progress[table], step{done, total})
	})
	if err != nil {
		t.Fatalf("copy: %v", err)
	}
	counts := map[string]int64{}
	for _, tc := range report.Tables {
		if tc.SourceRows != tc.TargetRows || tc.SourceChecksum != tc.TargetChecksum || len(tc.TargetChecksum) != 64 {
			t.Errorf("%+v: counts and checksums should agree", tc)
		}
		counts[tc.Table] = tc.TargetRows
	}
	for _, table := range []string{"users", "tokens", "tools", "tool_stakeholders", "assessments", "support_issues", "requests",
		"request_comments", "outbox", "deliveries", "gitlab_inbox", "events", "teams"} {
		if counts[table] == 0 {
			t.Errorf("table %s: no rows copied (report %v)", table, counts)
		}
	}
	if steps := progress["support_issues"]; len(steps) < 3 || steps[len(steps)-1] != (step{counts["support_issues"], counts["support_issues"]}) {
		t.Errorf("progress of support_issues (over a batch): %v", steps)
	}
	if _, ok := progress["goose_db_version"]; ok {
		t.Error("goose's table was copied")
	}

	db, err := store.Open(ctx, store.Options{Path: to})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	env := testenv.Over(t, db) // its admin is the copied one: bootstrap adds no one
	env.Clock.Set(in.now)
	for _, p := range append(comparedPaths, "/api/v1/me") {
		token := testenv.AdminToken
		if p == "/api/v1/me" {
			token = in.token // dana's token still authenticates
		}
		res := env.Do(http.MethodGet, p, token, nil, nil)
		if res.Status != http.StatusOK || string(res.Body) != in.answers[p] {
			t.Errorf("GET %s after the move: %d\n%s\nbefore:\n%s", p, res.Status, res.Body, in.answers[p])
		}
	}
	tool, err := env.Services.Inventory.Tool(ctx, core.System, in.toolID)
	if err != nil || tool.Name != "Scanner" || !tool.CreatedAt.Equal(testenv.Start) {
		t.Errorf("tool after the move: %+v, %v", tool, err)
	}
	// the identity sequences were moved past the copied ids
	next, err := env.Admin.CreateTool(ctx, httpapi.ToolCreate{Name: "Next", OwnerTeam: "appsec", Criticality: "low", Category: "maintain"})
	if err != nil || next.ID != counts["tools"]+1 {
		t.Errorf("a new tool after the move: id %d, want %d (%v)", next.ID, counts["tools"]+1, err)
	}
}

func TestCopyToPostgresRefusesATargetWithRows(t *testing.T) {
	if race.Enabled {
		t.Skip("the copy runs in one goroutine: -race has nothing to find in it, and CI's PostgreSQL pass runs this without -race")
	}
	ctx := context.Background()
	to := storetest.PostgresPath(t)
	in := newInstallation(t)
	db, err := store.Open(ctx, store.Options{Path: to})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := app.Services(db, core.NewManualClock(testenv.Start))
	if _, _, err := svc.Access.Bootstrap(ctx, "ilk_someone_elses_admin_token_0123"); err != nil {
		t.Fatal(err)
	}
	before := tableCounts(t, to)
	_, err = store.CopyToPostgres(ctx, in.path, to, nil)
	if !core.IsCode(err, core.Conflict) || !strings.Contains(err.Error(), "users") || !strings.Contains(err.Error(), "tokens") {
		t.Fatalf("copy into a target with rows: %v; want a conflict naming users and tokens", err)
	}
	if after := tableCounts(t, to); after != before {
		t.Errorf("the target changed: %s, was %s", after, before)
	}
}

func TestCopyToPostgresRefusesABadSource(t *testing.T) {
	if race.Enabled {
		t.Skip("the copy runs in one goroutine: -race has nothing to find in it, and CI's PostgreSQL pass runs this without -race")
	}
	ctx := context.Background()
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	empty := filepath.Join(dir, "empty.db")
	foreign := filepath.Join(dir, "foreign.db")
	damaged := filepath.Join(dir, "damaged.db")
	writeFile(t, garbage, []byte(strings.Repeat("not a database ", 500)))
	writeFile(t, empty, nil)
	other, err := sql.Open("sqlite", foreign)
	if err == nil {
		_, err = other.Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`)
		other.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	makeDamaged(t, damaged)
	tests := []struct {
		name, from, inError string
	}{
		{"missing", filepath.Join(dir, "nothing.db"), "no such file"},
		{"not SQLite", garbage, "not a SQLite database"},
		{"an empty file", empty, "not a SQLite database"},
		{"SQLite but not interlock", foreign, "not interlock's"},
		{"damaged", damaged, "damaged"},
		{"a URL", "postgres://postgres@127.0.0.1:5432/test", "PostgreSQL URL"},
	}
	to := storetest.PostgresPath(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := store.CopyToPostgres(ctx, tc.from, to, nil)
			if !core.IsCode(err, core.Invalid) || !strings.Contains(err.Error(), tc.inError) {
				t.Fatalf("copy from %s: %v; want an invalid error saying %q", tc.from, err, tc.inError)
			}
		})
	}
	if got := tableCounts(t, to); got != "" {
		t.Errorf("the target was written: %s", got)
	}
	if _, err := store.CopyToPostgres(ctx, damaged, filepath.Join(dir, "other.db"), nil); !core.IsCode(err, core.Invalid) {
		t.Errorf("copy to a file: %v; want invalid", err)
	}
}

// makeDamaged writes an interlock database whose pages after the first are
// overwritten.
func makeDamaged(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(b) && i < 4096*20; i++ {
		b[i] = byte(i * 7)
	}
	writeFile(t, path, b)
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// tableCounts lists the tables of the schema at url with their rows, as
// "table=n" words; "" when it has no tables.
func tableCounts(t *testing.T, url string) string {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
		AND table_type = 'BASE TABLE' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var out []string
	for _, name := range tables {
		var n int64
		if err := db.QueryRow(`SELECT COUNT(*) FROM ` + name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s=%d", name, n))
	}
	return strings.Join(out, " ")
}

func TestCopyToPostgresWritesNothingWhenATableFails(t *testing.T) {
	if race.Enabled {
		t.Skip("the copy runs in one goroutine: -race has nothing to find in it, and CI's PostgreSQL pass runs this without -race")
	}
	ctx := context.Background()
	to := storetest.PostgresPath(t)
	in := newInstallation(t)
	src, err := sql.Open("sqlite", in.path)
	if err == nil {
		_, err = src.Exec(`UPDATE support_issues SET triaged_at = 'the day after tomorrow' WHERE id = 3`)
		src.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.CopyToPostgres(ctx, in.path, to, nil)
	if err == nil || !strings.Contains(err.Error(), "support_issues") || !strings.Contains(err.Error(), "triaged_at") {
		t.Fatalf("copy of a table with a bad time: %v; want an error naming the table and column", err)
	}
	if got := tableCounts(t, to); strings.Contains(got, "users=1") || !strings.Contains(got, "users=0") {
		t.Errorf("the tables copied before the failure were kept: %s", got)
	}
}
