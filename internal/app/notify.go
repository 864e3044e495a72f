package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"gitlab.com/prodseceng/interlock/internal/jobs"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/notify/chat"
	"gitlab.com/prodseceng/interlock/internal/notify/email"
)

// NotifyConfig is how interlock reaches people: a mail server, a default chat
// webhook, and its own public address for links. The zero value delivers
// only on channels that need no configuration (team chat webhooks).
type NotifyConfig struct {
	// SMTP is the mail server and sender (INTERLOCK_SMTP_URL, INTERLOCK_MAIL_FROM); nil sends no email.
	SMTP *email.Config
	// ChatWebhookURL receives chat messages of teams without their own webhook (INTERLOCK_CHAT_WEBHOOK_URL).
	ChatWebhookURL string
	// PublicURL is where people reach interlock, for links (INTERLOCK_PUBLIC_URL).
	PublicURL string
	// DeadAfter is how long a delivery is retried before it is dead; 24 h when zero.
	DeadAfter time.Duration
	// DigestAt is the time of day (UTC) daily digests go out; 08:00 when zero.
	DigestAt time.Duration
	// SendTimeout bounds one send of a delivery; 30 s when zero.
	SendTimeout time.Duration
}

// String never shows secrets (the SMTP password, the webhook's path).
func (n NotifyConfig) String() string {
	smtp := "off"
	if n.SMTP != nil {
		smtp = n.SMTP.String()
	}
	return fmt.Sprintf("Notify{SMTP: %s, default chat webhook set: %t, public URL: %q}", smtp, n.ChatWebhookURL != "", n.PublicURL)
}

// ConfigureNotify registers the email and chat channels on the notify service
// and sets its schedule. GitLab comments are registered by the GitLab adapter.
func ConfigureNotify(svc *notify.Service, n NotifyConfig, log *slog.Logger) error {
	domain := "interlock"
	if u, err := url.Parse(n.PublicURL); err == nil && u.Hostname() != "" {
		domain = u.Hostname()
	}
	svc.Configure(notify.Settings{DeadAfter: n.DeadAfter, DefaultChatURL: n.ChatWebhookURL, DigestAt: n.DigestAt,
		Domain: domain, PublicURL: n.PublicURL, SendTimeout: n.SendTimeout}, log)
	svc.Register(chat.New(nil, n.PublicURL))
	if n.SMTP != nil {
		c := *n.SMTP
		c.PublicURL = n.PublicURL
		ch, err := email.New(c)
		if err != nil {
			return err
		}
		svc.Register(ch)
	}
	return nil
}

// deliveryJob drains the outbox: woken when messages are written, and every
// few seconds for retries, under the jobs lease like every job.
func deliveryJob(svc *notify.Service) jobs.Job {
	return jobs.Job{Name: "deliveries", Every: 5 * time.Second, Wake: svc.Wakeups(),
		Run: func(ctx context.Context) error { return svc.Deliver(ctx) }}
}
