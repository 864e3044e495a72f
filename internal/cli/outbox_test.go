package cli_test

import (
	"context"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// TestOutboxListAndRetry: `outbox list [--pending]` shows each delivery's
// state and last error; `outbox retry <id>` makes a failed one due again
// (admin only), and a delivered message leaves the pending list.
func TestOutboxListAndRetry(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	chat := env.FailedChatDelivery()
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
	chat.Works.Store(true)
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
