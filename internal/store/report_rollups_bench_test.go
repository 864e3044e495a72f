package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// BenchmarkSLOStats reads the year's SLO report in the store alone, through
// the roll-ups and from the issues alone, on the database that
// INTERLOCK_BENCH_DB names (a file seeded by BenchmarkBigInventory in
// internal/httpapi, or a PostgreSQL URL); skipped without it.
func BenchmarkSLOStats(b *testing.B) {
	path := os.Getenv("INTERLOCK_BENCH_DB")
	if path == "" {
		b.Skip("INTERLOCK_BENCH_DB names no seeded database")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	to := testenv.Start
	for _, c := range []struct {
		name     string
		from, to time.Time
		stats    func(context.Context, time.Time, time.Time) (int, error)
	}{
		{"rollups_year", to.AddDate(-1, 0, 0), to, func(ctx context.Context, from, to time.Time) (int, error) {
			_, _, total, err := db.SLOStats(ctx, from, to)
			return total.Issues, err
		}},
		// the whole days grouped again each time, as after a write to one
		{"rollups_year_cache_miss", to.AddDate(-1, 0, 0), to, func(ctx context.Context, from, to time.Time) (int, error) {
			db.ForgetSLOCache()
			_, _, total, err := db.SLOStats(ctx, from, to)
			return total.Issues, err
		}},
		// as a transaction reads it: no cache
		{"rollups_year_uncached", to.AddDate(-1, 0, 0), to, func(ctx context.Context, from, to time.Time) (int, error) {
			_, _, total, err := db.SLOStatsUncached(ctx, from, to)
			return total.Issues, err
		}},
		{"live_year", to.AddDate(-1, 0, 0), to, func(ctx context.Context, from, to time.Time) (int, error) {
			_, _, total, err := db.SLOStatsLive(ctx, from, to)
			return total.Issues, err
		}},
		{"rollups_month", to.AddDate(0, -1, 0), to, func(ctx context.Context, from, to time.Time) (int, error) {
			_, _, total, err := db.SLOStats(ctx, from, to)
			return total.Issues, err
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if n, err := c.stats(ctx, c.from, c.to); err != nil || n == 0 {
					b.Fatalf("%d issues, %v", n, err)
				}
			}
		})
	}
}
