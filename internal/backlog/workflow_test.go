package backlog_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// TestProfileSwitchMidway: items keep the scheme they were recorded under;
// new ones take the active one; the process says which is active.
func TestProfileSwitchMidway(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	old := e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team, metric, "ProdSecEngPriority::1"}, Weight: 8})
	if old.Profile != "handbook-seed@1" || old.Priority == nil || *old.Priority != 1 {
		t.Fatalf("recorded under %s with priority %v", old.Profile, old.Priority)
	}
	p, err := e.svc.SetProcess(ctx, manager, 0, backlog.ProcessChange{Profile: handbook})
	if err != nil {
		t.Fatal(err)
	}
	if p.Profile != handbook || p.Scheme.BreakDownAbove != 13 || p.Version != 1 {
		t.Fatalf("process after the switch: %+v", p)
	}
	if _, err := e.svc.SetProcess(ctx, manager, 0, backlog.ProcessChange{Profile: seed}); !core.IsCode(err, core.PreconditionFailed) {
		t.Fatalf("a stale version must be refused, got %v", err)
	}
	if _, err := e.svc.SetProcess(ctx, engineer, core.AnyVersion, backlog.ProcessChange{Profile: seed}); !core.IsCode(err, core.Forbidden) {
		t.Fatalf("an engineer may not change the process, got %v", err)
	}
	fresh := e.upsert(t, issueCase{ID: 2, IID: 2, Labels: []string{team, metric, "priority::2"}, Weight: 8})
	offScale := e.upsert(t, issueCase{ID: 3, IID: 3, Labels: []string{team, metric}, Weight: 4})
	if fresh.Profile != "handbook-2026-07@1" || fresh.Priority == nil || *fresh.Priority != 2 {
		t.Fatalf("new item under %s, priority %v", fresh.Profile, fresh.Priority)
	}
	// An update of the old item keeps its scheme: its ProdSecEngPriority is still read.
	old = e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team, metric, "ProdSecEngPriority::2"}, Weight: 8, Updated: t0.Add(time.Hour)})
	if old.Profile != "handbook-seed@1" || old.Priority == nil || *old.Priority != 2 {
		t.Fatalf("the old item moved scheme: %s, priority %v", old.Profile, old.Priority)
	}
	fs := e.findings(t)
	if got := rulesOf(fs, old.URL); !slices.Equal(got, []string{backlog.RuleWeightAboveMax}) {
		t.Errorf("old item (seed, weight 8): %v", got)
	}
	if got := rulesOf(fs, fresh.URL); len(got) != 0 {
		t.Errorf("new item (2026-07, weight 8): %v", got)
	}
	if got := rulesOf(fs, offScale.URL); !slices.Equal(got, []string{backlog.RuleWeightNotInScale}) {
		t.Errorf("new item (2026-07, weight 4): %v", got)
	}
	board, err := e.svc.Board(ctx, engineer)
	if err != nil || board.Profile != "handbook-2026-07@1" || board.Columns[0].Label != "" || len(board.Columns[0].Items) != 3 {
		t.Fatalf("board: %+v, %v", board, err)
	}
}

func TestCustomScheme(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	custom := backlog.Profiles[handbook].Clone()
	custom.Name = "our-team"
	custom.Weights = []backlog.WeightLevel{{Weight: 1}, {Weight: 2}, {Weight: 4}}
	custom.BreakDownAbove = 4
	p, err := e.svc.SetProcess(ctx, manager, core.AnyVersion, backlog.ProcessChange{Scheme: &custom})
	if err != nil || p.Profile != "our-team" || p.Scheme.Version != 1 || !slices.Contains(p.Profiles, "our-team") {
		t.Fatalf("custom scheme: %+v, %v", p, err)
	}
	it := e.upsert(t, issueCase{ID: 5, IID: 5, Labels: []string{team, metric}, Weight: 3})
	custom.BreakDownAbove = 2
	custom.Weights = []backlog.WeightLevel{{Weight: 1}, {Weight: 2}}
	if p, err = e.svc.SetProcess(ctx, manager, core.AnyVersion, backlog.ProcessChange{Scheme: &custom}); err != nil || p.Scheme.Version != 2 {
		t.Fatalf("second version: %+v, %v", p, err)
	}
	if got := rulesOf(e.findings(t), it.URL); !slices.Equal(got, []string{backlog.RuleWeightNotInScale}) {
		t.Errorf("the item keeps our-team@1 (weight 3 off 1,2,4): %v", got)
	}
	bad := custom
	bad.Name, bad.ReadyLabel, bad.BreakDownAbove = "broken", "workflow::nowhere", 3
	_, err = e.svc.SetProcess(ctx, manager, core.AnyVersion, backlog.ProcessChange{Scheme: &bad})
	ce := wantCode(t, err, core.Invalid)
	var fields []string
	for _, f := range ce.Fields {
		fields = append(fields, f.Field)
	}
	if !slices.Contains(fields, "ready_label") || !slices.Contains(fields, "break_down_above") {
		t.Errorf("fields named: %v", fields)
	}
	shipped := backlog.Profiles[seed].Clone()
	if _, err := e.svc.SetProcess(ctx, manager, core.AnyVersion, backlog.ProcessChange{Scheme: &shipped}); !core.IsCode(err, core.Conflict) {
		t.Errorf("a shipped profile cannot be overwritten, got %v", err)
	}
	if _, err := e.svc.SetProcess(ctx, manager, core.AnyVersion, backlog.ProcessChange{Profile: "nope"}); !core.IsCode(err, core.Invalid) {
		t.Errorf("an unknown profile, got %v", err)
	}
}

// TestTriageDryRunMakesNoCalls: a dry run says what the policies would do
// and touches nothing; the real run does it; a second run repeats nothing
// that is once only.
func TestTriageDryRunMakesNoCalls(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	noMetric := e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team}, Weight: 2})
	heavy := e.upsert(t, issueCase{ID: 2, IID: 2, Labels: []string{team, metric}, Weight: 8})
	e.upsert(t, issueCase{ID: 3, IID: 3, Labels: []string{cand}, Created: t0.Add(-30 * 24 * time.Hour)})
	before, _ := e.db.Outbox(ctx, 0, 100, false)

	dry, err := e.svc.Triage(ctx, engineer, true)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, a := range dry.Actions {
		kinds[a.Policy]++
	}
	if kinds["metric-label-pending"] != 1 || kinds["break-it-down"] != 1 || kinds["appsec-in-flight"] != 1 || kinds["candidate-waiting"] != 1 {
		t.Fatalf("dry run actions: %+v", dry.Actions)
	}
	if calls := e.gl.Calls(); len(calls) != 0 {
		t.Fatalf("a dry run made calls: %+v", calls)
	}
	if after, _ := e.db.Outbox(ctx, 0, 100, false); len(after) != len(before) {
		t.Fatalf("a dry run wrote to the outbox")
	}
	if it, _ := e.svc.Item(ctx, engineer, noMetric.ID); it.Metric != "" || it.Version != noMetric.Version {
		t.Fatalf("a dry run changed the item: %+v", it)
	}

	run, err := e.svc.Triage(ctx, engineer, false)
	if err != nil || len(run.Actions) != 4 {
		t.Fatalf("run: %+v, %v", run.Actions, err)
	}
	calls := e.gl.Calls()
	if len(calls) != 2 || calls[0].Op != "labels" || calls[0].Ref.IID != 1 || !slices.Equal(calls[0].Add, []string{backlog.PendingMetricLabel}) ||
		calls[1].Op != "comment" || calls[1].Ref.IID != heavy.IID || !strings.Contains(calls[1].Body, "broken down") {
		t.Fatalf("calls: %+v", calls)
	}
	if it, _ := e.svc.Item(ctx, engineer, noMetric.ID); it.Metric != "Pending" {
		t.Fatalf("the pending label is not on the item: %+v", it.Labels)
	}
	msgs, _ := e.db.Outbox(ctx, 0, 100, false)
	var toManager, toTeam int
	for _, m := range msgs[len(before):] {
		for _, r := range m.Recipients {
			if r.Kind == "role" && r.Name == "manager" {
				toManager++
			}
			if r.Kind == "team" {
				toTeam++
			}
		}
	}
	if toManager != 1 || toTeam != 1 {
		t.Fatalf("notifications: manager %d, team %d", toManager, toTeam)
	}
	again, err := e.svc.Triage(ctx, engineer, false)
	if err != nil || len(again.Actions) != 0 || len(e.gl.Calls()) != 2 {
		t.Fatalf("a second run repeated once-only actions: %+v, %v", again.Actions, err)
	}
}

func TestScheduledTriageIsOffByDefault(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team}, Weight: 2})
	if ran, err := e.svc.RunScheduled(ctx); err != nil || ran || len(e.gl.Calls()) != 0 {
		t.Fatalf("off by default: ran %t, %v", ran, err)
	}
	set := backlog.DefaultSettings()
	set.Schedule = backlog.Schedule{Enabled: true, EveryMinutes: 30}
	if _, err := e.svc.SetSettings(ctx, manager, core.AnyVersion, set); err != nil {
		t.Fatal(err)
	}
	if ran, err := e.svc.RunScheduled(ctx); err != nil || !ran || len(e.gl.Calls()) != 1 {
		t.Fatalf("on: ran %t, %v, calls %v", ran, err, e.gl.Calls())
	}
	e.clock.Advance(10 * time.Minute)
	if ran, _ := e.svc.RunScheduled(ctx); ran {
		t.Fatal("ran again before its interval")
	}
	e.clock.Advance(25 * time.Minute)
	if ran, _ := e.svc.RunScheduled(ctx); !ran {
		t.Fatal("did not run after its interval")
	}
}

func TestTakeOnProductIssuePingsGroupManagers(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.svc.SetGroups(ctx, engineer, core.AnyVersion, backlog.GroupMap{Groups: []backlog.GroupOwners{
		{Label: "group::authentication", ProductManagers: []string{"pm-auth"}, EngineeringManagers: []string{"@em-auth"}}}}); err != nil {
		t.Fatal(err)
	}
	mapped := e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{cand, "group::authentication"}, Project: "gitlab-org/gitlab"})
	res, err := e.svc.TakeOn(ctx, engineer, mapped.ID, "AppSec Automation")
	if err != nil {
		t.Fatal(err)
	}
	calls := e.gl.Calls()
	if len(calls) != 2 || calls[0].Op != "labels" || !slices.Equal(calls[0].Add, []string{team, metric}) ||
		calls[1].Op != "comment" || !strings.Contains(calls[1].Body, "@pm-auth @em-auth") {
		t.Fatalf("calls: %+v", calls)
	}
	if !res.Product || !slices.Equal(res.Pinged, []string{"pm-auth", "em-auth"}) || !res.Item.Team || res.Item.Metric != "AppSec Automation" {
		t.Fatalf("result: %+v", res)
	}

	unmapped := e.upsert(t, issueCase{ID: 2, IID: 2, Labels: []string{cand, "group::pipeline security"}})
	res, err = e.svc.TakeOn(ctx, engineer, unmapped.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	calls = e.gl.Calls()[2:]
	if len(calls) != 1 || !slices.Equal(calls[0].Add, []string{team, backlog.PendingMetricLabel}) {
		t.Fatalf("no owner: calls %+v", calls)
	}
	if len(res.Pinged) != 0 || !strings.Contains(res.Note, "nobody was pinged") {
		t.Fatalf("no owner must be said: %+v", res)
	}
	if _, err := e.svc.TakeOn(ctx, engineer, unmapped.ID, "Made Up"); !core.IsCode(err, core.Invalid) {
		t.Fatalf("an unknown metric, got %v", err)
	}
	if _, err := e.svc.TakeOn(ctx, core.Actor{Username: "r", Role: core.RoleRequester}, unmapped.ID, ""); !core.IsCode(err, core.Forbidden) {
		t.Fatalf("a requester may not take work on, got %v", err)
	}
}

func TestTakeOnInternalIssueNeedsTheTemplate(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	partial := "## Problem statement\n\nAppSec triages by hand.\n\n## Who is affected\n\nAppSec.\n\n## Urgency\n\n"
	it := e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{cand}, Project: "gitlab-com/gl-security/tooling", Description: partial})
	_, err := e.svc.TakeOn(ctx, engineer, it.ID, "")
	ce := wantCode(t, err, core.Invalid)
	var missing []string
	for _, f := range ce.Fields {
		missing = append(missing, f.Value.(string))
	}
	if want := []string{"user_requirements", "alternatives_explored", "business_case", "urgency"}; !slices.Equal(missing, want) {
		t.Fatalf("missing %v, want %v", missing, want)
	}
	if len(e.gl.Calls()) != 0 {
		t.Fatal("a refused take-on made calls")
	}
	full := partial + "Today.\n\n## User requirements\n\nA queue.\n\n## Alternatives explored\n\nNone.\n\n## Business case\n\nHours saved.\n"
	it = e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{cand}, Project: "gitlab-com/gl-security/tooling", Description: full,
		Updated: t0.Add(time.Minute)})
	res, err := e.svc.TakeOn(ctx, engineer, it.ID, "")
	if err != nil || res.Product || len(e.gl.Calls()) != 1 || len(res.Pinged) != 0 {
		t.Fatalf("internal take-on: %+v, %v, %+v", res, err, e.gl.Calls())
	}
}

func TestRemoveFromBacklog(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	it := e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team, cand, metric}})
	if _, err := e.svc.Remove(ctx, engineer, it.ID, backlog.Removal{Reason: "  "}); !core.IsCode(err, core.Invalid) || len(e.gl.Calls()) != 0 {
		t.Fatalf("a reason is required and nothing is called: %v", err)
	}
	if _, err := e.svc.Remove(ctx, engineer, it.ID, backlog.Removal{Reason: "x", GroupLabels: []string{"devops::verify"}}); !core.IsCode(err, core.Invalid) {
		t.Fatalf("group labels must be group:: labels: %v", err)
	}
	res, err := e.svc.Remove(ctx, engineer, it.ID, backlog.Removal{Reason: "It belongs to Authentication's roadmap.",
		Mention: []string{"@em-auth", "pm-auth"}, GroupLabels: []string{"group::authentication"}, SeekingCommunity: true})
	if err != nil {
		t.Fatal(err)
	}
	calls := e.gl.Calls()
	if len(calls) != 2 || calls[0].Op != "labels" || !slices.Equal(calls[0].Remove, []string{team, cand}) ||
		!slices.Equal(calls[0].Add, []string{"group::authentication", backlog.SeekingCommunityLabel}) {
		t.Fatalf("label call: %+v", calls)
	}
	if calls[1].Op != "comment" || !strings.HasPrefix(calls[1].Body, "@em-auth @pm-auth ") || !strings.Contains(calls[1].Body, "Authentication's roadmap") {
		t.Fatalf("comment: %+v", calls[1])
	}
	if res.Item.Team || res.Item.Candidate || res.Item.RemovedAt == nil || res.Item.RemovalReason == "" {
		t.Fatalf("item after removal: %+v", res.Item)
	}
	if _, err := e.svc.Remove(ctx, engineer, it.ID, backlog.Removal{Reason: "again"}); !core.IsCode(err, core.Conflict) {
		t.Fatalf("removing twice, got %v", err)
	}

	secret := e.upsert(t, issueCase{ID: 2, IID: 2, Labels: []string{cand}, Confidential: true})
	res, err = e.svc.Remove(ctx, engineer, secret.ID, backlog.Removal{Reason: "Not ours.", SeekingCommunity: true})
	if err != nil {
		t.Fatal(err)
	}
	last := e.gl.Calls()[2]
	if slices.Contains(last.Add, backlog.SeekingCommunityLabel) || !strings.Contains(res.Note, "confidential") {
		t.Fatalf("a confidential issue is not offered to the community: %+v, %q", last, res.Note)
	}
}

func TestGitLabRefusalIsReportedAndNothingRecorded(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	it := e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{cand}, Project: "gitlab-org/gitlab"})
	e.gl.fail = errors.New("403 Forbidden")
	_, err := e.svc.TakeOn(ctx, engineer, it.ID, "")
	if !core.IsCode(err, core.Conflict) || !strings.Contains(err.Error(), "403") {
		t.Fatalf("got %v", err)
	}
	if got, _ := e.svc.Item(ctx, engineer, it.ID); got.Team {
		t.Fatal("a refused label change was recorded")
	}
}

func TestStoppedWithoutHandoff(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	labels := []string{team, metric, "workflow::in dev"}
	e.upsert(t, issueCase{ID: 1, IID: 1, Labels: labels, Assignees: []string{"eve"}, Weight: 2})
	it := e.upsert(t, issueCase{ID: 1, IID: 1, Labels: labels, Weight: 2, Updated: t0.Add(time.Hour)})
	if got := rulesOf(e.findings(t), it.URL); !slices.Equal(got, []string{backlog.RuleStoppedWithoutHandof}) {
		t.Fatalf("unassigned without a word: %v", got)
	}
	if err := e.svc.ObserveNote(ctx, core.System, it.Key, "I have to stop, over to you @product-security-engineering.", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := rulesOf(e.findings(t), it.URL); len(got) != 0 {
		t.Fatalf("the team was mentioned: %v", got)
	}
	other := e.upsert(t, issueCase{ID: 2, IID: 2, Labels: labels, Assignees: []string{"eve"}, Weight: 2})
	other = e.upsert(t, issueCase{ID: 2, IID: 2, Labels: append(slices.Clone(labels[:2]), backlog.BlockedLabel), Weight: 2, Updated: t0.Add(time.Hour)})
	if got := rulesOf(e.findings(t), other.URL); len(got) != 0 {
		t.Fatalf("blocked is a hand-off: %v", got)
	}
}

func TestAppSecInFlight(t *testing.T) {
	e := newEnv(t)
	if got := rulesOf(e.findings(t), ""); !slices.Equal(got, []string{backlog.RuleNoAppSecInFlight}) {
		t.Fatalf("empty backlog: %v", got)
	}
	e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team, "AppSec"}, Weight: 2})
	if got := rulesOf(e.findings(t), ""); len(got) != 1 {
		t.Fatalf("unassigned AppSec work is not in flight: %v", got)
	}
	e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team, "AppSec", backlog.BlockedLabel}, Assignees: []string{"eve"}, Weight: 2,
		Updated: t0.Add(time.Minute)})
	if got := rulesOf(e.findings(t), ""); len(got) != 1 {
		t.Fatalf("blocked AppSec work is not in flight: %v", got)
	}
	e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team, "AppSec", metric}, Assignees: []string{"eve"}, Weight: 2,
		Updated: t0.Add(2 * time.Minute)})
	if got := rulesOf(e.findings(t), ""); len(got) != 0 {
		t.Fatalf("assigned, unblocked AppSec work is in flight: %v", got)
	}
	e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team, metric}, Assignees: []string{"eve"}, Weight: 2,
		Updated: t0.Add(3 * time.Minute)})
	if got := rulesOf(e.findings(t), ""); len(got) != 0 {
		t.Fatalf("the AppSec Automation metric label makes work AppSec-related: %v", got)
	}
	e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team, metric}, Assignees: []string{"eve"}, Weight: 2, State: "closed",
		Updated: t0.Add(4 * time.Minute)})
	if got := rulesOf(e.findings(t), ""); !slices.Equal(got, []string{backlog.RuleNoAppSecInFlight}) {
		t.Fatalf("closed AppSec work is not in flight: %v", got)
	}
}

func TestUpsertIgnoresWhatTheBacklogDoesNotFollow(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, change, err := e.svc.Upsert(ctx, core.System, issueHook(t, issueCase{ID: 1, Labels: []string{"API"}}))
	if err != nil || change != backlog.Ignored {
		t.Fatalf("unlabelled issue: %s, %v", change, err)
	}
	it := e.upsert(t, issueCase{ID: 2, Labels: []string{cand}, Updated: t0.Add(time.Hour)})
	_, change, _ = e.svc.Upsert(ctx, core.System, issueHook(t, issueCase{ID: 2, Labels: []string{cand, team}, Updated: t0}))
	if got, _ := e.svc.Item(ctx, engineer, it.ID); change != backlog.Unchanged || got.Team {
		t.Fatalf("an older update changed the item: %s", change)
	}
	bad := issueHook(t, issueCase{ID: 3, Labels: []string{cand}})
	bad.Title = ""
	if _, _, err := e.svc.Upsert(ctx, core.System, bad); !core.IsCode(err, core.Invalid) {
		t.Fatalf("no title, got %v", err)
	}
}
