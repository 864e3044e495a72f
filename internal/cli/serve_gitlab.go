package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/app"
)

// gitlabFlags are serve's flags that connect interlock to GitLab.
type gitlabFlags struct {
	url, token, tokenFile, secret string
}

func (f *gitlabFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.url, "gitlab-url", "", "GitLab base URL, e.g. https://gitlab.example.com (env INTERLOCK_GITLAB_URL)")
	fl.StringVar(&f.tokenFile, "gitlab-token-file", "", "file holding the GitLab access token (env INTERLOCK_GITLAB_TOKEN_FILE; or INTERLOCK_GITLAB_TOKEN)")
	fl.StringVar(&f.secret, "gitlab-webhook-secret", "", "the secret token GitLab's webhooks send (env INTERLOCK_GITLAB_WEBHOOK_SECRET)")
}

// config reads the flags, then the environment. The token itself is never
// a flag, so that it does not show in the process list.
func (f *gitlabFlags) config(cmd *cobra.Command, g *globals) (app.GitLabConfig, error) {
	c := app.GitLabConfig{
		URL:           strings.TrimRight(flagOrEnv(cmd, "gitlab-url", f.url, g.env.Getenv("INTERLOCK_GITLAB_URL")), "/"),
		Token:         strings.TrimSpace(g.env.Getenv("INTERLOCK_GITLAB_TOKEN")),
		WebhookSecret: flagOrEnv(cmd, "gitlab-webhook-secret", f.secret, g.env.Getenv("INTERLOCK_GITLAB_WEBHOOK_SECRET")),
	}
	if file := flagOrEnv(cmd, "gitlab-token-file", f.tokenFile, g.env.Getenv("INTERLOCK_GITLAB_TOKEN_FILE")); file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return c, usageError{fmt.Errorf("--gitlab-token-file: %w", err)}
		}
		c.Token = strings.TrimSpace(string(b))
	}
	if c.URL != "" && !strings.HasPrefix(c.URL, "https://") && !strings.HasPrefix(c.URL, "http://") {
		return c, usageError{fmt.Errorf("--gitlab-url must be an http(s) URL, not %q", c.URL)}
	}
	if (c.URL == "") != (c.Token == "") {
		return c, usageError{fmt.Errorf("GitLab needs both a URL (INTERLOCK_GITLAB_URL) and a token (INTERLOCK_GITLAB_TOKEN or INTERLOCK_GITLAB_TOKEN_FILE)")}
	}
	return c, nil
}
