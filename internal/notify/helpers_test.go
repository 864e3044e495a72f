package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"

	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/notify/chat"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// received is one email an in-process SMTP server accepted.
type received struct {
	From   string
	To     []string
	Header mail.Header
	Raw    string
}

// mailbox is an in-process SMTP server (github.com/emersion/go-smtp) on loopback.
type mailbox struct {
	mu   sync.Mutex
	msgs []received
	srv  *smtp.Server
	addr string
}

// startMailbox serves SMTP on addr ("127.0.0.1:0" for any port).
func startMailbox(t *testing.T, addr string) *mailbox {
	t.Helper()
	mb := &mailbox{}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen for SMTP: %v", err)
	}
	mb.addr = ln.Addr().String()
	mb.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{mb: mb}, nil }))
	mb.srv.Domain = "localhost"
	mb.srv.AllowInsecureAuth = true
	go func() { _ = mb.srv.Serve(ln) }()
	t.Cleanup(func() { mb.srv.Close() })
	return mb
}

// freeAddr returns a loopback address nothing listens on (yet).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func (mb *mailbox) all() []received {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return append([]received(nil), mb.msgs...)
}

// messageIDs counts each Message-ID the server saw.
func (mb *mailbox) messageIDs() map[string]int {
	out := map[string]int{}
	for _, m := range mb.all() {
		out[m.Header.Get("Message-Id")]++
	}
	return out
}

type session struct {
	mb   *mailbox
	from string
	to   []string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = append(s.to, to); return nil }
func (s *session) Reset()                                      { s.from, s.to = "", nil }
func (s *session) Logout() error                               { return nil }
func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	s.mb.mu.Lock()
	s.mb.msgs = append(s.mb.msgs, received{From: s.from, To: s.to, Header: msg.Header, Raw: string(raw)})
	s.mb.mu.Unlock()
	return nil
}

// chatReceiver is an httptest incoming webhook that answers with status.
type chatReceiver struct {
	mu     sync.Mutex
	status int
	posts  []chat.Payload
	keys   []string
	srv    *httptest.Server
}

func startChat(t *testing.T, status int) *chatReceiver {
	t.Helper()
	c := &chatReceiver{status: status}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p chat.Payload
		body, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err := jsonUnmarshal(body, &p); err != nil || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if c.status >= 300 {
			w.WriteHeader(c.status)
			_, _ = w.Write([]byte("no such channel"))
			return
		}
		c.posts = append(c.posts, p)
		c.keys = append(c.keys, r.Header.Get("Idempotency-Key"))
		w.WriteHeader(c.status)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *chatReceiver) setStatus(s int) { c.mu.Lock(); c.status = s; c.mu.Unlock() }

func (c *chatReceiver) received() []chat.Payload {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]chat.Payload(nil), c.posts...)
}

// userWithEmail adds a user with an email address and returns a client acting as them.
func userWithEmail(t *testing.T, env *testenv.Env, username string, role core.Role, email string) *client.Client {
	t.Helper()
	ctx := context.Background()
	var u httpapi.UserBody
	if _, err := env.Admin.Post(ctx, "/api/v1/users", map[string]any{"username": username, "role": role, "email": email}, &u); err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	if u.Email != email {
		t.Fatalf("user %s has email %q, want %q", username, u.Email, email)
	}
	tok, err := env.Admin.CreateToken(ctx, username, "test")
	if err != nil {
		t.Fatalf("token for %s: %v", username, err)
	}
	return client.New(env.Server.URL, tok.Token)
}

// putTeam defines a team as the admin.
func putTeam(t *testing.T, env *testenv.Env, name string, body map[string]any) {
	t.Helper()
	if _, err := env.Admin.Do(context.Background(), http.MethodPut, "/api/v1/teams/"+name, nil, body, nil, ""); err != nil {
		t.Fatalf("put team %s: %v", name, err)
	}
}

// enqueue writes messages to the outbox as a workflow would.
func enqueue(t *testing.T, env *testenv.Env, msgs ...core.Message) {
	t.Helper()
	for i := range msgs {
		if msgs[i].CreatedAt.IsZero() {
			msgs[i].CreatedAt = env.Clock.Now()
		}
		if msgs[i].Subject.Type == "" {
			msgs[i].Subject = core.Subject{Type: "tool", ID: 7}
		}
	}
	if err := env.DB.Enqueue(context.Background(), msgs...); err != nil {
		t.Fatalf("enqueue: %v", err)
	}
}

// deliver runs the delivery job once.
func deliver(t *testing.T, env *testenv.Env) {
	t.Helper()
	if err := env.Services.Outbox.Deliver(context.Background()); err != nil {
		t.Fatalf("deliver: %v", err)
	}
}

// outbox reads the outbox as the admin.
func outbox(t *testing.T, env *testenv.Env) []httpapi.MessageBody {
	t.Helper()
	var out struct {
		Items []httpapi.MessageBody `json:"items"`
	}
	if _, err := env.Admin.Get(context.Background(), "/api/v1/outbox", map[string][]string{"limit": {"500"}}, &out); err != nil {
		t.Fatalf("outbox: %v", err)
	}
	return out.Items
}

func statusOf(err error) int {
	var ce *client.Error
	if errors.As(err, &ce) {
		return ce.Status
	}
	if err == nil {
		return 200
	}
	return -1
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func asClientError(err error, target **client.Error) bool { return errors.As(err, target) }
