// Package email delivers notify's messages by email through an SMTP server,
// with github.com/wneessen/go-mail: smtp:// uses STARTTLS when the server
// offers it, smtps:// connects with TLS.
package email

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// Config is how interlock reaches its mail server. The password is a secret:
// it is never logged nor shown.
type Config struct {
	Host        string
	Port        int
	ImplicitTLS bool // smtps://
	Username    string
	Password    string
	From        string // INTERLOCK_MAIL_FROM, e.g. "interlock <interlock@example.com>"
	PublicURL   string // INTERLOCK_PUBLIC_URL, for links
	// InsecureSkipVerify is for tests against a server with a self-signed certificate only.
	InsecureSkipVerify bool
}

// ParseURL reads INTERLOCK_SMTP_URL: smtp://[user[:password]@]host[:port] or
// smtps://…; the default ports are 587 and 465.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return Config{}, fmt.Errorf("INTERLOCK_SMTP_URL must look like smtp://host:port or smtps://host:port")
	}
	c := Config{Host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		c.Port = 587
	case "smtps":
		c.Port, c.ImplicitTLS = 465, true
	default:
		return Config{}, fmt.Errorf("INTERLOCK_SMTP_URL must start with smtp:// or smtps://, not %q", u.Scheme+"://")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, fmt.Errorf("INTERLOCK_SMTP_URL has a bad port %q", p)
		}
		c.Port = n
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	return c, nil
}

// Validate checks the sender address.
func (c Config) Validate() error {
	if c.Host == "" {
		return fmt.Errorf("no SMTP host")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("INTERLOCK_MAIL_FROM must be an address such as interlock@example.com: %v", err)
	}
	return nil
}

// Addr is host:port.
func (c Config) Addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

// String never shows the password.
func (c Config) String() string {
	scheme := "smtp"
	if c.ImplicitTLS {
		scheme = "smtps"
	}
	return fmt.Sprintf("%s://%s (user %q, password set: %t, from %q)", scheme, c.Addr(), c.Username, c.Password != "", c.From)
}
