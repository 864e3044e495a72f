package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var adminActor = core.Actor{UserID: 1, Username: "admin", Role: core.RoleAdmin}

func syncEnv(t *testing.T) (*testenv.Env, *gitlabtest.Server) {
	t.Helper()
	fake := gitlabtest.New(t)
	env := testenv.NewWithGitLab(t, app.GitLabConfig{URL: fake.URL, Token: gitlabtest.Token})
	fake.AddProject("appsec/vulnmapper", 15)
	for _, title := range []string{"scanner down", "false positive", "new rule"} {
		fake.AddIssue(15, gitlabtest.Issue{Title: title, CreatedAt: testenv.Start.Add(-48 * time.Hour)})
	}
	for _, tool := range []inventory.Tool{
		{Name: "VulnMapper", OwnerTeam: "appsec", Criticality: inventory.High, Category: inventory.Maintain, GitLabProject: "appsec/vulnmapper"},
		{Name: "Gone", OwnerTeam: "appsec", Criticality: inventory.Low, Category: inventory.Maintain, GitLabProject: "appsec/gone"},
	} {
		if _, err := env.Services.Inventory.CreateTool(context.Background(), adminActor, tool); err != nil {
			t.Fatal(err)
		}
	}
	return env, fake
}

func TestSyncGitLabPrintsPlainLinesWithoutATerminal(t *testing.T) {
	env, _ := syncEnv(t)
	code, out, errOut := run(t, env, testenv.AdminToken, "sync", "gitlab", "--tool", "VulnMapper", "--poll", "1ms")
	if code != 0 {
		t.Fatalf("code %d\n%s\n%s", code, out, errOut)
	}
	want := "GitLab sync 1 succeeded: 1 of 1 projects, issues seen 3, created 3, updated 0, closed 0, errors 0"
	if !strings.Contains(out, "sync 1 queued: projects 0 of 0") || !strings.Contains(out, want) {
		t.Errorf("output:\n%s\nwant the progress lines and %q", out, want)
	}
	if strings.Contains(out, "\r") || strings.Contains(out, "\x1b[") {
		t.Errorf("plain output has terminal control characters: %q", out)
	}

	code, out, _ = run(t, env, testenv.AdminToken, "sync", "gitlab", "--tool", "VulnMapper", "--poll", "1ms")
	if code != 0 || !strings.Contains(out, "issues seen 3, created 0, updated 0, closed 0") {
		t.Errorf("second sync: code %d\n%s", code, out)
	}
}

func TestSyncGitLabFailsWithItsErrors(t *testing.T) {
	env, _ := syncEnv(t)
	code, out, errOut := run(t, env, testenv.AdminToken, "sync", "gitlab", "--poll", "1ms")
	if code != 1 || !strings.Contains(out, "GitLab sync 1 failed: 2 of 2 projects, issues seen 3, created 3") ||
		!strings.Contains(errOut, "Gone (appsec/gone)") {
		t.Errorf("code %d\n%s\n%s", code, out, errOut)
	}
	code, _, errOut = run(t, env, testenv.AdminToken, "sync", "gitlab", "--tool", "nope")
	if code != 1 || !strings.Contains(errOut, "tool: names no tool") {
		t.Errorf("unknown tool: code %d %s", code, errOut)
	}
	plain := testenv.New(t)
	code, _, errOut = run(t, plain, testenv.AdminToken, "sync", "gitlab")
	if code != 1 || !strings.Contains(errOut, "GitLab is not configured") {
		t.Errorf("without GitLab: code %d %s", code, errOut)
	}
}

func TestSyncGitLabShowsAProgressBar(t *testing.T) {
	env, _ := syncEnv(t)
	code, out, errOut := run(t, env, testenv.AdminToken, "sync", "gitlab", "--tool", "VulnMapper", "--progress", "bar", "--poll", "1ms")
	if code != 0 || !strings.Contains(out, "100%") || !strings.Contains(out, "(1/1") ||
		!strings.Contains(out, "GitLab sync 1 succeeded") {
		t.Errorf("code %d\n%q\n%s", code, out, errOut)
	}
	if code, _, _ := run(t, env, testenv.AdminToken, "sync", "gitlab", "--progress", "fancy"); code != 2 {
		t.Errorf("a bad --progress is a usage error, got code %d", code)
	}
}
