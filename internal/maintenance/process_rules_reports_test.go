package maintenance_test

// Tests of issue 14's rules 2 (a category change re-applies the feature
// request policy), 9 (zombies apart, reviewed with the owner), 18
// (improvements in the priorities) and 23 (capacity from real work).

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestRule2EachCategoryChangeReappliesTheFeatureRequestPolicy(t *testing.T) {
	ctx := context.Background()
	svc, _ := rulesEnv(t)
	tool := rulesTool(t, svc, "scanner", inventory.High, inventory.Maintain)
	fr := maintenance.Issue{Title: "export to CSV", Kind: maintenance.FeatureRequest}
	if _, err := svc.Maintenance.OpenIssue(ctx, rulesRequester, tool.ID, fr); !core.IsCode(err, core.Conflict) {
		t.Fatalf("a feature request on a maintain tool: %v", err)
	}
	for _, step := range []struct {
		cat    inventory.Category
		accept bool
	}{{inventory.ImproveThenMaintain, true}, {inventory.Redirect, false}, {inventory.ImproveThenIntegrate, true}} {
		cur, _ := svc.Inventory.Tool(ctx, rulesManager, tool.ID)
		cat := step.cat
		if _, err := svc.Inventory.UpdateTool(ctx, rulesManager, tool.ID, cur.Version, inventory.Patch{Category: &cat, Reason: "review"}); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Maintenance.OpenIssue(ctx, rulesRequester, tool.ID, fr)
		if (err == nil) != step.accept {
			t.Errorf("after moving to %s: feature request error %v, want accepted %t", step.cat, err, step.accept)
		}
	}
	// Sunset, set by opening a plan, refuses them too.
	if _, err := svc.Sunset.Open(ctx, rulesManager, tool.ID, sunsetDirect()); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Maintenance.OpenIssue(ctx, rulesRequester, tool.ID, fr); !core.IsCode(err, core.Conflict) {
		t.Errorf("a feature request on a tool being sunset: %v", err)
	}
}

// zombieAndLiveTools makes two tools: "live" used by sirt, and "ghost"
// whose stakeholders are gone (a zombie).
func zombieAndLiveTools(t *testing.T) (svcs, inventory.Tool, inventory.Tool) {
	t.Helper()
	svc, clock := rulesEnv(t)
	live := rulesTool(t, svc, "live", inventory.High, inventory.Maintain)
	ghost, err := svc.Inventory.CreateTool(context.Background(), rulesManager, inventory.Tool{Name: "ghost", OwnerTeam: "appsec",
		Criticality: inventory.Medium, Category: inventory.Maintain})
	if err != nil {
		t.Fatal(err)
	}
	return svcs{svc, clock}, live, ghost
}

func TestRule9ZombiesApartInReportsAndReviewedWithTheOwner(t *testing.T) {
	ctx := context.Background()
	s, live, ghost := zombieAndLiveTools(t)
	svc := s.Services
	for _, id := range []int64{live.ID, ghost.ID} {
		is, err := svc.Maintenance.OpenIssue(ctx, rulesEngineer, id, maintenance.Issue{Title: "down", Kind: maintenance.Outage})
		if err != nil {
			t.Fatal(err)
		}
		s.clock.Advance(time.Hour)
		if _, err := svc.Maintenance.Recover(ctx, rulesEngineer, id, is.ID); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := svc.Maintenance.SLO(ctx, rulesEngineer, testenv.Start.AddDate(0, 0, -1), s.clock.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.ByTool) != 1 || rep.ByTool[0].ToolID != live.ID || len(rep.Zombies) != 1 || rep.Zombies[0].ToolID != ghost.ID || rep.Total.Issues != 2 {
		t.Errorf("SLO report: by tool %+v, zombies %+v, total %d", rep.ByTool, rep.Zombies, rep.Total.Issues)
	}
	capRep, err := svc.Maintenance.Capacity(ctx, rulesEngineer)
	if err != nil {
		t.Fatal(err)
	}
	if len(capRep.Tools) != 1 || len(capRep.Zombies) != 1 || capRep.Zombies[0].Tool.ID != ghost.ID || capRep.ZombieLoad == 0 ||
		!strings.Contains(capRep.Statement, "zombies") {
		t.Errorf("capacity report: tools %d, zombies %+v, zombie load %.1f, %q", len(capRep.Tools), capRep.Zombies, capRep.ZombieLoad, capRep.Statement)
	}

	keep := maintenance.Review{StakeholdersUseIt: true, Outcome: maintenance.KeepAsIs}
	if _, _, err := svc.Maintenance.RecordReview(ctx, rulesManager, ghost.ID, keep); !hasProblem(err, "owner_reverified_by") {
		t.Errorf("a zombie reviewed without its owner's re-verification: %v", err)
	}
	change := maintenance.Review{StakeholdersUseIt: true, Outcome: maintenance.ChangeCriticality, NewCriticality: inventory.Low,
		OwnerReverifiedBy: "@appsec-lead"}
	if _, _, err := svc.Maintenance.RecordReview(ctx, rulesManager, ghost.ID, change); !hasProblem(err, "outcome") {
		t.Errorf("a zombie's review decided neither retire, transfer nor keep: %v", err)
	}
	keep.OwnerReverifiedBy = "@appsec-lead"
	r, _, err := svc.Maintenance.RecordReview(ctx, rulesManager, ghost.ID, keep)
	if err != nil || r.OwnerReverifiedBy != "@appsec-lead" || !strings.Contains(r.ZombieReasons, "no stakeholder team") {
		t.Errorf("a zombie kept after re-verification: %v %+v", err, r)
	}
	stored, _ := svc.Maintenance.Reviews(ctx, rulesEngineer, ghost.ID)
	if len(stored) != 1 || stored[0].OwnerReverifiedBy != "@appsec-lead" {
		t.Errorf("the re-verification is not stored: %+v", stored)
	}
	// A live tool needs no re-verification.
	if _, _, err := svc.Maintenance.RecordReview(ctx, rulesManager, live.ID, maintenance.Review{StakeholdersUseIt: true,
		Outcome: maintenance.ChangeCriticality, NewCriticality: inventory.Medium}); err != nil {
		t.Errorf("reviewing a live tool: %v", err)
	}
}

func TestRule18ImprovementsInThePriorities(t *testing.T) {
	ctx := context.Background()
	svc, _ := rulesEnv(t)
	a := rulesTool(t, svc, "a", inventory.High, inventory.Maintain)
	b := rulesTool(t, svc, "b", inventory.High, inventory.Maintain)
	later, _ := svc.Inventory.AddImprovement(ctx, rulesEngineer, a.ID, inventory.Improvement{Title: "nice to have"})
	now, _ := svc.Inventory.AddImprovement(ctx, rulesEngineer, b.ID, inventory.Improvement{Title: "runbook now"})
	unset, _ := svc.Inventory.AddImprovement(ctx, rulesEngineer, b.ID, inventory.Improvement{Title: "not prioritised"})
	svc.Inventory.PrioritiseImprovement(ctx, rulesManager, a.ID, later.ID, inventory.ImprovementPriority{Priority: 3})
	svc.Inventory.PrioritiseImprovement(ctx, rulesManager, b.ID, now.ID, inventory.ImprovementPriority{Priority: 1, Milestone: "18.9"})
	list, err := svc.Maintenance.ImprovementPriorities(ctx, rulesRequester)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, p := range list {
		got = append(got, p.Improvement.ID)
	}
	if len(got) != 3 || got[0] != now.ID || got[1] != later.ID || got[2] != unset.ID || list[0].Tool.Name != "b" {
		t.Errorf("priorities = %v, want [%d %d %d]", got, now.ID, later.ID, unset.ID)
	}
	svc.Inventory.CompleteImprovement(ctx, rulesEngineer, b.ID, now.ID)
	if list, _ := svc.Maintenance.ImprovementPriorities(ctx, rulesRequester); len(list) != 2 {
		t.Errorf("a done item is still listed: %d", len(list))
	}
}

// backlog is a fake of the backlog workflow's assigned weights.
type backlog map[string]int

func (b backlog) AssignedWeight(context.Context) (map[string]int, error) { return b, nil }

func TestRule23CapacityFromRealWork(t *testing.T) {
	ctx := context.Background()
	svc, clock := rulesEnv(t)
	tool := rulesTool(t, svc, "scanner", inventory.Low, inventory.Maintain) // 1.25 hours a week configured
	if _, err := svc.Maintenance.SetTeam(ctx, rulesManager, core.AnyVersion, maintenance.Team{Members: []maintenance.Member{{Name: "erin", HoursPerWeek: 2}}}); err != nil {
		t.Fatal(err)
	}
	rep, err := svc.Maintenance.Capacity(ctx, rulesEngineer)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Over || rep.OverCommitted || rep.SupportIssues != 0 || !strings.Contains(rep.RealStatement, "backlog weight not connected") {
		t.Fatalf("before any work: over %t/%t, %d issues, %q", rep.Over, rep.OverCommitted, rep.SupportIssues, rep.RealStatement)
	}
	// A week of outages, each taking a business day to recover: far over 2 hours a week.
	for range 5 {
		is, err := svc.Maintenance.OpenIssue(ctx, rulesEngineer, tool.ID, maintenance.Issue{Title: "down", Kind: maintenance.Outage})
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(24 * time.Hour)
		if _, err := svc.Maintenance.Recover(ctx, rulesEngineer, tool.ID, is.ID); err != nil {
			t.Fatal(err)
		}
	}
	rep, _ = svc.Maintenance.Capacity(ctx, rulesEngineer)
	l := rep.Tools[0].Support
	if rep.Over || !rep.OverCommitted || rep.SupportIssues != 5 || l.Recovered != 5 || l.RecoverP50 == nil || rep.SupportHours <= 2 {
		t.Errorf("after a week of outages: configured over %t, over-committed %t, issues %d, support %+v, %.1f h/week",
			rep.Over, rep.OverCommitted, rep.SupportIssues, l, rep.SupportHours)
	}
	if !strings.Contains(rep.RealStatement, "over-committed") {
		t.Errorf("the statement does not flag it: %q", rep.RealStatement)
	}
	// The backlog: a person carrying more than a milestone's weight is flagged.
	svc.Maintenance.WithBacklog(backlog{"erin": 13, "sam": 3})
	rep, _ = svc.Maintenance.Capacity(ctx, rulesEngineer)
	if rep.BacklogWeight != 16 || len(rep.Backlog) != 2 || !rep.Backlog[0].Over || rep.Backlog[1].Over ||
		!strings.Contains(rep.RealStatement, "erin carries weight 13") {
		t.Errorf("backlog: %d %+v %q", rep.BacklogWeight, rep.Backlog, rep.RealStatement)
	}
	// Out of the window, the real load is gone.
	clock.Advance(maintenance.SupportWindowDays * 24 * time.Hour)
	svc.Maintenance.WithBacklog(backlog{})
	if rep, _ = svc.Maintenance.Capacity(ctx, rulesEngineer); rep.SupportIssues != 0 || rep.OverCommitted {
		t.Errorf("after the window: %d issues, over-committed %t", rep.SupportIssues, rep.OverCommitted)
	}
}

type svcs struct {
	httpapi.Services
	clock *core.ManualClock
}

func sunsetDirect() sunset.Opening { return sunset.Opening{Kind: sunset.Direct, Reason: "unused"} }

func hasProblem(err error, field string) bool {
	var ce *core.Error
	if !errors.As(err, &ce) {
		return false
	}
	for _, f := range ce.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
