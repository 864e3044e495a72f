package jobs_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/jobs"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestOnlyOneReplicaRunsAJob(t *testing.T) {
	db := testenv.OpenDB(t)
	clock := core.NewManualClock(testenv.Start)
	log := slog.New(slog.DiscardHandler)
	var runs atomic.Int32
	job := jobs.Job{Name: "reminders", Every: time.Minute, Run: func(context.Context) error { runs.Add(1); return nil }}
	a := jobs.NewRunner(db, clock, "replica-a", log, job)
	b := jobs.NewRunner(db, clock, "replica-b", log, job)
	ctx := context.Background()

	if !a.RunOnce(ctx, job) || b.RunOnce(ctx, job) {
		t.Fatal("replica a should get the lease and b should not")
	}
	clock.Advance(time.Minute)
	if !a.RunOnce(ctx, job) || b.RunOnce(ctx, job) {
		t.Fatal("the holder renews its lease; the other still waits")
	}
	// Replica a stops; once its lease expires, b takes over.
	clock.Advance(2*time.Minute + time.Second)
	if !b.RunOnce(ctx, job) || a.RunOnce(ctx, job) {
		t.Fatal("after a's lease expired, b should take it and a should not get it back")
	}
	if runs.Load() != 3 {
		t.Errorf("the job ran %d times, want 3", runs.Load())
	}
}
