package cli_test

import (
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// `report capacity --csv` prints the capacity report as a CSV table.
func TestReportCapacityAsCSV(t *testing.T) {
	env := testenv.New(t)
	must(t, env, nil, "tool", "create", "--name", "scanner", "--owner", "appsec", "--stakeholder", "sirt",
		"--criticality", "critical", "--category", "maintain")
	out := must(t, env, []string{"scope,tool_id,name,criticality,health,hours_per_week,overridden", "tool,1,scanner,critical"},
		"report", "capacity", "--csv")
	if !strings.Contains(out, "\nutilisation,") {
		t.Errorf("capacity CSV lacks the utilisation row:\n%s", out)
	}
}
