package cli

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/app"
)

// gitlabFlags are serve's flags that connect interlock to GitLab.
type gitlabFlags struct {
	url, token, tokenFile, secret     string
	teamProject, teamGroup, syncEvery string
}

func (f *gitlabFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.url, "gitlab-url", "", "GitLab base URL, e.g. https://gitlab.example.com (env INTERLOCK_GITLAB_URL)")
	fl.StringVar(&f.tokenFile, "gitlab-token-file", "", "file holding the GitLab access token (env INTERLOCK_GITLAB_TOKEN_FILE; or INTERLOCK_GITLAB_TOKEN)")
	fl.StringVar(&f.secret, "gitlab-webhook-secret", "", "the secret token GitLab's webhooks send (env INTERLOCK_GITLAB_WEBHOOK_SECRET)")
	fl.StringVar(&f.teamProject, "gitlab-team-project", "", "project (path or id) where sunsetting issues and improvement work items are made (env INTERLOCK_GITLAB_TEAM_PROJECT)")
	fl.StringVar(&f.teamGroup, "gitlab-team-group", "", "group (path or id) where co-create's epics are made (env INTERLOCK_GITLAB_TEAM_GROUP)")
	fl.StringVar(&f.syncEvery, "gitlab-sync-every", "", "period of the reconcile sync with GitLab, e.g. 30m (env INTERLOCK_GITLAB_SYNC_EVERY; default 1h)")
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
	c.TeamProject = strings.Trim(strings.TrimSpace(flagOrEnv(cmd, "gitlab-team-project", f.teamProject, g.env.Getenv("INTERLOCK_GITLAB_TEAM_PROJECT"))), "/")
	c.TeamGroup = strings.Trim(strings.TrimSpace(flagOrEnv(cmd, "gitlab-team-group", f.teamGroup, g.env.Getenv("INTERLOCK_GITLAB_TEAM_GROUP"))), "/")
	if every := flagOrEnv(cmd, "gitlab-sync-every", f.syncEvery, g.env.Getenv("INTERLOCK_GITLAB_SYNC_EVERY")); every != "" {
		d, err := time.ParseDuration(every)
		if err != nil || d < time.Minute {
			return c, usageError{fmt.Errorf("--gitlab-sync-every must be a duration of at least 1m, such as 1h, not %q", every)}
		}
		c.SyncEvery = d
	}
	if (c.URL == "") != (c.Token == "") {
		return c, usageError{fmt.Errorf("GitLab needs both a URL (INTERLOCK_GITLAB_URL) and a token (INTERLOCK_GITLAB_TOKEN or INTERLOCK_GITLAB_TOKEN_FILE)")}
	}
	return c, nil
}
