package cli_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// An assessment does not list the ADR criterion as missing when the tool
// has an accepted ADR recorded in interlock.
func TestRecordedADRsAreNotListedAsMissing(t *testing.T) {
	env := testenv.New(t)
	must(t, env, nil, "tool", "create", "--name", "decided", "--owner", "appsec", "--stakeholder", "sirt",
		"--criticality", "medium", "--category", "maintain")
	good := "owner-and-readme,source-in-gitlab,tests-in-ci,secret-hygiene,dependency-scanning,runbook"
	before := must(t, env, []string{"Missing for better:"}, "tool", "assess", "decided", "--met", good)
	if !strings.Contains(before, "- adrs:") {
		t.Fatalf("without an ADR, adrs should be missing:\n%s", before)
	}
	raw := env.Do(http.MethodPost, "/api/v1/tools/1/adrs", testenv.AdminToken,
		[]byte(`{"title": "Go", "context": "one binary", "decision": "write it in Go", "status": "accepted"}`), nil)
	if raw.Status != http.StatusCreated {
		t.Fatalf("recording an ADR: %d %s", raw.Status, raw.Body)
	}
	after := must(t, env, []string{"Missing for better:", "- monitoring:"}, "tool", "assess", "decided", "--met", good)
	if strings.Contains(after, "- adrs:") {
		t.Errorf("a recorded ADR is listed as missing:\n%s", after)
	}
}

// The capacity report writes amounts as people do: no "12.0 hours", no
// "tool(s)".
func TestCapacityReportWritesAmountsAsPeopleDo(t *testing.T) {
	env := testenv.New(t)
	must(t, env, nil, "tool", "create", "--name", "busy", "--owner", "appsec", "--stakeholder", "sirt",
		"--criticality", "high", "--category", "maintain")
	team := filepath.Join(t.TempDir(), "team.yaml")
	if err := os.WriteFile(team, []byte("members:\n  - {name: erin, hours_per_week: 12}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	must(t, env, nil, "capacity", "team", "--file", team)
	out := must(t, env, []string{"of 12 hours a week"}, "report", "capacity")
	if regexp.MustCompile(`\d\.0\b|\(s\)`).MatchString(out) {
		t.Errorf("amounts not as people write them:\n%s", out)
	}
}

// serve --help says where what it promises is served: the web UI, the API
// and GitLab's webhooks.
func TestServeHelpSaysWhereEachPartIs(t *testing.T) {
	code, out, errOut := runEnv(map[string]string{}, "serve", "--help")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"web UI", "/api/v1", "/hooks/gitlab", "--gitlab-webhook-secret", "Background jobs"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --help does not mention %q:\n%s", want, out)
		}
	}
}
