package notify_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/jobs"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// gatedChannel counts sends per delivery and holds the gateAt-th send until
// the test opens the gate.
type gatedChannel struct {
	mu      sync.Mutex
	sends   map[string]int
	gateAt  int
	blocked chan struct{}
	open    chan struct{}
}

func (c *gatedChannel) Name() string { return notify.ChannelGitLab }

func (c *gatedChannel) Send(ctx context.Context, d notify.Delivery) error {
	c.mu.Lock()
	c.sends[d.MessageKey]++
	n := 0
	for _, k := range c.sends {
		n += k
	}
	c.mu.Unlock()
	if n == c.gateAt {
		close(c.blocked)
		select {
		case <-c.open:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func TestAThousandQueuedMessagesDrainWithoutBlockingTheAPI(t *testing.T) {
	env := testenv.New(t)
	ch := &gatedChannel{sends: map[string]int{}, gateAt: 10, blocked: make(chan struct{}), open: make(chan struct{})}
	env.Services.Outbox.Register(ch)
	msgs := make([]core.Message, 1000)
	for i := range msgs {
		msgs[i] = core.Message{Topic: "issue.commented", Subject: core.Subject{Type: "tool", ID: 1}, CreatedAt: env.Clock.Now(),
			Title: fmt.Sprintf("message %d", i), Recipients: []core.Recipient{{Kind: "gitlab_issue", Name: fmt.Sprintf("15#%d", i)}}}
	}
	if err := env.DB.Inventory().InTx(context.Background(), func(tx inventory.Tx) error {
		return tx.Enqueue(context.Background(), msgs...)
	}); err != nil {
		t.Fatal(err)
	}

	// The delivery job, woken by the enqueue, under the jobs lease.
	ran := make(chan error, 10)
	job := jobs.Job{Name: "deliveries", Every: time.Hour, Wake: env.Services.Outbox.Wakeups(),
		Run: func(ctx context.Context) error { err := env.Services.Outbox.Deliver(ctx); ran <- err; return err }}
	runner := jobs.NewRunner(env.DB, env.Clock, "test", slog.New(slog.DiscardHandler), job)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { runner.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	<-ch.blocked // the drain is in progress, holding a send
	if _, err := env.Admin.Tools(context.Background(), nil); err != nil {
		t.Fatalf("reading tools during the drain: %v", err)
	}
	tool, err := env.Admin.CreateTool(context.Background(), httpapi.ToolCreate{Name: "During the drain", OwnerTeam: "appsec",
		Criticality: "low", Category: "maintain"})
	if err != nil || tool.ID == 0 {
		t.Fatalf("writing a tool during the drain: %v", err)
	}
	if n := len(outbox(t, env)); n != 500 {
		t.Fatalf("the outbox answered %d messages during the drain, want a full page of 500", n)
	}
	close(ch.open)
	if err := <-ran; err != nil {
		t.Fatalf("delivery job: %v", err)
	}

	ch.mu.Lock()
	defer ch.mu.Unlock()
	if len(ch.sends) != 1000 {
		t.Fatalf("%d distinct deliveries sent, want 1000", len(ch.sends))
	}
	for k, n := range ch.sends {
		if n != 1 {
			t.Fatalf("delivery %s sent %d times", k, n)
		}
	}
	var pending struct {
		Items []httpapi.MessageBody `json:"items"`
	}
	if _, err := env.Admin.Get(context.Background(), "/api/v1/outbox", map[string][]string{"pending": {"true"}, "limit": {"500"}}, &pending); err != nil {
		t.Fatal(err)
	}
	for _, m := range pending.Items {
		if m.Topic == "issue.commented" {
			t.Fatalf("message %d is still pending after the drain: %+v", m.ID, m.Deliveries)
		}
	}
}

func TestWritingAMessageWakesTheDeliveryWorker(t *testing.T) {
	env := testenv.New(t)
	select { // drop a wake-up from setting up
	case <-env.Services.Outbox.Wakeups():
	default:
	}
	if _, err := env.Admin.CreateTool(context.Background(), httpapi.ToolCreate{Name: "Waker", OwnerTeam: "appsec",
		Criticality: "low", Category: "maintain"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-env.Services.Outbox.Wakeups():
	default:
		t.Fatal("a change that wrote an outbox message did not wake delivery")
	}
}
