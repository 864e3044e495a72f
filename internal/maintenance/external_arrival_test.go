package maintenance_test

import (
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var reader = core.Actor{Username: "admin", Role: core.RoleAdmin}

// Rule 8 through GitLab: an issue that arrives already breached warns as a
// live breach would (to the GitLab issue too) and counts toward signals;
// one closed long ago counts toward signals without a warning.
func TestIssuesFromGitLabThatArriveBreached(t *testing.T) {
	env := testenv.New(t)
	ctx := t.Context()
	m := env.Services.Maintenance
	opened := testenv.Start.AddDate(0, 0, -10) // high: SLO 1 business day, RTO 2; both long past
	open := maintenance.ExternalIssue{Key: "gitlab:issue:9001", Ref: "15#9", Title: "scans fail", Kind: maintenance.Bug, Blocks: true,
		OpenedAt: opened, UpdatedAt: opened}
	liveTool := externalTool(t, env, "late-open", "maintain")
	is, _, err := m.ApplyExternal(ctx, maintenance.GitLabActor, liveTool, open)
	if err != nil {
		t.Fatal(err)
	}
	if slo, rto := is.ClockStates(env.Clock.Now()); slo != maintenance.Breached || rto != maintenance.Breached {
		t.Fatalf("clocks = %s, %s; want both breached", slo, rto)
	}
	topics := map[string]bool{}
	for _, msg := range outboxTo(t, env, maintenance.RecipientGitLabIssue, "15#9") {
		topics[msg.Topic] = true
	}
	if !topics["clock.breached"] {
		t.Errorf("messages to the GitLab issue: %v; want a clock.breached warning", topics)
	}
	if sigs, err := m.Signals(ctx, reader, liveTool, true); err != nil || len(sigs) != 1 {
		t.Errorf("signals of the tool = %v, %v; want one raised by the imported breaches", sigs, err)
	}

	closedTool := externalTool(t, env, "late-closed", "maintain")
	closedAt := opened.AddDate(0, 0, 5)
	old := maintenance.ExternalIssue{Key: "gitlab:issue:9002", Ref: "15#10", Title: "scans failed", Kind: maintenance.Bug, Blocks: true,
		OpenedAt: opened, UpdatedAt: closedAt, Closed: true, ClosedAt: &closedAt}
	if _, _, err := m.ApplyExternal(ctx, maintenance.GitLabActor, closedTool, old); err != nil {
		t.Fatal(err)
	}
	for _, msg := range outboxTo(t, env, maintenance.RecipientGitLabIssue, "15#10") {
		if msg.Topic == "clock.breached" {
			t.Errorf("a closed import warned: %+v", msg)
		}
	}
	if sigs, err := m.Signals(ctx, reader, closedTool, true); err != nil || len(sigs) != 1 {
		t.Errorf("signals of the tool = %v, %v; want one from the breaches of the closed import", sigs, err)
	}
}

// Rule 5 through GitLab: an outage keeps the tool from working.
func TestAnOutageFromGitLabBlocks(t *testing.T) {
	env := testenv.New(t)
	toolID := externalTool(t, env, "pipeline", "maintain")
	now := env.Clock.Now().Add(-time.Minute)
	is, _, err := env.Services.Maintenance.ApplyExternal(t.Context(), maintenance.GitLabActor, toolID, maintenance.ExternalIssue{
		Key: "gitlab:issue:9100", Title: "down", Kind: maintenance.Outage, OpenedAt: now, UpdatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	if !is.BlocksFunctionality || is.SLO.DueAt == nil {
		t.Errorf("outage = blocks %t, SLO due %v; want it blocking with clocks", is.BlocksFunctionality, is.SLO.DueAt)
	}
}
