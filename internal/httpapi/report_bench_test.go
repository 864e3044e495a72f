package httpapi_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/devseed"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// bigEnv is an API over 10,000 tools and 1,000,000 support issues of the
// year before testenv.Start. Seeding takes minutes; set INTERLOCK_BENCH_DB
// to a file to keep the seeded database between runs, or to the URL of a
// PostgreSQL database seeded with `interlock dev seed` to measure there.
func bigEnv(b *testing.B) *testenv.Env {
	path := os.Getenv("INTERLOCK_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "big.db")
	}
	_, statErr := os.Stat(path)
	if store.IsPostgres(path) {
		statErr = nil // seeded beforehand
	}
	db, err := store.Open(context.Background(), store.Options{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if statErr != nil {
		cal, _ := bizhours.New(bizhours.DefaultConfig())
		start := time.Now()
		if _, err := devseed.Seed(context.Background(), db.Seeding(), cal, devseed.Options{
			Tools: 10_000, Issues: 1_000_000, Now: testenv.Start, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded 10,000 tools and 1,000,000 issues in %s", time.Since(start))
	}
	return testenv.Over(b, db)
}

// BenchmarkBigInventory: the year's SLO report and the at-risk list over
// 10,000 tools and 1,000,000 issues, through the HTTP API.
func BenchmarkBigInventory(b *testing.B) {
	env := bigEnv(b)
	ctx := context.Background()
	b.Run("slo_report_year", func(b *testing.B) {
		// decoded as the CLI decodes it; the seeded tools have no activity,
		// so most of them are zombies
		var rep httpapi.SLOReportBody
		for b.Loop() {
			if _, err := env.Admin.Get(ctx, "/api/v1/reports/slo", nil, &rep); err != nil || len(rep.ByTool)+len(rep.Zombies) == 0 {
				b.Fatalf("%v, %d rows", err, len(rep.ByTool)+len(rep.Zombies))
			}
		}
	})
	b.Run("at_risk_list", func(b *testing.B) {
		var l struct {
			Items []any `json:"items"`
		}
		for b.Loop() {
			if _, err := env.Admin.Get(ctx, "/api/v1/issues", url.Values{"clock": {"at_risk"}, "limit": {"100"}}, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open_blocking_list", func(b *testing.B) {
		var l struct {
			Items []any `json:"items"`
		}
		for b.Loop() {
			if _, err := env.Admin.Get(ctx, "/api/v1/issues", url.Values{"state": {"open"}, "blocking": {"true"}, "limit": {"100"}}, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("breached_open_list", func(b *testing.B) {
		var l struct {
			Items []any `json:"items"`
		}
		for b.Loop() {
			if _, err := env.Admin.Get(ctx, "/api/v1/issues", url.Values{"clock": {"breached"}, "state": {"open"}, "limit": {"100"}}, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
}
