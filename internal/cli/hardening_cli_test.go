package cli_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/cli"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// runEnv runs the command with exactly the given environment.
func runEnv(vars map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cli.Main(context.Background(), args, cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] }})
	return code, out.String(), errb.String()
}

// A mistyped verb, nested ones included, fails with a suggestion.
func TestMistypedVerbsGetASuggestion(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"tool", "shwo"}, "did you mean show?"},
		{[]string{"request", "lsit"}, "did you mean list?"},
		{[]string{"dev", "clock", "advnce", "1d"}, "did you mean advance?"},
		{[]string{"tol", "list"}, "tool"},
	} {
		code, out, errOut := runEnv(nil, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("interlock %s: exit %d, stderr %q, stdout %q", strings.Join(c.args, " "), code, errOut, out)
		}
	}
}

// `interlock version` and `--version` print the version.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := runEnv(nil, args...)
		if code != 0 || !strings.Contains(out, "interlock") || !strings.Contains(out, cli.Version) {
			t.Errorf("%v: %d %q", args, code, out)
		}
	}
}

// A server that does not answer is named, with what to do about it.
func TestUnreachableServerIsExplained(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	code, _, errOut := runEnv(map[string]string{"INTERLOCK_URL": url, "INTERLOCK_TOKEN": "ilk_x", "HOME": t.TempDir()}, "tool", "list")
	if code != 1 || !strings.Contains(errOut, "cannot reach the interlock server at "+url) ||
		!strings.Contains(errOut, "interlock serve") || !strings.Contains(errOut, "INTERLOCK_URL") {
		t.Fatalf("exit %d: %q", code, errOut)
	}
}

// Tables fit COLUMNS, cutting the widest cells with an ellipsis.
func TestTablesFitTheTerminal(t *testing.T) {
	env := testenv.New(t)
	long := strings.Repeat("x", 90)
	must(t, env, nil, "tool", "create", "--name", "wide-"+long, "--owner", "appsec", "--stakeholder", "sirt",
		"--criticality", "high", "--category", "maintain")
	vars := map[string]string{"INTERLOCK_URL": env.Server.URL, "INTERLOCK_TOKEN": testenv.AdminToken, "HOME": t.TempDir(), "COLUMNS": "80"}
	code, out, errOut := runEnv(vars, "tool", "list")
	if code != 0 || !strings.Contains(out, "…") {
		t.Fatalf("exit %d: %q %q", code, out, errOut)
	}
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("a line of %d characters in 80 columns: %q", n, line)
		}
	}
}

// A second `dev seed` on the same file says what it found.
func TestSecondDevSeedSaysWhatItFound(t *testing.T) {
	db := filepath.Join(t.TempDir(), "seed.db")
	if code, out, errOut := runEnv(nil, "dev", "seed", "--db", db, "--tools", "3", "--issues", "5"); code != 0 {
		t.Fatalf("first seed: %d %s %s", code, out, errOut)
	}
	code, _, errOut := runEnv(nil, "dev", "seed", "--db", db, "--tools", "3", "--issues", "5")
	if code == 0 || !strings.Contains(errOut, "already holds 3 tools") || strings.Contains(errOut, "UNIQUE") {
		t.Fatalf("second seed: %d %q", code, errOut)
	}
}

// A transferred tool shows no commitment, not "low: best effort".
func TestTransferredToolHasNoCommitment(t *testing.T) {
	env := testenv.New(t)
	must(t, env, nil, "tool", "create", "--name", "handed", "--owner", "appsec", "--stakeholder", "sirt",
		"--criticality", "medium", "--category", "maintain")
	must(t, env, nil, "transfer", "handed", "--to", "sirt-automation", "--documentation-updated")
	out := must(t, env, []string{"Commitment: none: the tool was transferred to another owner"}, "tool", "show", "handed")
	if strings.Contains(out, "best effort") {
		t.Errorf("a transferred tool shows a commitment:\n%s", out)
	}
}

// A refusal names the flag the person typed, not the API's field.
func TestFlagErrorsNameFlags(t *testing.T) {
	env := testenv.New(t)
	must(t, env, nil, "tool", "create", "--name", "handed", "--owner", "appsec", "--stakeholder", "sirt",
		"--criticality", "medium", "--category", "maintain")
	code, _, errOut := run(t, env, testenv.AdminToken, "transfer", "handed", "--to", "sirt-automation")
	if code == 0 || !strings.Contains(errOut, "--documentation-updated:") || strings.Contains(errOut, "documentation_updated") {
		t.Fatalf("exit %d: %q", code, errOut)
	}
}

// Verbs for what the API does: answering a template, scores, weights, team
// capacity, signals and policies.
func TestVerbsForTheWholeAPI(t *testing.T) {
	env := testenv.New(t)
	must(t, env, nil, "tool", "create", "--name", "ranked", "--owner", "appsec", "--stakeholder", "sirt",
		"--criticality", "high", "--category", "maintain")
	must(t, env, []string{`"criticality": 4`}, "priority", "score", "ranked", "--criticality", "4", "--product-fit", "3",
		"--maintainability", "2", "--strategic-alignment", "5", "--customer-value", "1")
	must(t, env, []string{`"name": "ranked"`}, "priority", "list")
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	must(t, env, []string{`"criticality": 3`}, "priority", "weights", "--file",
		write("w.yaml", "criticality: 3\nproduct_fit: 1\nmaintainability: 1\nstrategic_alignment: 1\ncustomer_value: 1\n"))
	must(t, env, []string{`"hours_per_week": 12`}, "capacity", "team", "--file", write("team.yaml", "members:\n  - {name: erin, hours_per_week: 12}\n"))
	must(t, env, []string{`"hours_per_week": 7`}, "capacity", "load", "ranked", "--hours", "7")
	must(t, env, []string{`"notice_period_days": 30`}, "policy", "show", "sunset")
	must(t, env, []string{`"notice_period_days": 45`}, "policy", "set", "sunset", "--file",
		write("s.yaml", "notice_period_days: 45\nreminder_days_before: 7\n"))
	must(t, env, []string{`"items"`}, "signal", "list")
	must(t, env, nil, "request", "new", "--kind", "net_new", "--title", "later", "--team", "appsec")
	must(t, env, []string{"later"}, "request", "answer", "1", "--file", write("a.md", "## Problem statement\nIt hurts.\n"))
	code, _, errOut := run(t, env, testenv.AdminToken, "policy", "show", "lunch")
	if code != 2 || !strings.Contains(errOut, "clock, review or sunset") {
		t.Errorf("an unknown policy: %d %q", code, errOut)
	}
}
