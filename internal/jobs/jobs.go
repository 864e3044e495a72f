// Package jobs runs the service's background work — reminders, clock
// transitions, deliveries — on a schedule, with a lease in the database so
// that when several replicas run, exactly one of them runs each job at a time.
package jobs

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Job is one piece of background work.
type Job struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) error
	// Wake, when set, runs the job early each time it receives, e.g. when
	// outbox messages are written; Every stays the fallback.
	Wake <-chan struct{}
}

// Leaser hands out time-limited leases on job names.
type Leaser interface {
	// TryLease takes or renews the lease on name for holder until the given
	// time, and reports whether holder has it; a lease another holder has not
	// yet let expire at now is not taken.
	TryLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error)
}

// Runner runs jobs on their schedules under leases.
type Runner struct {
	leaser Leaser
	clock  core.Clock
	holder string
	log    *slog.Logger
	jobs   []Job
}

// NewRunner returns a runner that leases as holder (unique per replica).
func NewRunner(leaser Leaser, clock core.Clock, holder string, log *slog.Logger, jobs ...Job) *Runner {
	return &Runner{leaser: leaser, clock: clock, holder: holder, log: log, jobs: jobs}
}

// Run runs every job on its schedule until ctx ends, then waits for running
// jobs to return.
func (r *Runner) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, j := range r.jobs {
		wg.Go(func() {
			t := time.NewTicker(j.Every)
			defer t.Stop()
			for {
				r.RunOnce(ctx, j)
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				case <-j.Wake:
				}
			}
		})
	}
	wg.Wait()
}

// RunOnce runs a job now if this runner gets its lease, and reports whether it ran.
func (r *Runner) RunOnce(ctx context.Context, j Job) bool {
	now := r.clock.Now()
	ok, err := r.leaser.TryLease(ctx, j.Name, r.holder, now, now.Add(2*j.Every))
	if err != nil {
		if ctx.Err() == nil {
			r.log.Error("job lease failed", "job", j.Name, "error", err)
		}
		return false
	}
	if !ok {
		return false
	}
	if err := j.Run(ctx); err != nil && ctx.Err() == nil {
		r.log.Error("job failed", "job", j.Name, "error", err)
	}
	return true
}
