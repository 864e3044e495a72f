package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/devseed"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// BenchmarkPages renders /tools and /tools/{id} on the server (the handler
// called in-process, no network) over the development seed: 10,000 tools
// and 100,000 support issues by default. INTERLOCK_BENCH_DB names a seeded
// database to reuse (e.g. the 1,000,000-issue one of the API's benchmarks).
func BenchmarkPages(b *testing.B) {
	path := os.Getenv("INTERLOCK_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "seed.db")
	}
	_, statErr := os.Stat(path)
	db, err := store.Open(context.Background(), store.Options{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if statErr != nil {
		cal, _ := bizhours.New(bizhours.DefaultConfig())
		start := time.Now()
		if _, err := devseed.Seed(context.Background(), db.Seeding(), cal, devseed.Options{
			Tools: 10_000, Issues: 100_000, Now: testenv.Start, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded 10,000 tools and 100,000 issues in %s", time.Since(start))
	}
	env := testenv.Over(b, db)
	h := app.Handler(env.Services, app.Config{Version: "bench", Clock: env.Clock}, db)
	login := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"token": {testenv.AdminToken}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(login, req)
	cookie := login.Result().Cookies()
	if login.Code != http.StatusSeeOther || len(cookie) == 0 {
		b.Fatalf("sign in: %d", login.Code)
	}
	get := func(b *testing.B, path string) {
		r := httptest.NewRequest("GET", path, nil)
		r.AddCookie(cookie[0])
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("GET %s: %d\n%s", path, w.Code, w.Body.String())
		}
	}
	mid := "/tools/" + strconv.Itoa(5000)
	for _, bc := range []struct{ name, path string }{
		{"tools_first_page", "/tools"},
		{"tools_filtered", "/tools?criticality=critical&category=maintain"},
		{"tools_search", "/tools?q=tool-0099"},
		{"tools_stakeholder", "/tools?stakeholder=group-7"},
		{"tool_page", mid},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				get(b, bc.path)
			}
		})
	}
}
