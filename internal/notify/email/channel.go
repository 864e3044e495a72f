package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"gitlab.com/prodseceng/interlock/internal/notify"
)

// mailTimeout bounds connecting to the mail server.
const mailTimeout = 15 * time.Second

// Channel sends deliveries on the "email" channel.
type Channel struct {
	cfg Config
}

var _ notify.Channel = (*Channel)(nil)

// New returns the email channel.
func New(cfg Config) (*Channel, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Channel{cfg: cfg}, nil
}

// Name is "email".
func (c *Channel) Name() string { return notify.ChannelEmail }

// Send writes one message to one address. Its Message-ID is the delivery's
// stable key, so a retry after a crash is the same email to the receiver.
func (c *Channel) Send(ctx context.Context, d notify.Delivery) error {
	m, err := c.Build(d)
	if err != nil {
		return notify.Permanent(err)
	}
	client, err := c.client()
	if err != nil {
		return err
	}
	if err := client.DialAndSendWithContext(ctx, m); err != nil {
		var se *mail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 && se.Reason == mail.ErrSMTPRcptTo {
			return notify.Permanent(err)
		}
		return err
	}
	return nil
}

func (c *Channel) client() (*mail.Client, error) {
	opts := []mail.Option{mail.WithPort(c.cfg.Port), mail.WithTimeout(mailTimeout)}
	if c.cfg.ImplicitTLS {
		opts = append(opts, mail.WithSSL())
	} else {
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	}
	if c.cfg.InsecureSkipVerify {
		opts = append(opts, mail.WithTLSConfig(&tls.Config{ServerName: c.cfg.Host, InsecureSkipVerify: true})) //nolint:gosec // tests only
	}
	if c.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(c.cfg.Username), mail.WithPassword(c.cfg.Password))
	}
	return mail.NewClient(c.cfg.Host, opts...)
}

// Build makes the MIME message of a delivery: From, To, Subject, Date,
// Message-ID, a text/plain UTF-8 body and an HTML alternative.
func (c *Channel) Build(d notify.Delivery) (*mail.Msg, error) {
	m := mail.NewMsg()
	if err := m.From(c.cfg.From); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if err := m.To(d.Address); err != nil {
		return nil, fmt.Errorf("to %q: %w", d.Address, err)
	}
	m.Subject(Subject(d.Message.Title))
	m.SetDateWithValue(d.Message.CreatedAt)
	m.SetMessageIDWithValue(strings.Trim(d.MessageKey, "<>"))
	m.SetCharset(mail.CharsetUTF8)
	m.SetBulk()
	text := notify.Text(d.Message, d.Message.Recipients, c.cfg.PublicURL)
	m.SetBodyString(mail.TypeTextPlain, text)
	var html strings.Builder
	if err := page.Execute(&html, map[string]any{
		"Title": d.Message.Title, "Body": d.Message.Body, "Link": notify.Link(c.cfg.PublicURL, d.Message.Subject),
		"Why": notify.Why(d.Message.Recipients),
	}); err == nil {
		m.AddAlternativeString(mail.TypeTextHTML, html.String())
	}
	return m, nil
}

// Subject is the email subject of a message: its title, which names the tool
// or request and what happened.
func Subject(title string) string {
	return "[interlock] " + strings.Join(strings.Fields(title), " ")
}

var page = template.Must(template.New("email").Parse(`<!doctype html>
<html><body>
<h1 style="font-size:1.2em">{{.Title}}</h1>
{{if .Body}}<pre style="white-space:pre-wrap;font-family:inherit">{{.Body}}</pre>{{end}}
<p><a href="{{.Link}}">Open it in interlock</a></p>
<p style="color:#555">You get this because {{range $i, $w := .Why}}{{if $i}}; and because {{end}}{{$w}}{{end}}.</p>
</body></html>
`))
