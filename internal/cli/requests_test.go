package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestIntakeThroughTheCLI(t *testing.T) {
	env := testenv.New(t)
	dir := t.TempDir()
	answers := filepath.Join(dir, "answers.md")
	os.WriteFile(answers, []byte(`# VulnMapper request
## Problem statement
Triage of dependency findings is manual.
## Who is affected
AppSec
## User requirements
Map findings to owners.
## Alternatives explored
The dependency list.
## Business case
Four hours a week.
## Urgency
This quarter.
`), 0o644)
	must(t, env, []string{"Request 1 (net_new)", "step: understanding"}, "request", "new", "--kind", "net_new",
		"--title", "VulnMapper", "--team", "appsec", "--file", answers)
	must(t, env, []string{"step: path_forward"}, "request", "step", "1", "understanding")
	must(t, env, []string{"step: plan"}, "request", "step", "1", "path-forward", "--outcome", "build_internal",
		"--path-forward", "improve_then_integrate", "--basis", "no product fit yet")
	plan := filepath.Join(dir, "plan.yaml")
	os.WriteFile(plan, []byte("criticality: high\ndesign_decisions:\n  - {title: Go, context: the team knows Go, decision: write it in Go}\n"), 0o644)
	must(t, env, []string{"Plan: high, high: SLO 1 business day"}, "request", "step", "1", "plan", "--file", plan)
	must(t, env, []string{"Decision: build_internal", "State: decided", "Tool: 1"}, "request", "decide", "1", "--basis", "AppSec needs it",
		"--work-item", "map findings to owners", "--target-milestone", "18.9", "--target-milestone-due", "2027-01-15") // rule 13 of issue 14
	must(t, env, []string{"planned", "improve_then_integrate"}, "tool", "show", "VulnMapper")

	yaml := filepath.Join(dir, "handover.yaml")
	os.WriteFile(yaml, []byte("customer_problem: secrets in CI logs\nbusiness_process: SIRT triage\ncurrent_capabilities: scans logs\n"+
		"current_users: SIRT\narchitecture: scheduled pipeline\n"), 0o644)
	must(t, env, []string{"Request 2 (handover)"}, "request", "new", "--kind", "handover", "--title", "log-scanner",
		"--team", "sirt", "--file", yaml)
	must(t, env, nil, "request", "step", "2", "understanding")
	must(t, env, []string{"health below_good"}, "request", "step", "2", "maintainability", "--criticality", "high",
		"--met", "owner-and-readme,source-in-gitlab,tests-in-ci")
	must(t, env, nil, "request", "step", "2", "path-to-product", "--path-forward", "improve_then_maintain")
	code, _, errOut := run(t, env, testenv.AdminToken, "request", "decide", "2", "--decision", "accept", "--basis", "x")
	if code != 1 || !strings.Contains(errOut, "Good") {
		t.Errorf("accept below Good: %d %q", code, errOut)
	}
	must(t, env, []string{"accept_with_improvement_plan", "State: decided"}, "request", "decide", "2",
		"--decision", "accept_with_improvement_plan", "--basis", "SIRT depends on it", "--documentation-updated") // rule 4 of issue 14
	must(t, env, []string{"Commitment: medium", "improvement plan has 3 open items"}, "tool", "show", "log-scanner")
	must(t, env, []string{"VulnMapper", "log-scanner"}, "request", "list", "--state", "decided")

	// A decision that needs leadership's acknowledgement waits for it.
	leader := env.User("lee", core.RoleLeadership)
	must(t, env, nil, "request", "new", "--kind", "net_new", "--title", "later", "--team", "appsec", "--file", answers)
	must(t, env, nil, "request", "step", "3", "understanding")
	must(t, env, nil, "request", "step", "3", "path-forward", "--outcome", "defer_capacity", "--basis", "no capacity this quarter")
	must(t, env, []string{"State: awaiting_agreement", "Waiting for agreement from: leadership"}, "request", "decide", "3",
		"--basis", "no capacity", "--revisit-on", "2027-03-01")
	code, out, errOut := run(t, env, leader.Token, "request", "agree", "3")
	if code != 0 || !strings.Contains(out, "State: decided") {
		t.Errorf("leadership agreeing: %d %s %s", code, out, errOut)
	}
}
