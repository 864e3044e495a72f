package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestBacklogThroughTheCLI(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	for i, labels := range [][]string{{backlog.TeamLabel, "workflow::in dev"}, {backlog.CandidateLabel, "group::authentication"}} {
		w := 8
		if _, _, err := env.Services.Backlog.Upsert(ctx, core.System, backlog.ObservedItem{Key: "gitlab:issue:" + string(rune('1'+i)),
			Kind: backlog.Issue, Title: "Item " + string(rune('A'+i)), URL: "https://gitlab.example.com/gitlab-org/gitlab/-/issues/" + string(rune('1'+i)),
			Project: "gitlab-org/gitlab", ProjectID: 278964, IID: int64(1 + i), State: "opened", Labels: labels, Weight: &w,
			UpdatedAt: env.Clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := run(t, env, testenv.AdminToken, "backlog", "items", "--team", "true")
	if code != 0 || !strings.Contains(out, "Item A") || strings.Contains(out, "Item B") {
		t.Fatalf("items: %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "backlog", "findings", "--rule", "weight_above_max")
	if code != 0 || strings.Count(out, "weight_above_max") != 2 {
		t.Fatalf("findings: %d\n%s", code, out)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "backlog", "triage")
	if code != 0 || !strings.Contains(out, "dry run") || !strings.Contains(out, "ProdSecEngMetric::Pending") {
		t.Fatalf("triage: %d\n%s", code, out)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "backlog", "take-on", "2", "--metric", "Tooling Integration")
	if code != 0 || !strings.Contains(out, "nobody was pinged") || !strings.Contains(out, "ProdSecEngMetric::Tooling Integration") {
		t.Fatalf("take-on: %d\n%s", code, out)
	}
	code, _, errOut = run(t, env, testenv.AdminToken, "backlog", "remove", "2")
	if code != 1 || !strings.Contains(errOut, "reason") {
		t.Fatalf("remove without a reason: %d\n%s", code, errOut)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "backlog", "remove", "2", "--reason", "Not ours", "--mention", "em-auth")
	if code != 0 || !strings.Contains(out, "@em-auth") {
		t.Fatalf("remove: %d\n%s", code, out)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "backlog", "board")
	if code != 0 || !strings.Contains(out, "== workflow::in dev (1)") {
		t.Fatalf("board: %d\n%s", code, out)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "backlog", "metrics", "--csv")
	if code != 0 || !strings.HasPrefix(out, "metric,key,value") {
		t.Fatalf("metrics: %d\n%s", code, out)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "backlog", "tooling")
	if code != 0 || !strings.HasPrefix(out, "# List of Tools") {
		t.Fatalf("tooling: %d\n%s", code, out)
	}

	code, out, _ = run(t, env, testenv.AdminToken, "process", "show")
	if code != 0 || !strings.Contains(out, "handbook-seed@1") || !strings.Contains(out, "break down above 5") {
		t.Fatalf("process show: %d\n%s", code, out)
	}
	code, out, _ = run(t, env, testenv.AdminToken, "process", "set", "handbook-2026-07")
	if code != 0 || !strings.Contains(out, "priority::4 (Best effort)") || !strings.Contains(out, "Align → Build & validate → Hand over") {
		t.Fatalf("process set: %d\n%s", code, out)
	}
	file := filepath.Join(t.TempDir(), "scheme.yaml")
	_ = os.WriteFile(file, []byte("name: ours\nteam_label: x\n"), 0o600)
	code, _, errOut = run(t, env, testenv.AdminToken, "process", "set", "--file", file)
	if code != 1 || !strings.Contains(errOut, "workflow_labels") {
		t.Fatalf("an incomplete scheme: %d\n%s", code, errOut)
	}
}
