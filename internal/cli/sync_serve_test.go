package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/app"
)

func gitlabConfigOf(t *testing.T, env map[string]string, args ...string) (app.GitLabConfig, error) {
	t.Helper()
	var f gitlabFlags
	cmd := &cobra.Command{Use: "serve"}
	f.register(cmd)
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	return f.config(cmd, &globals{env: Env{Getenv: func(k string) string { return env[k] }}})
}

func TestServeReadsWhereGitLabWorkItemsAreMade(t *testing.T) {
	base := map[string]string{"INTERLOCK_GITLAB_URL": "https://gitlab.example.com", "INTERLOCK_GITLAB_TOKEN": "glpat-x",
		"INTERLOCK_GITLAB_TEAM_PROJECT": "prodsec/team/", "INTERLOCK_GITLAB_TEAM_GROUP": "prodsec", "INTERLOCK_GITLAB_SYNC_EVERY": "30m"}
	c, err := gitlabConfigOf(t, base)
	if err != nil || c.TeamProject != "prodsec/team" || c.TeamGroup != "prodsec" || c.SyncEvery != 30*time.Minute {
		t.Errorf("from the environment: %+v, %v", c, err)
	}
	c, err = gitlabConfigOf(t, base, "--gitlab-team-project", "42", "--gitlab-team-group", "7", "--gitlab-sync-every", "2h")
	if err != nil || c.TeamProject != "42" || c.TeamGroup != "7" || c.SyncEvery != 2*time.Hour {
		t.Errorf("flags win over the environment: %+v, %v", c, err)
	}
	for _, bad := range []string{"soon", "10s"} {
		if _, err := gitlabConfigOf(t, base, "--gitlab-sync-every", bad); err == nil || !strings.Contains(err.Error(), "--gitlab-sync-every") {
			t.Errorf("--gitlab-sync-every %s: %v", bad, err)
		}
	}
	if strings.Contains(c.String(), "glpat-x") {
		t.Errorf("the config shows the token: %s", c)
	}
}
