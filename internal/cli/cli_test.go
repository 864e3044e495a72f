package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/cli"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// run runs the interlock command against env's server as the given token.
func run(t *testing.T, env *testenv.Env, token string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	vars := map[string]string{"INTERLOCK_URL": env.Server.URL, "INTERLOCK_TOKEN": token, "HOME": t.TempDir()}
	var out, errb bytes.Buffer
	code = cli.Main(context.Background(), args, cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] },
	})
	return code, out.String(), errb.String()
}

func TestToolLifecycleThroughTheCLI(t *testing.T) {
	env := testenv.New(t)
	code, out, errOut := run(t, env, testenv.AdminToken, "tool", "create", "--name", "VulnMapper", "--owner", "appsec",
		"--stakeholder", "sirt", "--stakeholder", "appsec-automation", "--criticality", "critical", "--category", "maintain")
	if code != 0 || !strings.Contains(out, "critical: SLO 4 business hours, RTO 12 business hours") {
		t.Fatalf("create: code %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "tool", "assess", "vulnmapper",
		"--met", "owner-and-readme,source-in-gitlab,tests-in-ci,secret-hygiene,dependency-scanning,runbook")
	if code != 0 || !strings.Contains(out, "Health: good") || !strings.Contains(out, "Missing for better:") {
		t.Fatalf("assess: code %d\n%s", code, out)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "tool", "update", "VulnMapper", "--category", "redirect",
		"--reason", "ownership must move to another team") // rule 1 of issue 14
	if code != 0 || !strings.Contains(out, "low: best effort") {
		t.Fatalf("update to redirect: code %d\n%s", code, out)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "--json", "tool", "list", "--owner", "APPSEC")
	var list struct {
		Items []struct {
			Name       string `json:"name"`
			Commitment struct {
				Level string `json:"level"`
			} `json:"commitment"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 {
		t.Fatalf("list --json: code %d, %v\n%s", code, err, out)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "VulnMapper" || list.Items[0].Commitment.Level != "low" {
		t.Errorf("list = %+v", list.Items)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "tool", "events", "1")
	for _, want := range []string{"tool.created", "tool.assessed", "tool.updated", "admin"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("events output lacks %q:\n%s", want, out)
		}
	}
}

func TestCLIErrorsNameTheField(t *testing.T) {
	env := testenv.New(t)
	code, _, errOut := run(t, env, testenv.AdminToken, "tool", "create", "--name", "x", "--owner", "o",
		"--criticality", "high", "--category", "integrate")
	if code != 1 || !strings.Contains(errOut, "epic_url") || !strings.Contains(errOut, "milestone") {
		t.Errorf("integrate without epic: code %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, env, "", "tool", "list")
	if code != 1 || !strings.Contains(errOut, "no token") {
		t.Errorf("no token: code %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, env, testenv.AdminToken, "tool", "show")
	if code != 2 {
		t.Errorf("missing argument: code %d, want 2 (usage); stderr %q", code, errOut)
	}
	code, _, errOut = run(t, env, testenv.AdminToken, "tool", "show", "nope")
	if code != 1 || !strings.Contains(errOut, `no tool named "nope"`) {
		t.Errorf("unknown tool: code %d, stderr %q", code, errOut)
	}
}

func TestUsersTokensAndLogin(t *testing.T) {
	env := testenv.New(t)
	code, out, errOut := run(t, env, testenv.AdminToken, "user", "create", "rita", "requester")
	if code != 0 || !strings.Contains(out, "rita added as requester") {
		t.Fatalf("user create: %d %s %s", code, out, errOut)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "--json", "token", "create", "rita", "--name", "laptop")
	var tok struct {
		ID    int64  `json:"id"`
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(out), &tok); err != nil || code != 0 || !strings.HasPrefix(tok.Token, "ilk_") {
		t.Fatalf("token create: %d %v %s", code, err, out)
	}
	code, _, errOut = run(t, env, tok.Token, "tool", "create", "--name", "x", "--owner", "o", "--criticality", "low", "--category", "maintain")
	if code != 1 || !strings.Contains(errOut, "403") || !strings.Contains(errOut, "engineer") {
		t.Errorf("a requester creating a tool: %d %q", code, errOut)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "token", "list", "rita")
	if code != 0 || strings.Contains(out, tok.Token) || !strings.Contains(out, "laptop") {
		t.Errorf("token list shows the secret or lacks the token:\n%s", out)
	}

	cfg := filepath.Join(t.TempDir(), "config.yaml")
	code, out, errOut = run(t, env, tok.Token, "--config", cfg, "login")
	if code != 0 || !strings.Contains(out, "as rita (requester)") {
		t.Fatalf("login: %d %s %s", code, out, errOut)
	}
	if fi, err := os.Stat(cfg); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("config file %v, %v; want mode 0600", fi, err)
	}
	// With the token only in the config file, the CLI still works.
	code, out, errOut = run(t, env, "", "--config", cfg, "tool", "list")
	if code != 0 || !strings.Contains(out, "NAME") {
		t.Errorf("list with the saved login: %d %s %s", code, out, errOut)
	}

	code, out, _ = run(t, env, testenv.AdminToken, "token", "revoke", "rita", strconv.FormatInt(tok.ID, 10))
	if code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("revoke: %d %s", code, out)
	}
	if code, _, errOut = run(t, env, tok.Token, "tool", "list"); code != 1 || !strings.Contains(errOut, "401") {
		t.Errorf("revoked token still works: %d %q", code, errOut)
	}
}
