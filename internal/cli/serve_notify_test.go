package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

func notifyConfigOf(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var nf notifyFlags
	cmd := &cobra.Command{Use: "serve"}
	nf.register(cmd)
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	g := &globals{env: Env{Getenv: func(k string) string { return env[k] }}}
	c, err := nf.config(cmd, g)
	if err != nil {
		return "", err
	}
	s := c.String()
	if c.SMTP != nil {
		s += " password=" + c.SMTP.Password
	}
	if c.DeadAfter != 0 {
		s += " dead=" + c.DeadAfter.String()
	}
	return s, nil
}

func TestServeReadsTheMailServerAndChatFromTheEnvironment(t *testing.T) {
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want []string
		err  string
	}{
		{name: "nothing configured sends no email", env: map[string]string{}, want: []string{"SMTP: off"}},
		{name: "smtp with STARTTLS and credentials in the URL",
			env:  map[string]string{"INTERLOCK_SMTP_URL": "smtp://bot:pw1@mail.example.com:2525", "INTERLOCK_MAIL_FROM": "interlock@example.com"},
			want: []string{"smtp://mail.example.com:2525", `user "bot"`, "password set: true", "password=pw1"}},
		{name: "smtps with the password in a file and the default port",
			env: map[string]string{"INTERLOCK_SMTP_URL": "smtps://bot@mail.example.com", "INTERLOCK_MAIL_FROM": "interlock@example.com",
				"INTERLOCK_SMTP_PASSWORD_FILE": pw},
			want: []string{"smtps://mail.example.com:465", "password=s3cret"}},
		{name: "chat, public URL and dead limit",
			env:  map[string]string{"INTERLOCK_CHAT_WEBHOOK_URL": "https://chat.example.com/hooks/x", "INTERLOCK_PUBLIC_URL": "https://il.example.com/"},
			args: []string{"--delivery-dead-after=2h"},
			want: []string{"default chat webhook set: true", `public URL: "https://il.example.com"`, "dead=" + (2 * time.Hour).String()}},
		{name: "a flag wins over the environment",
			env:  map[string]string{"INTERLOCK_SMTP_URL": "smtp://env.example.com", "INTERLOCK_MAIL_FROM": "a@example.com"},
			args: []string{"--smtp-url=smtp://flag.example.com:25"},
			want: []string{"smtp://flag.example.com:25"}},
		{name: "an unknown scheme", env: map[string]string{"INTERLOCK_SMTP_URL": "http://mail", "INTERLOCK_MAIL_FROM": "a@example.com"}, err: "smtp://"},
		{name: "no sender", env: map[string]string{"INTERLOCK_SMTP_URL": "smtp://mail.example.com"}, err: "INTERLOCK_MAIL_FROM"},
		{name: "a sender without a server", env: map[string]string{"INTERLOCK_MAIL_FROM": "a@example.com"}, err: "INTERLOCK_SMTP_URL"},
		{name: "a chat URL that is not http", env: map[string]string{"INTERLOCK_CHAT_WEBHOOK_URL": "chat.example.com"}, err: "INTERLOCK_CHAT_WEBHOOK_URL"},
		{name: "a bad dead limit", env: map[string]string{"INTERLOCK_DELIVERY_DEAD_AFTER": "soon"}, err: "INTERLOCK_DELIVERY_DEAD_AFTER"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := notifyConfigOf(t, tc.env, tc.args...)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one naming %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("config %q lacks %q", got, w)
				}
			}
			if strings.Contains(strings.Split(got, " password=")[0], "pw1") || strings.Contains(strings.Split(got, " password=")[0], "s3cret") {
				t.Errorf("the config's String shows the password: %q", got)
			}
		})
	}
}
