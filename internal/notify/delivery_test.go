package notify_test

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/notify/chat"
	"gitlab.com/prodseceng/interlock/internal/notify/email"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

const publicURL = "https://interlock.example.com"

// withChannels registers the email channel (to the SMTP server at addr, if
// any) and the chat channel on the environment's notify service.
func withChannels(t *testing.T, env *testenv.Env, smtpAddr string, s notify.Settings) {
	t.Helper()
	s.PublicURL, s.Domain = publicURL, "interlock.example.com"
	env.Services.Outbox.Configure(s, nil)
	env.Services.Outbox.Register(chat.New(nil, publicURL))
	if smtpAddr != "" {
		host, port, _ := net.SplitHostPort(smtpAddr)
		p, _ := strconv.Atoi(port)
		ch, err := email.New(email.Config{Host: host, Port: p, From: "interlock <interlock@example.com>", PublicURL: publicURL})
		if err != nil {
			t.Fatal(err)
		}
		env.Services.Outbox.Register(ch)
	}
}

func onlyDelivery(t *testing.T, env *testenv.Env, msgID int64) httpapi.OutboxDeliveryBody {
	t.Helper()
	for _, m := range outbox(t, env) {
		if m.ID == msgID {
			if len(m.Deliveries) != 1 {
				t.Fatalf("message %d has deliveries %+v, want one", msgID, m.Deliveries)
			}
			return m.Deliveries[0]
		}
	}
	t.Fatalf("message %d is not in the outbox", msgID)
	return httpapi.OutboxDeliveryBody{}
}

func lastMessageID(t *testing.T, env *testenv.Env) int64 {
	t.Helper()
	items := outbox(t, env)
	return items[len(items)-1].ID
}

func TestMailServerDownThenUpIsDeliveredOnce(t *testing.T) {
	env := testenv.New(t)
	addr := freeAddr(t) // nothing listens: the mail server is down
	withChannels(t, env, addr, notify.Settings{})
	userWithEmail(t, env, "alice", core.RoleEngineer, "alice@example.com")
	enqueue(t, env, core.Message{Topic: "tool.added", Title: "Scanner is in the inventory",
		Recipients: []core.Recipient{{Kind: "user", Name: "alice", Reason: "assigned to it"}}})
	id := lastMessageID(t, env)

	deliver(t, env)
	d := onlyDelivery(t, env, id)
	if d.Channel != "email" || d.State != "failed" || d.Attempts != 1 || d.LastError == "" || d.NextAttemptAt == nil {
		t.Fatalf("with the mail server down the delivery is %+v, want failed after 1 attempt with its error", d)
	}
	if wait := d.NextAttemptAt.Sub(env.Clock.Now()); wait <= 0 || wait > 5*time.Second {
		t.Errorf("first retry in %v, want within 5 s", wait)
	}

	mb := startMailbox(t, addr) // the mail server comes up
	deliver(t, env)
	if n := len(mb.all()); n != 0 {
		t.Fatalf("retried before its time: %d emails", n)
	}
	env.Clock.Advance(5 * time.Second)
	deliver(t, env)
	env.Clock.Advance(time.Hour)
	deliver(t, env)
	got := mb.all()
	if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != "alice@example.com" {
		t.Fatalf("mailbox = %+v, want one email to alice", got)
	}
	if d := onlyDelivery(t, env, id); d.State != "sent" || d.Attempts != 2 || d.SentAt == nil || d.LastError != "" {
		t.Errorf("delivery after the server came up = %+v, want sent on attempt 2", d)
	}
}

func TestEmailIsProperMIMEWithLinkAndReason(t *testing.T) {
	env := testenv.New(t)
	mb := startMailbox(t, "127.0.0.1:0")
	withChannels(t, env, mb.addr, notify.Settings{})
	userWithEmail(t, env, "bea", core.RoleRequester, "bea@example.com")
	putTeam(t, env, "payments", map[string]any{"members": []string{"bea"}})
	enqueue(t, env, core.Message{Topic: "sunset.notice", Title: "Café scanner will be decommissioned on 2027-01-04",
		Body: "Plan your migration.", Subject: core.Subject{Type: "tool", ID: 42},
		Recipients: []core.Recipient{{Kind: "team", Name: "payments", Reason: "uses the tool"}}})
	deliver(t, env)
	got := mb.all()
	if len(got) != 1 {
		t.Fatalf("mailbox has %d emails, want 1", len(got))
	}
	h := got[0].Header
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != "[interlock] Café scanner will be decommissioned on 2027-01-04" {
		t.Errorf("Subject = %q (%v)", subject, err)
	}
	if !contains(h.Get("From"), "interlock@example.com") || h.Get("To") != "<bea@example.com>" && h.Get("To") != "bea@example.com" {
		t.Errorf("From %q To %q", h.Get("From"), h.Get("To"))
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if !regexp.MustCompile(`^<outbox-\d+-delivery-\d+@interlock\.example\.com>$`).MatchString(h.Get("Message-Id")) {
		t.Errorf("Message-ID = %q", h.Get("Message-Id"))
	}
	raw := got[0].Raw
	for _, want := range []string{"text/plain; charset=UTF-8", "text/html", publicURL + "/tools/42",
		"You get this because you are in team payments: uses the tool", "Plan your migration."} {
		if !contains(strings.ReplaceAll(raw, "=\r\n", ""), want) {
			t.Errorf("email lacks %q:\n%s", want, raw)
		}
	}
}

func TestChat4xxIsDeadAfterTheLimitThenAnAdminRetryDelivers(t *testing.T) {
	env := testenv.New(t)
	withChannels(t, env, "", notify.Settings{})
	rc := startChat(t, http.StatusNotFound)
	putTeam(t, env, "appsec", map[string]any{"chat_webhook_url": rc.srv.URL + "/hooks/secret"})
	enqueue(t, env, core.Message{Topic: "signal.raised", Title: "Scanner keeps missing its commitment",
		Recipients: []core.Recipient{{Kind: "team", Name: "appsec", Reason: "owner team"}}})
	id := lastMessageID(t, env)

	deliver(t, env)
	d := onlyDelivery(t, env, id)
	if d.Channel != "chat" || d.State != "failed" || !contains(d.LastError, "404") || !contains(d.LastError, "permanent") {
		t.Fatalf("after a 404 the delivery is %+v, want failed with the permanent 404", d)
	}
	if contains(d.Address, "secret") {
		t.Errorf("the outbox shows the webhook's secret path: %q", d.Address)
	}
	env.Clock.Advance(2 * time.Second)
	deliver(t, env)
	if d := onlyDelivery(t, env, id); d.State != "failed" || d.Attempts != 2 {
		t.Fatalf("second attempt: %+v", d)
	}
	env.Clock.Advance(24 * time.Hour)
	deliver(t, env)
	dead := onlyDelivery(t, env, id)
	if dead.State != "dead" || dead.Attempts != 3 || dead.NextAttemptAt != nil {
		t.Fatalf("after 24 h the delivery is %+v, want dead after 3 attempts", dead)
	}
	env.Clock.Advance(time.Hour)
	deliver(t, env)
	if d := onlyDelivery(t, env, id); d.Attempts != 3 {
		t.Fatalf("a dead delivery was tried again on its own: %+v", d)
	}

	retry := fmt.Sprintf("/api/v1/outbox/%d/retry", id)
	manager := env.User("mona", core.RoleManager)
	if _, err := manager.Post(context.Background(), retry, nil, nil); statusOf(err) != http.StatusForbidden {
		t.Fatalf("a manager retrying: %v, want 403", err)
	}
	rc.setStatus(http.StatusOK)
	var after httpapi.MessageBody
	if _, err := env.Admin.Post(context.Background(), retry, nil, &after); err != nil {
		t.Fatalf("admin retry: %v", err)
	}
	if len(after.Deliveries) != 1 || after.Deliveries[0].State != "pending" {
		t.Fatalf("after the retry: %+v, want pending", after.Deliveries)
	}
	deliver(t, env)
	if d := onlyDelivery(t, env, id); d.State != "sent" || d.Attempts != 4 {
		t.Fatalf("after the admin's retry: %+v, want sent", d)
	}
	posts := rc.received()
	if len(posts) != 1 || !contains(posts[0].Text, "]("+publicURL+"/tools/7)") {
		t.Fatalf("chat received %+v, want one message with a Markdown link to the tool", posts)
	}
	if _, err := env.Admin.Post(context.Background(), retry, nil, nil); statusOf(err) != http.StatusConflict {
		t.Errorf("retrying a sent message: %v, want 409", err)
	}
}

// crashingStore loses the record of a send, as a process killed between the
// send and its record would.
type crashingStore struct {
	*store.DB
	crashed chan struct{}
}

func (s crashingStore) RecordSent(context.Context, int64, time.Time) error {
	close(s.crashed)
	return errors.New("killed before the send was recorded")
}

func TestCrashBetweenSendAndRecordReachesTheReceiverWithOneMessageID(t *testing.T) {
	env := testenv.New(t)
	mb := startMailbox(t, "127.0.0.1:0")
	withChannels(t, env, mb.addr, notify.Settings{})
	userWithEmail(t, env, "carl", core.RoleManager, "carl@example.com")
	enqueue(t, env, core.Message{Topic: "capacity.exceeded", Title: "Committed load exceeds capacity",
		Recipients: []core.Recipient{{Kind: "role", Name: "manager", Reason: "managers own capacity"}}})

	// The first process sends and dies before recording.
	first := notify.NewService(crashingStore{DB: env.DB, crashed: make(chan struct{})}, env.Clock)
	host, port, _ := net.SplitHostPort(mb.addr)
	p, _ := strconv.Atoi(port)
	ch, _ := email.New(email.Config{Host: host, Port: p, From: "interlock@example.com"})
	first.Configure(notify.Settings{Domain: "interlock.example.com"}, nil)
	first.Register(ch)
	if err := first.Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(mb.all()); n != 1 {
		t.Fatalf("the first process sent %d emails, want 1", n)
	}

	// The restarted process finds the attempt recorded and retries it.
	env.Clock.Advance(5 * time.Second)
	deliver(t, env)
	env.Clock.Advance(time.Hour)
	deliver(t, env)
	ids := mb.messageIDs()
	if len(ids) != 1 {
		t.Fatalf("the receiver saw Message-IDs %v, want exactly one", ids)
	}
	id := lastMessageID(t, env)
	if d := onlyDelivery(t, env, id); d.State != "sent" || d.Attempts != 2 {
		t.Errorf("delivery = %+v, want sent after 2 attempts", d)
	}
}
