package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// must runs the command as the admin and fails the test unless it succeeds
// and prints every want.
func must(t *testing.T, env *testenv.Env, want []string, args ...string) string {
	t.Helper()
	code, out, errOut := run(t, env, testenv.AdminToken, args...)
	if code != 0 {
		t.Fatalf("interlock %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Fatalf("interlock %s: output lacks %q:\n%s", strings.Join(args, " "), w, out)
		}
	}
	return out
}

func TestLifecycleFromIntegrateToRetiredThroughTheCLI(t *testing.T) {
	env := testenv.New(t)
	dir := t.TempDir()
	must(t, env, nil, "tool", "create", "--name", "vulnmapper", "--owner", "appsec", "--criticality", "high",
		"--category", "integrate", "--epic", "https://gitlab.com/groups/g/-/epics/1", "--milestone", "18.9")
	must(t, env, []string{"Loop: validation", "no handover epic yet"}, "cocreate", "start", "vulnmapper",
		"--epic", "https://gitlab.com/groups/g/-/epics/2")
	must(t, env, []string{"functionality 1  planned"}, "cocreate", "functionality", "add", "vulnmapper",
		"--title", "owner mapping", "--epic-url", "https://gitlab.com/groups/g/-/epics/3")
	loop1 := filepath.Join(dir, "loop1.yaml")
	os.WriteFile(loop1, []byte(`handover:
  epic_url: https://gitlab.com/groups/g/-/epics/4
  product_group: group::security policies
loop1:
  pm_validated: {done: true}
  engineering_validated: {done: true}
  aligned_with_plans: {done: true}
  validated_proposal_url: https://gitlab.com/g/p/-/issues/1
  technical_design_url: https://gitlab.com/g/p/-/issues/2
  stakeholder_alignment: ["@pm", "@em"]
`), 0o644)
	must(t, env, []string{"loop1.scope_refined"}, "cocreate", "update", "vulnmapper", "--file", loop1)
	if code, _, errOut := run(t, env, testenv.AdminToken, "cocreate", "advance", "vulnmapper"); code != 1 || !strings.Contains(errOut, "loop1.scope_refined") {
		t.Fatalf("advancing with loop 1 incomplete: %d %s", code, errOut)
	}
	must(t, env, nil, "cocreate", "check", "vulnmapper", "loop1.scope_refined")
	must(t, env, []string{"Loop: integration"}, "cocreate", "advance", "vulnmapper")
	must(t, env, []string{"roadmap phase 1"}, "cocreate", "roadmap", "phase", "vulnmapper", "--title", "owners GA", "--complete-when", "GA")
	must(t, env, nil, "cocreate", "roadmap", "issue", "vulnmapper", "--requirement", "internal users moved to the product", // rule 22 of issue 14
		"--url", "https://gitlab.com/g/p/-/issues/9")
	must(t, env, nil, "cocreate", "mr", "add", "vulnmapper", "--url", "https://gitlab.com/g/p/-/merge_requests/1", "--completes-phase", "1")
	must(t, env, []string{"roadmap phase 1  done"}, "cocreate", "mr", "set", "vulnmapper", "1", "--state", "merged")
	must(t, env, []string{"100%"}, "cocreate", "functionality", "set", "vulnmapper", "1", "--status", "in_product")
	for _, a := range []string{"tests_written", "docs_written", "deployed", "feature_shipped", "api_available"} {
		must(t, env, nil, "cocreate", "check", "vulnmapper", "loop2."+a)
	}
	os.WriteFile(loop1, []byte(`{"loop2": {"documentation_url": "https://docs.gitlab.com/x"}}`), 0o644)
	must(t, env, nil, "cocreate", "update", "vulnmapper", "-f", loop1)
	must(t, env, []string{"Loop: shipped"}, "cocreate", "advance", "vulnmapper")
	must(t, env, []string{"Sunset plan 1 (post_cocreate): open", "[ ] plan_migration"}, "sunset", "show", "vulnmapper")

	plan := filepath.Join(dir, "plan.yaml")
	os.WriteFile(plan, []byte(`migration:
  timeline: two milestones
  communication_plan: "#security announcement"
  success_criteria: {min_product_share: 0.9}
rollback: {can_keep_running: true, plan: keep it deployable for 60 days}
checks:
  plan_migration: {done: true}
  validate_parity: {done: true, note: no gaps}
`), 0o644)
	must(t, env, []string{"[x] plan_migration"}, "sunset", "update", "vulnmapper", "--file", plan)
	must(t, env, []string{"migration done: true"}, "sunset", "adoption", "vulnmapper", "--internal", "1", "--product", "99")
	must(t, env, nil, "sunset", "check", "vulnmapper", "migrate_users")
	must(t, env, nil, "sunset", "check", "vulnmapper", "monitor_adoption")
	date := env.Clock.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	must(t, env, []string{"Decommission on " + date}, "sunset", "announce", "vulnmapper", "--on", date)
	env.Clock.Advance(30 * 24 * time.Hour)
	must(t, env, []string{"decommissioned"}, "sunset", "decommission", "vulnmapper",
		"--infrastructure-shut-down", "--repositories-archived", "--documentation-updated")
	must(t, env, []string{"closed"}, "sunset", "close", "vulnmapper", "--lessons", "start the handover epic earlier")
	must(t, env, []string{"Stage:", "retired"}, "tool", "show", "vulnmapper")

	must(t, env, nil, "tool", "create", "--name", "legacy", "--owner", "appsec", "--criticality", "low", "--category", "redirect")
	must(t, env, []string{"transferred from appsec to infrasec"}, "transfer", "legacy", "--to", "infrasec", "--documentation-updated") // rule 4 of issue 14
	must(t, env, []string{"transferred"}, "tool", "show", "legacy")
}
