package email_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/notify/email"
)

// server is an in-process SMTP server that records whether each message
// came over TLS and who authenticated.
type server struct {
	mu       sync.Mutex
	tls      []bool
	authUser []string
	data     []string
}

type session struct {
	s    *server
	conn *smtp.Conn
	user string
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "bot" || pass != "pw" {
			return errors.New("bad credentials")
		}
		x.user = user
		return nil
	}), nil
}
func (x *session) Mail(string, *smtp.MailOptions) error { return nil }
func (x *session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (x *session) Reset()                               {}
func (x *session) Logout() error                        { return nil }
func (x *session) Data(r io.Reader) error {
	b, _ := io.ReadAll(r)
	_, isTLS := x.conn.TLSConnectionState()
	x.s.mu.Lock()
	x.s.tls, x.s.authUser, x.s.data = append(x.s.tls, isTLS), append(x.s.authUser, x.user), append(x.s.data, string(b))
	x.s.mu.Unlock()
	return nil
}

func selfSigned(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

// start serves SMTP on loopback: implicit TLS when implicit, else plain
// with STARTTLS offered when tlsCfg is set.
func start(t *testing.T, tlsCfg *tls.Config, implicit bool) (*server, int) {
	t.Helper()
	s := &server{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s, conn: c}, nil }))
	srv.Domain, srv.TLSConfig, srv.AllowInsecureAuth = "localhost", tlsCfg, true
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", tlsCfg)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	p, _ := strconv.Atoi(port)
	return s, p
}

func delivery() notify.Delivery {
	return notify.Delivery{ID: 34, MessageID: 12, Channel: "email", Address: "ann@example.com", MessageKey: "<outbox-12-delivery-34@interlock>",
		Message: core.Message{ID: 12, Title: "Scanner now belongs to payments", Subject: core.Subject{Type: "tool", ID: 3},
			CreatedAt: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), Recipients: []core.Recipient{{Kind: "user", Name: "ann", Reason: "new owner"}}}}
}

func TestSMTPUsesSTARTTLSWhenOfferedSMTPSAndTheURLsCredentials(t *testing.T) {
	cert := selfSigned(t)
	cases := []struct {
		name     string
		url      string
		tlsCfg   *tls.Config
		implicit bool
		wantTLS  bool
		wantUser string
	}{
		{name: "smtp without STARTTLS on offer sends in the clear", url: "smtp://127.0.0.1"},
		{name: "smtp upgrades with STARTTLS when offered", url: "smtp://127.0.0.1", tlsCfg: cert, wantTLS: true},
		{name: "smtps is TLS from the start", url: "smtps://127.0.0.1", tlsCfg: cert, implicit: true, wantTLS: true},
		{name: "credentials from the URL", url: "smtp://bot:pw@127.0.0.1", tlsCfg: cert, wantTLS: true, wantUser: "bot"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, port := start(t, tc.tlsCfg, tc.implicit)
			cfg, err := email.ParseURL(tc.url + ":" + strconv.Itoa(port))
			if err != nil {
				t.Fatal(err)
			}
			cfg.From, cfg.PublicURL, cfg.InsecureSkipVerify = "interlock@example.com", "https://il.example.com", true
			ch, err := email.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := ch.Send(context.Background(), delivery()); err != nil {
				t.Fatalf("send: %v", err)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if len(srv.data) != 1 || srv.tls[0] != tc.wantTLS || srv.authUser[0] != tc.wantUser {
				t.Fatalf("server saw %d messages, TLS %v, user %v; want 1, TLS %v, user %q", len(srv.data), srv.tls, srv.authUser, tc.wantTLS, tc.wantUser)
			}
			for _, want := range []string{"Message-ID: <outbox-12-delivery-34@interlock>", "https://il.example.com/tools/3", "new owner"} {
				if !strings.Contains(srv.data[0], want) {
					t.Errorf("message lacks %q", want)
				}
			}
		})
	}
}

func TestWrongCredentialsFailTheSend(t *testing.T) {
	_, port := start(t, selfSigned(t), false)
	cfg, _ := email.ParseURL("smtp://bot:wrong@127.0.0.1:" + strconv.Itoa(port))
	cfg.From, cfg.InsecureSkipVerify = "interlock@example.com", true
	ch, _ := email.New(cfg)
	if err := ch.Send(context.Background(), delivery()); err == nil {
		t.Fatal("a send with wrong credentials succeeded")
	}
}
