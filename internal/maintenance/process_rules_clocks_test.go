package maintenance_test

// Tests of issue 14's rules 5-8: clocks that cannot be gamed.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var (
	rulesEngineer  = core.Actor{Username: "erin", Role: core.RoleEngineer}
	rulesManager   = core.Actor{Username: "mia", Role: core.RoleManager}
	rulesRequester = core.Actor{Username: "rita", Role: core.RoleRequester}
)

// rulesEnv is the services over a fresh database with a manual clock.
func rulesEnv(t *testing.T) (httpapi.Services, *core.ManualClock) {
	t.Helper()
	clock := core.NewManualClock(testenv.Start)
	db := testenv.OpenDB(t)
	outboxes[t.Name()] = db
	return app.Services(db, clock), clock
}

// outboxes keeps each test's database, to read its outbox.
var outboxes = map[string]*store.DB{}

func rulesTool(t *testing.T, svc httpapi.Services, name string, crit inventory.Criticality, cat inventory.Category) inventory.Tool {
	t.Helper()
	tool, err := svc.Inventory.CreateTool(context.Background(), rulesManager, inventory.Tool{Name: name, OwnerTeam: "appsec",
		StakeholderTeams: []string{"sirt"}, Criticality: crit, Category: cat})
	if err != nil {
		t.Fatal(err)
	}
	return tool
}

func outboxTopics(t *testing.T, _ httpapi.Services) []string {
	t.Helper()
	msgs, err := outboxes[t.Name()].Outbox(context.Background(), 0, 1000, false)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Topic)
	}
	return out
}

func count(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

func TestRule5OutageBlocksUnlessStatedOtherwise(t *testing.T) {
	ctx := context.Background()
	svc, _ := rulesEnv(t)
	tool := rulesTool(t, svc, "scanner", inventory.High, inventory.Maintain)

	silent, err := svc.Maintenance.OpenIssue(ctx, rulesRequester, tool.ID, maintenance.Issue{Title: "down", Kind: maintenance.Outage})
	if err != nil {
		t.Fatal(err)
	}
	if !silent.BlocksFunctionality || silent.SLO.DueAt == nil || silent.RTO.DueAt == nil {
		t.Errorf("an outage that said nothing about blocking: blocks %t, SLO due %v, RTO due %v; want blocking with both clocks",
			silent.BlocksFunctionality, silent.SLO.DueAt, silent.RTO.DueAt)
	}
	stated, err := svc.Maintenance.OpenIssue(ctx, rulesRequester, tool.ID, maintenance.Issue{Title: "slow dashboard",
		Kind: maintenance.Outage, BlocksStated: true, BlocksFunctionality: false})
	if err != nil {
		t.Fatal(err)
	}
	if stated.BlocksFunctionality || stated.SLO.DueAt != nil {
		t.Errorf("an outage explicitly stated not to block got a clock: %+v", stated.SLO)
	}
	bug, _ := svc.Maintenance.OpenIssue(ctx, rulesRequester, tool.ID, maintenance.Issue{Title: "typo", Kind: maintenance.Bug})
	if bug.BlocksFunctionality {
		t.Error("a bug blocks by default; only an outage does")
	}
}

func TestRule6SLOStopsOnlyWhenTriagedAndAssigned(t *testing.T) {
	ctx := context.Background()
	svc, clock := rulesEnv(t)
	tool := rulesTool(t, svc, "scanner", inventory.High, inventory.Maintain)
	is, err := svc.Maintenance.OpenIssue(ctx, rulesRequester, tool.ID, maintenance.Issue{Title: "down", Kind: maintenance.Outage})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Hour)
	recovered, err := svc.Maintenance.Recover(ctx, rulesEngineer, tool.ID, is.ID)
	if err != nil {
		t.Fatal(err)
	}
	if recovered.Assignee != "erin" || recovered.TriagedAt == nil || !recovered.TriagedAt.Equal(clock.Now()) {
		t.Errorf("recovering an unassigned issue: assignee %q triaged %v; want erin at %v", recovered.Assignee, recovered.TriagedAt, clock.Now())
	}
	if recovered.SLO.State != maintenance.Met || recovered.SLO.Elapsed == nil {
		t.Errorf("SLO after recovery by an assignee: %s", recovered.SLO.State)
	}

	// triaged (e.g. in GitLab) without an assignee: the SLO runs on.
	now := clock.Now()
	unassigned := maintenance.Issue{TriagedAt: &now, SLO: recovered.SLO, OpenedAt: is.OpenedAt}
	unassigned.SLO.State = maintenance.Running
	due := now.Add(time.Hour)
	unassigned.SLO.DueAt = &due
	if unassigned.SLOStoppedAt() != nil {
		t.Error("an issue triaged without an assignee stopped its SLO")
	}
	if slo, _ := unassigned.ClockStates(due.Add(time.Minute)); slo != maintenance.Breached {
		t.Errorf("triaged but unassigned past the deadline: SLO %s, want breached", slo)
	}
	unassigned.Assignee = "erin"
	if slo, _ := unassigned.ClockStates(due.Add(time.Minute)); slo != maintenance.Met {
		t.Errorf("triaged and assigned before the deadline: SLO %s, want met", slo)
	}
}

func TestRule7OnlyEngineersManagersAndImportsBackdate(t *testing.T) {
	ctx := context.Background()
	svc, clock := rulesEnv(t)
	tool := rulesTool(t, svc, "scanner", inventory.High, inventory.Maintain)
	past := clock.Now().Add(-48 * time.Hour)
	for _, tc := range []struct {
		name  string
		actor core.Actor
		is    maintenance.Issue
		ok    bool
	}{
		{"requester", rulesRequester, maintenance.Issue{Title: "x", Kind: maintenance.Outage, OpenedAt: past}, false},
		{"requester claiming external", rulesRequester, maintenance.Issue{Title: "x", Kind: maintenance.Outage, OpenedAt: past, External: true}, false},
		{"requester, now", rulesRequester, maintenance.Issue{Title: "x", Kind: maintenance.Outage, OpenedAt: clock.Now().Add(-time.Minute)}, true},
		{"engineer", rulesEngineer, maintenance.Issue{Title: "x", Kind: maintenance.Outage, OpenedAt: past}, true},
		{"manager", rulesManager, maintenance.Issue{Title: "x", Kind: maintenance.Outage, OpenedAt: past}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			is, err := svc.Maintenance.OpenIssue(ctx, tc.actor, tool.ID, tc.is)
			if tc.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tc.ok {
				var ce *core.Error
				if !core.IsCode(err, core.Forbidden) || !errors.As(err, &ce) || len(ce.Fields) == 0 || ce.Fields[0].Field != "opened_at" {
					t.Fatalf("back-dated by a %s: err %v, issue %+v; want 403 naming opened_at", tc.actor.Role, err, is.OpenedAt)
				}
			}
		})
	}
}

func TestRule8BreachedOnArrivalWarnsAndCountsTowardSignals(t *testing.T) {
	ctx := context.Background()
	svc, clock := rulesEnv(t)
	tool := rulesTool(t, svc, "scanner", inventory.High, inventory.Maintain)
	for i := range 2 {
		is, err := svc.Maintenance.OpenIssue(ctx, rulesEngineer, tool.ID, maintenance.Issue{Title: "old outage", Kind: maintenance.Outage,
			OpenedAt: clock.Now().AddDate(0, 0, -10-i)})
		if err != nil {
			t.Fatal(err)
		}
		if is.SLO.State != maintenance.Breached || is.RTO.State != maintenance.Breached {
			t.Fatalf("an issue opened 10 days ago: SLO %s RTO %s", is.SLO.State, is.RTO.State)
		}
	}
	topics := outboxTopics(t, svc)
	if n := count(topics, "clock.breached"); n != 4 {
		t.Errorf("%d clock.breached warnings for two issues breached on arrival, want 4 (topics %v)", n, topics)
	}
	sigs, err := svc.Maintenance.Signals(ctx, rulesEngineer, tool.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || !strings.Contains(sigs[0].Recommendation, "improve_then_maintain") {
		t.Errorf("signals after two issues recorded breached: %+v", sigs)
	}
	// The job finds nothing left to say about them.
	if n, err := svc.Maintenance.CheckClocks(ctx); err != nil || n != 0 {
		t.Errorf("the clock job changed %d clocks (%v) of issues already recorded breached", n, err)
	}
}

func TestRule3IssueCommitmentNoteSaysNoRPO(t *testing.T) {
	ctx := context.Background()
	svc, _ := rulesEnv(t)
	tool := rulesTool(t, svc, "scanner", inventory.High, inventory.Maintain)
	for _, is := range []maintenance.Issue{
		{Title: "down", Kind: maintenance.Outage},
		{Title: "question", Kind: maintenance.Question},
	} {
		got, err := svc.Maintenance.OpenIssue(ctx, rulesRequester, tool.ID, is)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got.CommitmentNote, inventory.NoRPO) {
			t.Errorf("%s: commitment note %q does not say that no RPO is promised", is.Kind, got.CommitmentNote)
		}
	}
}
