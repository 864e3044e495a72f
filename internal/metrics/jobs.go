package metrics

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/jobs"
)

// Jobs wraps each job's Run so that its runs, failures and durations are
// counted; the jobs are otherwise unchanged.
func (m *Metrics) Jobs(js []jobs.Job) []jobs.Job {
	out := make([]jobs.Job, len(js))
	for i, j := range js {
		out[i] = m.Job(j)
	}
	return out
}

// Job wraps one job's Run (see Jobs). A run cut short because ctx ended is
// counted as a run, not as a failure.
func (m *Metrics) Job(j jobs.Job) jobs.Job {
	run, runs, failures, took := j.Run, m.jobRuns.WithLabelValues(j.Name), m.jobFailures.WithLabelValues(j.Name),
		m.jobDuration.WithLabelValues(j.Name)
	j.Run = func(ctx context.Context) error {
		start := time.Now()
		err := run(ctx)
		took.Observe(time.Since(start).Seconds())
		runs.Inc()
		if err != nil && ctx.Err() == nil {
			failures.Inc()
		}
		return err
	}
	return j
}
