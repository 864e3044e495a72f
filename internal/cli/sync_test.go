package cli_test

import (
	"context"
	"os"
	"path/filepath"
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

func TestAcceptWithImprovementPlanMakesWorkItemsInGitLab(t *testing.T) {
	fake := gitlabtest.New(t)
	fake.AddProject("prodsec/team", 7)
	env := testenv.NewWithGitLab(t, app.GitLabConfig{URL: fake.URL, Token: gitlabtest.Token, TeamProject: "prodsec/team"})
	yaml := filepath.Join(t.TempDir(), "handover.yaml")
	os.WriteFile(yaml, []byte("customer_problem: secrets in CI logs\nbusiness_process: SIRT triage\ncurrent_capabilities: scans logs\n"+
		"current_users: SIRT\narchitecture: scheduled pipeline\n"), 0o644)
	must(t, env, []string{"Request 1 (handover)"}, "request", "new", "--kind", "handover", "--title", "log-scanner",
		"--team", "sirt", "--file", yaml)
	must(t, env, nil, "request", "step", "1", "understanding")
	must(t, env, []string{"health below_good"}, "request", "step", "1", "maintainability", "--criticality", "high",
		"--met", "owner-and-readme,source-in-gitlab,tests-in-ci")
	must(t, env, nil, "request", "step", "1", "path-to-product", "--path-forward", "improve_then_maintain")
	must(t, env, []string{"accept_with_improvement_plan", "State: decided"}, "request", "decide", "1",
		"--decision", "accept_with_improvement_plan", "--basis", "SIRT depends on it", "--documentation-updated")
	if len(fake.Calls()) != 0 {
		t.Fatalf("GitLab was called inside the decision: %d calls", len(fake.Calls()))
	}
	n, err := env.Services.GitLabMaker.Work(context.Background())
	if err != nil || n != 3 {
		t.Fatalf("made %d, %v; want the plan's 3 items", n, err)
	}
	issues := fake.Issues(7)
	items, err := env.Services.Inventory.Improvements(context.Background(), adminActor, 1)
	if err != nil || len(issues) != 3 || len(items) != 3 {
		t.Fatalf("GitLab issues %d, improvements %d, %v", len(issues), len(items), err)
	}
	for i, is := range issues {
		if !strings.HasPrefix(is.Title, "log-scanner: ") || !strings.Contains(is.Description, "one criticality level lower") ||
			items[i].URL != is.WebURL {
			t.Errorf("item %d: issue %q (%s), improvement URL %q", i, is.Title, is.WebURL, items[i].URL)
		}
	}
}
