package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/jobs"
	"gitlab.com/prodseceng/interlock/internal/metrics"
)

// scrape answers GET /metrics from the registry and returns the text.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// value is the sample of series (name with its labels, as exposed), or -1 when absent.
func value(text, series string) float64 {
	for line := range strings.Lines(text) {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

func TestRouteLabelIsThePattern(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{"GET /api/v1/tools/{id}", "/api/v1/tools/{id}"},
		{"/", "/"},
		{"POST  /hooks/gitlab", "/hooks/gitlab"},
		{"", "unmatched"},
	}
	for _, tc := range tests {
		if got := metrics.Route(tc.pattern); got != tc.want {
			t.Errorf("Route(%q) = %q, want %q", tc.pattern, got, tc.want)
		}
	}
}

func TestRequestsAreCountedByPatternNotPath(t *testing.T) {
	m := metrics.New(metrics.Options{})
	inner := http.NewServeMux()
	inner.HandleFunc("GET /api/v1/tools/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "404" {
			http.NotFound(w, r)
			return
		}
		_, _ = io.WriteString(w, "ok")
	})
	root := http.NewServeMux()
	root.Handle("/", inner) // nested as app.Handler nests the API under the root
	srv := httptest.NewServer(m.Instrument(root))
	defer srv.Close()
	for _, p := range []string{"/api/v1/tools/1", "/api/v1/tools/2", "/api/v1/tools/404", "/nowhere"} {
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	text := scrape(t, m)
	for series, want := range map[string]float64{
		`interlock_http_requests_total{code="200",method="GET",route="/api/v1/tools/{id}"}`:      2,
		`interlock_http_requests_total{code="404",method="GET",route="/api/v1/tools/{id}"}`:      1,
		`interlock_http_requests_total{code="404",method="GET",route="unmatched"}`:               1,
		`interlock_http_request_duration_seconds_count{method="GET",route="/api/v1/tools/{id}"}`: 3,
	} {
		if got := value(text, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if strings.Contains(text, "/api/v1/tools/1") || strings.Contains(text, "/nowhere") {
		t.Errorf("a raw path became a label:\n%s", text)
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if !strings.Contains(text, "\n"+name+" ") {
			t.Errorf("%s missing from the exposition", name)
		}
	}
}

func TestJobRunsAndFailuresAreCounted(t *testing.T) {
	m := metrics.New(metrics.Options{})
	fail := errors.New("boom")
	calls := 0
	j := m.Job(jobs.Job{Name: "clocks", Every: time.Minute, Run: func(context.Context) error {
		calls++
		if calls == 2 {
			return fail
		}
		return nil
	}})
	for range 3 {
		err := j.Run(context.Background())
		if calls == 2 && !errors.Is(err, fail) {
			t.Errorf("the wrapper hid the job's error: %v", err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls = 1 // the next call fails, but ctx has ended: a stop, not a failure
	_ = j.Run(ctx)
	text := scrape(t, m)
	if got := value(text, `interlock_job_runs_total{job="clocks"}`); got != 4 {
		t.Errorf("runs = %v, want 4", got)
	}
	if got := value(text, `interlock_job_failures_total{job="clocks"}`); got != 1 {
		t.Errorf("failures = %v, want 1", got)
	}
}

// fakeSource is a database that answers a fixed snapshot, or an error.
type fakeSource struct {
	s   metrics.Snapshot
	err error
}

func (f *fakeSource) MetricsSnapshot(context.Context) (metrics.Snapshot, error) { return f.s, f.err }

func TestDatabaseGaugesAtScrapeTime(t *testing.T) {
	clock := core.NewManualClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	inboxSince, outboxSince := clock.Now().Add(-90*time.Second), clock.Now().Add(-time.Hour)
	src := &fakeSource{s: metrics.Snapshot{InboxDepth: 3, InboxOldest: &inboxSince, OutboxDepth: 5, OutboxOldest: &outboxSince,
		Deliveries: map[string]int64{"sent": 7, "dead": 1},
		OpenIssues: []metrics.ClockCount{{Clock: "slo", State: "at_risk", Count: 2}}}}
	m := metrics.New(metrics.Options{Source: src, Clock: clock})
	text := scrape(t, m)
	for series, want := range map[string]float64{
		"interlock_database_up":                                      1,
		"interlock_webhook_inbox_depth":                              3,
		"interlock_webhook_inbox_oldest_age_seconds":                 90,
		"interlock_outbox_depth":                                     5,
		"interlock_outbox_oldest_age_seconds":                        3600,
		`interlock_deliveries{state="sent"}`:                         7,
		`interlock_deliveries{state="dead"}`:                         1,
		`interlock_deliveries{state="pending"}`:                      0,
		`interlock_support_issues_open{clock="slo",state="at_risk"}`: 2,
	} {
		if got := value(text, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	clock.Advance(10 * time.Second)
	src.s.InboxDepth = 0
	text = scrape(t, m)
	if got := value(text, "interlock_webhook_inbox_depth"); got != 0 {
		t.Errorf("inbox depth after draining = %v, want 0", got)
	}
	if got := value(text, "interlock_outbox_oldest_age_seconds"); got != 3610 {
		t.Errorf("outbox age 10s later = %v, want 3610", got)
	}
	src.err = errors.New("database is locked")
	text = scrape(t, m)
	if got := value(text, "interlock_database_up"); got != 0 {
		t.Errorf("database_up when the database fails = %v, want 0", got)
	}
	if value(text, "interlock_webhook_inbox_depth") != -1 {
		t.Errorf("a gauge was reported from a failed read")
	}
}

// TestDashboardNamesExist keeps docs/grafana-dashboard.json in step with
// the metrics: every interlock_ name it queries is exposed.
func TestDashboardNamesExist(t *testing.T) {
	raw, err := os.ReadFile("../../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New(metrics.Options{Source: &fakeSource{s: metrics.Snapshot{OpenIssues: []metrics.ClockCount{{Clock: "slo", State: "none"}}}}})
	m.Jobs([]jobs.Job{{Name: "clocks", Every: time.Minute, Run: func(context.Context) error { return nil }}})
	srv := httptest.NewServer(m.Instrument(m.Handler()))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	text := scrape(t, m)
	names := regexp.MustCompile(`\b(interlock|go|process)_[a-z_]+`).FindAllString(string(raw), -1)
	if len(names) < 10 {
		t.Fatalf("the dashboard queries only %v", names)
	}
	for _, name := range names {
		if !strings.Contains(text, "\n"+name) {
			t.Errorf("the dashboard queries %s, which /metrics does not expose", name)
		}
	}
}
