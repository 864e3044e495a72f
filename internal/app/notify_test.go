package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/notify/email"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

type inbox chan string

type inboxSession struct{ in inbox }

func (s inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s inboxSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s inboxSession) Reset()                               {}
func (s inboxSession) Logout() error                        { return nil }
func (s inboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.in <- string(b)
	return err
}

// TestServeDeliversByEmailAndChatOnItsOwn runs the real service with a mail
// server and a chat webhook: a change that writes a message wakes the
// delivery job, which sends it without anyone asking.
func TestServeDeliversByEmailAndChatOnItsOwn(t *testing.T) {
	in := make(inbox, 10)
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return inboxSession{in}, nil }))
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	chats := make(chan string, 10)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		chats <- string(b)
	}))
	defer hook.Close()

	_, port, _ := net.SplitHostPort(ln.Addr().String())
	smtpCfg, err := email.ParseURL("smtp://127.0.0.1:" + port)
	if err != nil {
		t.Fatal(err)
	}
	smtpCfg.From = "interlock@example.com"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	addr := make(chan string, 1)
	const admin = "ilk_notify_e2e_admin_token_01234"
	go func() {
		done <- app.Run(ctx, app.Config{Addr: "127.0.0.1:0", DBPath: testenv.DatabasePath(t), AdminToken: admin,
			Logger: slog.New(slog.DiscardHandler), Listening: func(a string) { addr <- a }, ShutdownTimeout: 5 * time.Second,
			Notify: app.NotifyConfig{SMTP: &smtpCfg, ChatWebhookURL: hook.URL + "/default", PublicURL: "https://il.example.com"}})
	}()
	var url string
	select {
	case a := <-addr:
		url = "http://" + a
	case err := <-done:
		t.Fatalf("server did not start: %v", err)
	}
	defer func() { cancel(); <-done }()

	c := client.New(url, admin)
	bg := context.Background()
	if _, err := c.Post(bg, "/api/v1/users", map[string]any{"username": "ann", "role": "engineer", "email": "ann@example.com"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(bg, http.MethodPut, "/api/v1/teams/appsec", nil, map[string]any{"members": []string{"ann"}}, nil, ""); err != nil {
		t.Fatal(err)
	}
	tool, err := c.CreateTool(bg, httpapi.ToolCreate{Name: "Mailer", OwnerTeam: "appsec", Criticality: "low", Category: "maintain"})
	if err != nil {
		t.Fatal(err)
	}
	guard := time.After(30 * time.Second) // fails a hung test; nothing waits for it otherwise
	select {
	case msg := <-in:
		for _, want := range []string{"To: <ann@example.com>", "Mailer", "https://il.example.com/tools/" + strconv.FormatInt(tool.ID, 10)} {
			if !strings.Contains(msg, want) {
				t.Errorf("the email lacks %q:\n%s", want, msg)
			}
		}
	case <-guard:
		t.Fatal("no email arrived")
	}
	// other messages (the capacity check's, at start) may reach the default
	// chat webhook too: wait for the one about the tool
	for {
		select {
		case body := <-chats:
			if !strings.Contains(body, "Mailer") {
				continue
			}
			if !strings.Contains(body, `"text"`) {
				t.Errorf("chat got %s", body)
			}
			return
		case <-guard:
			t.Fatal("no chat message about the tool arrived")
		}
	}
}
