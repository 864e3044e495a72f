package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// syncBuffer is a buffer safe to write from the server and read from the test.
// Each write wakes those waiting on the channel from changed.
type syncBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{} // closed by the next write
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.wrote != nil {
		close(s.wrote)
		s.wrote = nil
	}
	return s.b.Write(p)
}

// changed returns the text so far and a channel closed by the next write.
func (s *syncBuffer) changed() (string, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.wrote == nil {
		s.wrote = make(chan struct{})
	}
	return s.b.String(), s.wrote
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a server started by app.Run on :0.
type running struct {
	url      string
	announce *syncBuffer
	logs     *syncBuffer
	cancel   context.CancelFunc
	done     chan error
}

func start(t *testing.T, dbPath, adminToken string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{announce: &syncBuffer{}, logs: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		r.done <- app.Run(ctx, app.Config{
			Addr: "127.0.0.1:0", DBPath: dbPath, AdminToken: adminToken, Version: "e2e",
			Logger: slog.New(slog.NewJSONHandler(r.logs, nil)), Announce: r.announce,
			Listening: func(a string) { addr <- a }, ShutdownTimeout: 10 * time.Second,
		})
	}()
	select {
	case a := <-addr:
		r.url = "http://" + a
	case err := <-r.done:
		t.Fatalf("server did not start: %v", err)
	}
	t.Cleanup(func() { r.stop(t) })
	return r
}

func (r *running) stop(t *testing.T) {
	t.Helper()
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	if err := <-r.done; err != nil {
		t.Errorf("server stopped with %v", err)
	}
}

var tokenLine = regexp.MustCompile(`ilk_[a-z0-9]+`)

func TestEndToEnd(t *testing.T) {
	dbPath := testenv.DatabasePath(t)
	srv := start(t, dbPath, "")
	secret := tokenLine.FindString(srv.announce.String())
	if secret == "" {
		t.Fatalf("the first start printed no admin token: %q", srv.announce.String())
	}
	ctx := context.Background()
	admin := client.New(srv.url, secret)
	if me, err := admin.Me(ctx); err != nil || me.Username != "admin" || me.Role != "admin" {
		t.Fatalf("me = %+v, %v", me, err)
	}
	if _, err := admin.CreateUser(ctx, "erin", "engineer"); err != nil {
		t.Fatal(err)
	}
	tok, err := admin.CreateToken(ctx, "erin", "laptop")
	if err != nil {
		t.Fatal(err)
	}
	erin := client.New(srv.url, tok.Token)
	// a critical tool is a manager's decision (issue 14, rule 1); erin works on it from here
	tool, err := admin.CreateTool(ctx, httpapi.ToolCreate{Name: "VulnMapper", OwnerTeam: "appsec",
		StakeholderTeams: []string{"sirt"}, Criticality: "critical", Category: "maintain"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := erin.Assess(ctx, tool.ID, []string{"owner-and-readme", "source-in-gitlab"}, "first look")
	if err != nil {
		t.Fatal(err)
	}
	if a.Health != "below_good" || a.Commitment.Level != "high" || a.Missing.Level != "good" {
		t.Errorf("assessment = health %s, level %s, missing for %s; want below_good, high, good",
			a.Health, a.Commitment.Level, a.Missing.Level)
	}
	events, err := erin.ToolEvents(ctx, tool.ID, nil)
	if err != nil || len(events.Items) != 3 {
		t.Fatalf("timeline = %+v, %v; want created, health changed, assessed", events.Items, err)
	}
	for _, e := range events.Items {
		want := "erin"
		if e.Type == "tool.created" {
			want = "admin"
		}
		if e.Actor != want {
			t.Errorf("event %s by %q, want %s", e.Type, e.Actor, want)
		}
	}

	// A restart keeps everything and makes no second admin token.
	srv.stop(t)
	again := start(t, dbPath, "")
	if strings.Contains(again.announce.String(), "ilk_") {
		t.Errorf("the second start printed a token again: %q", again.announce.String())
	}
	got, _, err := client.New(again.url, tok.Token).Tool(ctx, tool.ID)
	if err != nil || got.Health != "below_good" {
		t.Errorf("after a restart: %+v, %v", got, err)
	}
}

func TestAdminTokenFromEnvironment(t *testing.T) {
	srv := start(t, testenv.DatabasePath(t), "supplied-admin-token-123")
	if strings.Contains(srv.announce.String(), "ilk_") {
		t.Errorf("a supplied token must not be printed: %q", srv.announce.String())
	}
	if _, err := client.New(srv.url, "supplied-admin-token-123").Me(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestShutdownFinishesInFlightRequests(t *testing.T) {
	srv := start(t, testenv.DatabasePath(t), "supplied-admin-token-123")
	body, w := io.Pipe()
	// Expect: 100-continue makes the client wait until the handler starts
	// reading the body, so the test knows the request is in flight.
	reading := make(chan struct{})
	trace := &httptrace.ClientTrace{Got100Continue: func() { close(reading) }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace),
		http.MethodPost, srv.url+"/api/v1/users", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer supplied-admin-token-123")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Expect", "100-continue")
	hc := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	res := make(chan *http.Response, 1)
	go func() {
		r, err := hc.Do(req)
		if err != nil {
			t.Errorf("in-flight request failed: %v", err)
			close(res)
			return
		}
		res <- r
	}()
	go func() { _, _ = io.WriteString(w, `{"username": "late",`) }()
	<-reading
	srv.cancel()
	waitForLog(t, srv.logs, "shutting down")
	if _, err := io.WriteString(w, ` "role": "engineer"}`); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r, ok := <-res
	if !ok {
		return
	}
	if r.StatusCode != http.StatusCreated {
		t.Errorf("the in-flight request got %d, want 201", r.StatusCode)
	}
	r.Body.Close()
	if err := <-srv.done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
	srv.cancel = nil
}

// waitForLog waits until the server's log contains s, waking on each write
// to the log rather than polling; it gives up after 10 seconds.
func waitForLog(t *testing.T, logs *syncBuffer, s string) {
	t.Helper()
	limit := time.NewTimer(10 * time.Second)
	defer limit.Stop()
	for {
		text, wrote := logs.changed()
		if strings.Contains(text, s) {
			return
		}
		select {
		case <-wrote:
		case <-limit.C:
			t.Fatalf("log never said %q:\n%s", s, logs.String())
		}
	}
}
