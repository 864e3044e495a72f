package cli_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/teams"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// brokenChat fails every send until it works.
type brokenChat struct{ works atomic.Bool }

func (c *brokenChat) Name() string { return "chat" }

func (c *brokenChat) Send(context.Context, notify.Delivery) error {
	if !c.works.Load() {
		return errors.New("503 from the chat service")
	}
	return nil
}

// TestOutboxListAndRetry: `outbox list [--pending]` shows each delivery's
// state and last error; `outbox retry <id>` makes a failed one due again
// (admin only), and a delivered message leaves the pending list.
func TestOutboxListAndRetry(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	chat := &brokenChat{}
	env.Services.Outbox.Register(chat)
	if _, _, err := env.Services.Teams.Put(ctx, core.System, "appsec", core.AnyVersion,
		teams.Team{ChatWebhookURL: "https://chat.example.com/hooks/appsec"}); err != nil {
		t.Fatal(err)
	}
	if err := env.DB.Enqueue(ctx, core.Message{Topic: "signal.raised", Title: "Scanner keeps missing its commitment",
		Subject: core.Subject{Type: "tool", ID: 7}, CreatedAt: env.Clock.Now(),
		Recipients: []core.Recipient{{Kind: "team", Name: "appsec", Reason: "owner team"}}}); err != nil {
		t.Fatal(err)
	}
	if err := env.Services.Outbox.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	out := must(t, env, []string{"signal.raised", "chat", "failed", "503 from the chat service"}, "outbox", "list", "--pending")
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if !strings.Contains(must(t, env, nil, "outbox", "list", "--json"), `"state": "failed"`) {
		t.Errorf("outbox list --json lacks the failed delivery")
	}
	mona := env.User("mona", core.RoleManager).Token
	if code, _, errOut := run(t, env, mona, "outbox", "retry", id); code == 0 || !strings.Contains(errOut, "admin") {
		t.Errorf("a manager retried: exit %d %q", code, errOut)
	}
	if code, _, errOut := run(t, env, testenv.AdminToken, "outbox", "retry", "twelve"); code != 2 || !strings.Contains(errOut, "number") {
		t.Errorf("a bad id: exit %d %q", code, errOut)
	}
	must(t, env, []string{"message " + id, "deliveries due again", "pending"}, "outbox", "retry", id)
	chat.works.Store(true)
	if err := env.Services.Outbox.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if out := must(t, env, nil, "outbox", "list", "--pending"); strings.Contains(out, "signal.raised") {
		t.Errorf("a delivered message is still pending:\n%s", out)
	}
	must(t, env, []string{"signal.raised", "sent"}, "outbox", "list")
	if code, _, errOut := run(t, env, testenv.AdminToken, "outbox", "retry", id); code == 0 || !strings.Contains(errOut, "no dead or failed delivery") {
		t.Errorf("retrying a sent message: exit %d %q", code, errOut)
	}
}
