package app_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// The replica process: the test binary run again with these variables runs
// one interlock server and prints the address it listens on.
const (
	replicaDB    = "INTERLOCK_TEST_REPLICA_DB"
	replicaChat  = "INTERLOCK_TEST_REPLICA_CHAT"
	replicaAdmin = "replica-admin-token-0123456789"
)

// TestReplicaProcess is not a test: it is the body of a replica started by
// TestReplicas, and does nothing in a normal run.
func TestReplicaProcess(t *testing.T) {
	db := os.Getenv(replicaDB)
	if db == "" {
		t.Skip("run by TestReplicas as a replica process")
	}
	err := app.Run(context.Background(), app.Config{
		Addr: "127.0.0.1:0", DBPath: db, AdminToken: replicaAdmin, Version: "replica",
		Notify:    app.NotifyConfig{ChatWebhookURL: os.Getenv(replicaChat), SendTimeout: 2 * time.Second},
		Listening: func(addr string) { fmt.Printf("LISTENING %s\n", addr) },
	})
	t.Fatalf("replica stopped: %v", err)
}

// replica is a server process of its own over the shared database.
type replica struct {
	cmd *exec.Cmd
	url string
}

func startReplica(t *testing.T, db, chat string) *replica {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestReplicaProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), replicaDB+"="+db, replicaChat+"="+chat)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if addr, ok := strings.CutPrefix(lines.Text(), "LISTENING "); ok {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return &replica{cmd: cmd, url: "http://" + addr}
		}
	}
	t.Fatalf("the replica stopped before it listened: %v", lines.Err())
	return nil
}

// chatSink is the chat webhook both replicas deliver to. It holds the first
// request it gets until its sender goes away, so that a replica can be
// killed mid-send.
type chatSink struct {
	mu       sync.Mutex
	bodies   []string
	got      chan struct{} // a request arrived
	held     chan struct{} // the first request is being held
	holdOnce sync.Once
}

func newChatSink() *chatSink {
	return &chatSink{got: make(chan struct{}, 1000), held: make(chan struct{})}
}

func (c *chatSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	first := false
	c.holdOnce.Do(func() { first = true })
	if first {
		close(c.held)
		<-r.Context().Done() // held until the sender dies: this one is never delivered
		return
	}
	c.mu.Lock()
	c.bodies = append(c.bodies, string(b))
	c.mu.Unlock()
	c.got <- struct{}{}
}

// mentions reports whether every name is in some delivered message.
func (c *chatSink) mentions(names []string) (missing []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	all := strings.Join(c.bodies, "\n")
	for _, n := range names {
		if !strings.Contains(all, n) {
			missing = append(missing, n)
		}
	}
	return missing
}

// Two replicas over one PostgreSQL: a race on one ETag has one winner, and a
// replica killed with kill -9 under writes and mid-delivery loses nothing
// it acknowledged; the other replica delivers what it left once its lease
// and its claim have expired.
func TestReplicas(t *testing.T) {
	if testenv.Postgres() == "" {
		t.Skip("replicas share a PostgreSQL database: set " + testenv.PostgresEnv)
	}
	db := testenv.DatabasePath(t)
	sink := newChatSink()
	chat := httptest.NewServer(sink)
	defer chat.Close()
	a := startReplica(t, db, chat.URL)
	b := startReplica(t, db, chat.URL)
	ctx := context.Background()
	ca, cb := client.New(a.url, replicaAdmin), client.New(b.url, replicaAdmin)

	t.Run("one winner per ETag", func(t *testing.T) {
		for i := range 10 {
			tool, err := ca.CreateTool(ctx, httpapi.ToolCreate{Name: fmt.Sprintf("raced-%d", i), OwnerTeam: "appsec",
				StakeholderTeams: []string{"sirt"}, Criticality: "low", Category: "maintain"})
			if err != nil {
				t.Fatal(err)
			}
			_, etag, err := cb.Tool(ctx, tool.ID)
			if err != nil {
				t.Fatal(err)
			}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for j, c := range []*client.Client{ca, cb} {
				wg.Go(func() {
					summary := fmt.Sprintf("written by replica %d", j)
					_, errs[j] = c.UpdateTool(ctx, tool.ID, etag, httpapi.ToolPatch{Summary: &summary})
				})
			}
			wg.Wait()
			won, lost := 0, 0
			for _, err := range errs {
				var ce *client.Error
				switch {
				case err == nil:
					won++
				case errors.As(err, &ce) && ce.Status == http.StatusPreconditionFailed:
					lost++
				default:
					t.Fatalf("round %d: %v", i, err)
				}
			}
			if won != 1 || lost != 1 {
				t.Fatalf("round %d: %d answered 200 and %d answered 412, want one each", i, won, lost)
			}
		}
	})

	t.Run("kill -9 loses nothing acknowledged", func(t *testing.T) {
		// The first announcement is held by the sink while it is sent: the
		// replica holding the deliveries lease is then mid-job. Writes go
		// to that replica until it is killed.
		if _, err := ca.CreateTool(ctx, httpapi.ToolCreate{Name: "announced-first", OwnerTeam: "appsec",
			StakeholderTeams: []string{"sirt"}, Criticality: "low", Category: "maintain"}); err != nil {
			t.Fatal(err)
		}
		<-sink.held
		victim, survivor := a, b
		if pid := leaseHolderPID(t, db, "deliveries"); pid == b.cmd.Process.Pid {
			victim, survivor = b, a
		} else if pid != a.cmd.Process.Pid {
			t.Fatalf("the deliveries lease is held by pid %d, neither replica (%d, %d)", pid, a.cmd.Process.Pid, b.cmd.Process.Pid)
		}
		cv, cs := client.New(victim.url, replicaAdmin), client.New(survivor.url, replicaAdmin)
		acked := []string{"announced-first"}
		tenAcked := make(chan struct{})
		writerDone := make(chan error, 1)
		var mu sync.Mutex
		go func() {
			for i := 0; ; i++ {
				name := fmt.Sprintf("written-%d", i)
				_, err := cv.CreateTool(ctx, httpapi.ToolCreate{Name: name, OwnerTeam: "appsec",
					StakeholderTeams: []string{"sirt"}, Criticality: "low", Category: "maintain"})
				if err != nil {
					writerDone <- err // the kill, or a failure: told apart below
					return
				}
				mu.Lock()
				acked = append(acked, name)
				if len(acked) == 11 {
					close(tenAcked)
				}
				mu.Unlock()
			}
		}()
		<-tenAcked
		if err := victim.cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		_ = victim.cmd.Wait()
		if err := <-writerDone; errors.As(err, new(*client.Error)) {
			t.Fatalf("a write was refused before the kill: %v", err)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, name := range acked {
			page, err := cs.Tools(ctx, url.Values{"name": {name}})
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("acknowledged tool %s after the kill: %+v, %v", name, page, err)
			}
		}
		// Every acknowledged tool is announced, by the survivor, once the
		// victim's lease and its claim on the held delivery have expired.
		deadline := time.After(2 * time.Minute)
		for {
			missing := sink.mentions(acked)
			if len(missing) == 0 {
				break
			}
			select {
			case <-sink.got:
			case <-deadline:
				t.Fatalf("after the kill, %d of %d acknowledged tools were never announced, e.g. %s",
					len(missing), len(acked), missing[0])
			}
		}
	})
}

// leaseHolderPID reads which process holds a job's lease (holders are
// named host/pid/random).
func leaseHolderPID(t *testing.T, db, job string) int {
	t.Helper()
	raw, err := sql.Open("pgx", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var holder string
	if err := raw.QueryRow(`SELECT holder FROM leases WHERE name = $1`, job).Scan(&holder); err != nil {
		t.Fatalf("the %s lease: %v", job, err)
	}
	var pid int
	if parts := strings.Split(holder, "/"); len(parts) == 3 {
		pid, _ = strconv.Atoi(parts[1])
	}
	return pid
}
