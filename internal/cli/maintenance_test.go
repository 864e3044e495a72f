package cli_test

import (
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestIssuesReviewsAndReportsThroughTheCLI(t *testing.T) {
	env := testenv.New(t)
	must(t, env, nil, "tool", "create", "--name", "scanner", "--owner", "appsec", "--stakeholder", "sirt",
		"--criticality", "critical", "--category", "maintain")
	must(t, env, []string{"Issue 1 on tool 1", "SLO: running", "does not move them"}, "issue", "open", "scanner",
		"--title", "scans fail", "--kind", "outage", "--blocks")
	code, _, errOut := run(t, env, testenv.AdminToken, "issue", "open", "scanner", "--title", "add SARIF", "--kind", "feature_request")
	if code != 1 || !strings.Contains(errOut, "feature requests are not accepted") {
		t.Errorf("a feature request on a maintain tool: %d %q", code, errOut)
	}
	env.Clock.Advance(3 * time.Hour)
	env.Services.Maintenance.CheckClocks(t.Context())
	must(t, env, []string{"at_risk", "scans fail"}, "issue", "list", "--clock", "at_risk")
	must(t, env, []string{"SLO: met", "Assigned to erin"}, "issue", "triage", "scanner", "1", "--assignee", "erin")
	must(t, env, []string{"RTO: met"}, "issue", "recover", "scanner", "1")
	must(t, env, []string{"scanner", "1/0"}, "report", "slo", "--from", "2026-01-01")
	csv := must(t, env, []string{"scope,tool_id,name"}, "report", "slo", "--csv")
	if !strings.Contains(csv, "total,,,") {
		t.Errorf("CSV lacks the total row:\n%s", csv)
	}
	must(t, env, []string{"criticality", "critical", "1"}, "report", "inventory")
	must(t, env, []string{"no team capacity is recorded"}, "report", "capacity")
	env.Clock.Advance(100 * 24 * time.Hour)
	must(t, env, []string{"scanner", "true"}, "review", "due")
	must(t, env, []string{"Criticality:", "high"}, "review", "record", "scanner", "--outcome", "change_criticality", "--criticality", "high")
}
