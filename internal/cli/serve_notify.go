package cli

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/notify/email"
)

// notifyFlags are serve's flags that connect interlock to a mail server and
// a chat channel.
type notifyFlags struct {
	smtpURL, passwordFile, from, chatURL string
	deadAfter                            time.Duration
}

func (f *notifyFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.smtpURL, "smtp-url", "", "mail server: smtp://[user@]host:port (STARTTLS when offered) or smtps://host:port (env INTERLOCK_SMTP_URL)")
	fl.StringVar(&f.passwordFile, "smtp-password-file", "", "file holding the SMTP password (env INTERLOCK_SMTP_PASSWORD_FILE)")
	fl.StringVar(&f.from, "mail-from", "", "sender of interlock's email, e.g. interlock@example.com (env INTERLOCK_MAIL_FROM)")
	fl.StringVar(&f.chatURL, "chat-webhook-url", "", "default chat incoming webhook for teams without one (env INTERLOCK_CHAT_WEBHOOK_URL)")
	fl.DurationVar(&f.deadAfter, "delivery-dead-after", 0, "how long a delivery is retried before it is dead (env INTERLOCK_DELIVERY_DEAD_AFTER; default 24h)")
}

// config reads the flags, then the environment. The SMTP password is never a
// flag: it is in the URL from the environment, or in a file.
func (f *notifyFlags) config(cmd *cobra.Command, g *globals) (app.NotifyConfig, error) {
	var c app.NotifyConfig
	// The public URL is shared with the web UI, which owns its flag; links read the environment.
	c.PublicURL = strings.TrimRight(g.env.Getenv("INTERLOCK_PUBLIC_URL"), "/")
	if c.PublicURL != "" && !isHTTPURL(c.PublicURL) {
		return c, usageError{fmt.Errorf("INTERLOCK_PUBLIC_URL must be an http(s) URL, not %q", c.PublicURL)}
	}
	c.ChatWebhookURL = flagOrEnv(cmd, "chat-webhook-url", f.chatURL, g.env.Getenv("INTERLOCK_CHAT_WEBHOOK_URL"))
	if c.ChatWebhookURL != "" && !isHTTPURL(c.ChatWebhookURL) {
		return c, usageError{fmt.Errorf("INTERLOCK_CHAT_WEBHOOK_URL must be an http(s) URL")}
	}
	c.DeadAfter = f.deadAfter
	if !cmd.Flags().Changed("delivery-dead-after") {
		if v := g.env.Getenv("INTERLOCK_DELIVERY_DEAD_AFTER"); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return c, usageError{fmt.Errorf("INTERLOCK_DELIVERY_DEAD_AFTER must be a duration such as 24h, not %q", v)}
			}
			c.DeadAfter = d
		}
	}
	raw := flagOrEnv(cmd, "smtp-url", f.smtpURL, g.env.Getenv("INTERLOCK_SMTP_URL"))
	from := flagOrEnv(cmd, "mail-from", f.from, g.env.Getenv("INTERLOCK_MAIL_FROM"))
	if raw == "" {
		if from != "" {
			return c, usageError{fmt.Errorf("INTERLOCK_MAIL_FROM is set but INTERLOCK_SMTP_URL is not: say which mail server to use")}
		}
		return c, nil
	}
	sc, err := email.ParseURL(raw)
	if err != nil {
		return c, usageError{err}
	}
	if file := flagOrEnv(cmd, "smtp-password-file", f.passwordFile, g.env.Getenv("INTERLOCK_SMTP_PASSWORD_FILE")); file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return c, usageError{fmt.Errorf("--smtp-password-file: %w", err)}
		}
		sc.Password = strings.TrimSpace(string(b))
	}
	sc.From = from
	if err := sc.Validate(); err != nil {
		return c, usageError{err}
	}
	c.SMTP = &sc
	return c, nil
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
