package maintenance_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func externalTool(t *testing.T, env *testenv.Env, name, category string) int64 {
	t.Helper()
	tool, err := env.Admin.CreateTool(t.Context(), httpapi.ToolCreate{Name: name, OwnerTeam: "appsec", Criticality: "high",
		Category: category, GitLabProject: "appsec/" + name})
	if err != nil {
		t.Fatalf("create tool: %v", err)
	}
	return tool.ID
}

func outboxTo(t *testing.T, env *testenv.Env, kind, name string) []core.Message {
	t.Helper()
	all, err := env.DB.Outbox(context.Background(), 0, 500, false)
	if err != nil {
		t.Fatal(err)
	}
	var out []core.Message
	for _, m := range all {
		for _, r := range m.Recipients {
			if r.Kind == kind && r.Name == name {
				out = append(out, m)
			}
		}
	}
	return out
}

func TestApplyExternalLifecycle(t *testing.T) {
	env := testenv.New(t)
	ctx := t.Context()
	m := env.Services.Maintenance
	toolID := externalTool(t, env, "scanner", "maintain")
	opened := testenv.Start.Add(-time.Hour)
	ext := maintenance.ExternalIssue{Key: "gitlab:issue:301", Ref: "15#3", URL: "https://gitlab.example.com/appsec/scanner/-/issues/3",
		Title: "scanner crashes", Kind: maintenance.Bug, Blocks: true, OpenedAt: opened, UpdatedAt: opened, EventUUID: "ev-1"}
	is, created, err := m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, ext)
	if err != nil || !created {
		t.Fatalf("create: %v created=%v", err, created)
	}
	if !is.External || !is.BlocksFunctionality || !is.OpenedAt.Equal(opened) || is.SLO.DueAt == nil || is.State != maintenance.Open {
		t.Fatalf("created issue = %+v", is)
	}
	msgs := outboxTo(t, env, maintenance.RecipientGitLabIssue, "15#3")
	if len(msgs) != 1 || msgs[0].Topic != "issue.commitment" || !strings.Contains(msgs[0].Body, "RPO") ||
		!strings.Contains(msgs[0].Body, "SLO") || !strings.Contains(msgs[0].Body, "RTO") {
		t.Fatalf("commitment message = %+v", msgs)
	}
	if raw, _ := msgs[0].Data.(json.RawMessage); !strings.Contains(string(raw), `"gitlab_event_uuid":"ev-1"`) {
		t.Errorf("message data = %s", raw)
	}

	// the same update again, and an older one, change nothing
	again, created, err := m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, ext)
	if err != nil || created || again.ID != is.ID || again.Version != is.Version {
		t.Fatalf("re-apply: %v created=%v %+v", err, created, again)
	}
	old := ext
	old.UpdatedAt, old.Closed, old.ClosedAt = opened.Add(-time.Minute), true, &opened
	if got, _, err := m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, old); err != nil || got.State != maintenance.Open {
		t.Fatalf("an older close: %v %s", err, got.State)
	}

	// the first assignee triages at the time GitLab gives
	assigned := opened.Add(30 * time.Minute)
	ext.Assignee, ext.AssignedAt, ext.UpdatedAt = "alice", &assigned, assigned
	is, _, err = m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, ext)
	if err != nil || is.State != maintenance.Triaged || is.TriagedAt == nil || !is.TriagedAt.Equal(assigned) || is.SLO.State != maintenance.Met {
		t.Fatalf("triage: %v %+v", err, is)
	}

	// closing recovers and closes
	closed := opened.Add(2 * time.Hour)
	ext.Closed, ext.ClosedAt, ext.UpdatedAt = true, &closed, closed
	is, _, err = m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, ext)
	if err != nil || is.State != maintenance.Closed || is.RecoveredAt == nil || !is.RecoveredAt.Equal(closed) || is.RTO.State != maintenance.Met {
		t.Fatalf("close: %v %+v", err, is)
	}

	// a reopen undoes the close and the recovery; the triage stands
	reopened := closed.Add(time.Hour)
	ext.Closed, ext.ClosedAt, ext.UpdatedAt = false, nil, reopened
	is, _, err = m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, ext)
	if err != nil || is.State != maintenance.Triaged || is.RecoveredAt != nil || is.ClosedAt != nil || is.RTO.State != maintenance.Running ||
		is.SLO.State != maintenance.Met {
		t.Fatalf("reopen: %v %+v", err, is)
	}
	list, _, err := m.ListIssues(ctx, core.System, maintenance.IssueFilter{ToolID: toolID}, core.Page{Limit: 10})
	if err != nil || len(list) != 1 {
		t.Fatalf("one issue per key: %d, %v", len(list), err)
	}
}

func TestApplyExternalBlocksLater(t *testing.T) {
	env := testenv.New(t)
	ctx := t.Context()
	m := env.Services.Maintenance
	toolID := externalTool(t, env, "scanner", "maintain")
	opened := testenv.Start.Add(-48 * time.Hour)
	ext := maintenance.ExternalIssue{Key: "gitlab:issue:9", Ref: "15#9", Title: "slow", Kind: maintenance.Bug,
		OpenedAt: opened, UpdatedAt: opened}
	is, _, err := m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, ext)
	if err != nil || is.BlocksFunctionality || is.SLO.DueAt != nil {
		t.Fatalf("non-blocking: %v %+v", err, is)
	}
	if n := len(outboxTo(t, env, maintenance.RecipientGitLabIssue, "15#9")); n != 0 {
		t.Fatalf("%d messages for an issue without clocks", n)
	}
	since := testenv.Start.Add(-10 * time.Minute)
	ext.Blocks, ext.BlocksSince, ext.UpdatedAt = true, &since, since
	is, _, err = m.ApplyExternal(ctx, maintenance.GitLabActor, toolID, ext)
	if err != nil || !is.BlocksFunctionality || is.SLO.DueAt == nil {
		t.Fatalf("blocking: %v %+v", err, is)
	}
	fresh := maintenance.StartClock(mustCalendar(t, env), since, is.SLO.Target, 0.75)
	if !is.SLO.DueAt.Equal(*fresh.DueAt) {
		t.Errorf("SLO due %s, want %s (from when it began to block)", is.SLO.DueAt, fresh.DueAt)
	}
	if n := len(outboxTo(t, env, maintenance.RecipientGitLabIssue, "15#9")); n != 1 {
		t.Errorf("%d commitment messages, want 1", n)
	}
}

func mustCalendar(t *testing.T, env *testenv.Env) *bizhours.Calendar {
	t.Helper()
	cal, _, err := env.Services.Calendar.Current(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func TestApplyExternalRefusedFeatureRequest(t *testing.T) {
	env := testenv.New(t)
	m := env.Services.Maintenance
	toolID := externalTool(t, env, "scanner", "maintain")
	opened := testenv.Start.Add(-time.Hour)
	is, _, err := m.ApplyExternal(t.Context(), maintenance.GitLabActor, toolID, maintenance.ExternalIssue{Key: "gitlab:issue:5",
		Ref: "15#5", Title: "add SARIF", Kind: maintenance.FeatureRequest, OpenedAt: opened, UpdatedAt: opened})
	if err != nil || is.State != maintenance.Closed || !strings.Contains(is.CloseReason, "maintain") {
		t.Fatalf("refused feature request: %v %+v", err, is)
	}
	msgs := outboxTo(t, env, maintenance.RecipientGitLabIssue, "15#5")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Body, "feature requests are not accepted") {
		t.Fatalf("refusal message = %+v", msgs)
	}
}

func TestClockWarningsGoToTheGitLabIssue(t *testing.T) {
	env := testenv.New(t)
	m := env.Services.Maintenance
	toolID := externalTool(t, env, "scanner", "maintain")
	opened := testenv.Start
	is, _, err := m.ApplyExternal(t.Context(), maintenance.GitLabActor, toolID, maintenance.ExternalIssue{Key: "gitlab:issue:77",
		Ref: "15#77", Title: "down", Kind: maintenance.Bug, Blocks: true, OpenedAt: opened, UpdatedAt: opened})
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(*is.SLO.AtRisk)
	if _, err := m.CheckClocks(t.Context()); err != nil {
		t.Fatal(err)
	}
	var topics []string
	for _, msg := range outboxTo(t, env, maintenance.RecipientGitLabIssue, "15#77") {
		topics = append(topics, msg.Topic)
	}
	if strings.Join(topics, ",") != "issue.commitment,clock.at_risk" {
		t.Errorf("messages to the GitLab issue: %v", topics)
	}
}
