package maintenance_test

import (
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func spent(d time.Duration) *time.Duration { return &d }

// TestTimeSpentFromGitLabIsTheRealLoad: the time logged in GitLab is kept
// on the support issue (rule 23 of issue 14), follows newer updates, and the
// capacity report sums it over its window, per tool.
func TestTimeSpentFromGitLabIsTheRealLoad(t *testing.T) {
	env := testenv.New(t)
	ctx := t.Context()
	m := env.Services.Maintenance
	toolID := externalTool(t, env, "scanner", "maintain")
	opened := testenv.Start.Add(-2 * time.Hour)
	a := maintenance.ExternalIssue{Key: "gitlab:issue:501", Ref: "15#5", Title: "scanner is slow", Kind: maintenance.Bug,
		OpenedAt: opened, UpdatedAt: opened, TimeSpent: spent(30 * time.Minute)}
	is, _, err := m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, a)
	if err != nil || is.TimeSpent == nil || *is.TimeSpent != 30*time.Minute {
		t.Fatalf("created: %v, time spent %v", err, is.TimeSpent)
	}
	a.UpdatedAt, a.TimeSpent = opened.Add(time.Hour), spent(90*time.Minute)
	if is, _, err = m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, a); err != nil || *is.TimeSpent != 90*time.Minute {
		t.Fatalf("updated: %v, time spent %v", err, is.TimeSpent)
	}
	a.UpdatedAt, a.TimeSpent = opened, spent(5*time.Minute) // older: changes nothing; the answer is the stored issue
	if is, _, err = m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, a); err != nil || is.TimeSpent == nil || *is.TimeSpent != 90*time.Minute {
		t.Fatalf("stored time spent after an older update: %v, %v", err, is.TimeSpent)
	}
	b := maintenance.ExternalIssue{Key: "gitlab:issue:502", Ref: "15#6", Title: "crash", Kind: maintenance.Bug,
		OpenedAt: opened, UpdatedAt: opened, TimeSpent: spent(time.Hour)}
	untracked := maintenance.ExternalIssue{Key: "gitlab:issue:503", Ref: "15#7", Title: "question", Kind: maintenance.Question,
		OpenedAt: opened, UpdatedAt: opened}
	old := maintenance.ExternalIssue{Key: "gitlab:issue:504", Ref: "15#8", Title: "long ago", Kind: maintenance.Bug,
		OpenedAt: testenv.Start.AddDate(0, 0, -maintenance.SupportWindowDays-5), TimeSpent: spent(10 * time.Hour)}
	for _, ext := range []maintenance.ExternalIssue{b, untracked, old} {
		if _, _, err := m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, ext); err != nil {
			t.Fatalf("%s: %v", ext.Key, err)
		}
	}
	rep, err := m.Capacity(ctx, core.Actor{Username: "erin", Role: core.RoleEngineer})
	if err != nil {
		t.Fatal(err)
	}
	var load *maintenance.SupportLoad
	for _, list := range [][]maintenance.ToolLoad{rep.Tools, rep.Zombies} {
		for i := range list {
			if list[i].Tool.ID == toolID {
				load = &list[i].Support
			}
		}
	}
	if load == nil {
		t.Fatalf("the tool is not in the capacity report: %+v %+v", rep.Tools, rep.Zombies)
	}
	if load.Issues != 3 || load.TimeSpent == nil || *load.TimeSpent != 150*time.Minute {
		t.Errorf("real load: %d issues, time spent %v; want 3 issues in the window and 2h30m0s logged", load.Issues, load.TimeSpent)
	}
}
