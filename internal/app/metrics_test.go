package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// sample is the value of one series (name and labels as exposed) in
// Prometheus text, or -1 when it is absent.
func sample(text, series string) float64 {
	for line := range strings.Lines(text) {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			if v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64); err == nil {
				return v
			}
		}
	}
	return -1
}

func scrapeEnv(t *testing.T, env *testenv.Env) string {
	t.Helper()
	res := env.Do(http.MethodGet, "/metrics", "", nil, nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %s\n%s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	return string(res.Body)
}

func TestMetricsAfterTraffic(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool := env.Do(http.MethodPost, "/api/v1/tools", testenv.AdminToken, []byte(`{"name":"scanner","owner_team":"appsec",
		"stakeholder_teams":["sirt"],"criticality":"critical","category":"maintain"}`), nil)
	if tool.Status != http.StatusCreated {
		t.Fatalf("create tool: %d %s", tool.Status, tool.Body)
	}
	issue := env.Do(http.MethodPost, "/api/v1/tools/1/issues", testenv.AdminToken,
		[]byte(`{"title":"scans fail","kind":"outage","blocks_functionality":true}`), nil)
	if issue.Status != http.StatusCreated {
		t.Fatalf("open issue: %d %s", issue.Status, issue.Body)
	}
	for _, id := range []string{"1", "998", "999"} {
		env.Do(http.MethodGet, "/api/v1/tools/"+id, testenv.AdminToken, nil, nil)
	}
	// a webhook delivery waiting in the inbox, 90 seconds old at the scrape
	if err := env.DB.RecordHookDeliveries(ctx, []*gitlab.Delivery{{IdempotencyKey: "k1", ReceivedAt: env.Clock.Now(),
		Event: "Issue Hook", Body: []byte(`{}`), Status: "queued"}}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(90 * time.Second)

	text := scrapeEnv(t, env)
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total", "interlock_http_requests_total",
		"interlock_http_request_duration_seconds_bucket", "interlock_webhook_inbox_depth",
		"interlock_webhook_inbox_oldest_age_seconds", "interlock_outbox_depth", "interlock_outbox_oldest_age_seconds",
		"interlock_deliveries", "interlock_support_issues_open", "interlock_database_up"} {
		if !strings.Contains(text, "\n"+name) {
			t.Errorf("%s missing from /metrics", name)
		}
	}
	for series, want := range map[string]float64{
		`interlock_http_requests_total{code="200",method="GET",route="/api/v1/tools/{id}"}`: 1,
		`interlock_http_requests_total{code="404",method="GET",route="/api/v1/tools/{id}"}`: 2,
		`interlock_http_requests_total{code="201",method="POST",route="/api/v1/tools"}`:     1,
		"interlock_database_up":                                       1,
		"interlock_webhook_inbox_depth":                               1,
		"interlock_webhook_inbox_oldest_age_seconds":                  90,
		`interlock_support_issues_open{clock="slo",state="running"}`:  1,
		`interlock_support_issues_open{clock="rto",state="running"}`:  1,
		`interlock_support_issues_open{clock="slo",state="breached"}`: 0,
	} {
		if got := sample(text, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if strings.Contains(text, "/api/v1/tools/998") {
		t.Error("a raw path became a route label")
	}
	// the outbox holds what opening the issue wrote: its depth and age are those of the oldest waiting
	if sample(text, "interlock_outbox_depth") < 1 || sample(text, "interlock_outbox_oldest_age_seconds") < 90 {
		t.Errorf("outbox depth %v, age %v; want the message opening the issue wrote, 90s old",
			sample(text, "interlock_outbox_depth"), sample(text, "interlock_outbox_oldest_age_seconds"))
	}

	// counts move: one more request to a known route, and the scrape itself is counted
	env.Do(http.MethodGet, "/api/v1/tools/1", testenv.AdminToken, nil, nil)
	again := scrapeEnv(t, env)
	if got := sample(again, `interlock_http_requests_total{code="200",method="GET",route="/api/v1/tools/{id}"}`); got != 2 {
		t.Errorf("after one more GET the count is %v, want 2", got)
	}
	if got := sample(again, `interlock_http_requests_total{code="200",method="GET",route="/metrics"}`); got != 1 {
		t.Errorf("the first scrape counted %v times, want 1", got)
	}
}

func TestMetricsOnTheirOwnListener(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr, maddr, done := make(chan string, 1), make(chan string, 1), make(chan error, 1)
	go func() {
		done <- app.Run(ctx, app.Config{Addr: "127.0.0.1:0", MetricsAddr: "127.0.0.1:0",
			DBPath: testenv.DatabasePath(t), AdminToken: testenv.AdminToken, Version: "e2e",
			Logger: slog.New(slog.DiscardHandler), Clock: core.NewManualClock(testenv.Start),
			Listening: func(a string) { addr <- a }, MetricsListening: func(a string) { maddr <- a },
			ShutdownTimeout: 10 * time.Second})
	}()
	var mainURL, metricsURL string
	for mainURL == "" || metricsURL == "" {
		select {
		case a := <-addr:
			mainURL = "http://" + a
		case a := <-maddr:
			metricsURL = "http://" + a
		case err := <-done:
			t.Fatalf("server did not start: %v", err)
		}
	}
	get := func(url string) (int, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := get(mainURL + "/healthz"); code != http.StatusOK {
		t.Fatalf("main listener /healthz: %d", code)
	}
	code, text := get(metricsURL + "/metrics")
	if code != http.StatusOK {
		t.Fatalf("metrics listener: %d %s", code, text)
	}
	if got := sample(text, `interlock_http_requests_total{code="200",method="GET",route="/healthz"}`); got != 1 {
		t.Errorf("the main listener's /healthz counted %v times on the metrics listener, want 1", got)
	}
	if !strings.Contains(text, "\ngo_goroutines ") || !strings.Contains(text, "\ninterlock_database_up 1") {
		t.Errorf("metrics listener lacks go_ or interlock_ metrics:\n%.500s", text)
	}
	if code, body := get(mainURL + "/metrics"); code == http.StatusOK && strings.Contains(body, "interlock_http_requests_total") {
		t.Errorf("with --metrics-addr the main listener still serves the metrics")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("server stopped with %v", err)
	}
	if _, err := http.Get(metricsURL + "/metrics"); err == nil {
		t.Errorf("the metrics listener still answers after shutdown")
	}
}
