package backlog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// mergeHook is the fixture Merge Request Hook, merged, with the case's
// labels, author and reviewers.
func mergeHook(t *testing.T, id int64, labels []string, authorID int64, author string, reviewers map[int64]string, merged time.Time) backlog.ObservedItem {
	t.Helper()
	m := readFixture(t, "merge_request_hook.json")
	a := m["object_attributes"].(map[string]any)
	proto := m["labels"].([]any)[0].(map[string]any)
	a["id"], a["iid"], a["author_id"] = float64(id), float64(id), float64(authorID)
	a["action"], a["state"], a["updated_at"] = "merge", "merged", merged.Format(time.RFC3339)
	a["url"] = fmt.Sprintf("http://example.com/diaspora/merge_requests/%d", id)
	a["labels"], m["labels"] = labelObjects(proto, labels), labelObjects(proto, labels)
	user := m["user"].(map[string]any)
	user["id"], user["username"] = float64(authorID), author
	rproto := m["reviewers"].([]any)[0].(map[string]any)
	rs := []any{}
	for rid, name := range reviewers {
		r := map[string]any{}
		for k, v := range rproto {
			r[k] = v
		}
		r["id"], r["username"] = float64(rid), name
		rs = append(rs, r)
	}
	m["reviewers"] = rs
	b, _ := json.Marshal(m)
	ev, err := gl.ParseWebhook(gl.EventTypeMergeRequest, b)
	if err != nil {
		t.Fatalf("parse hook: %v", err)
	}
	return gitlab.BacklogMergeRequestFromEvent(ev.(*gl.MergeEvent))
}

func TestMetrics(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	inv := inventory.NewService(e.db.Inventory(), e.clock)
	if _, err := inv.CreateTool(ctx, manager, inventory.Tool{Name: "VulnMapper", OwnerTeam: "prodsec-eng", Criticality: inventory.Medium,
		Category: inventory.Maintain, GitLabProject: "gitlabhq/gitlab-test"}); err != nil {
		t.Fatal(err)
	}
	set := backlog.DefaultSettings()
	set.TeamMembers = []string{"alice", "bob"}
	if _, err := e.svc.SetSettings(ctx, manager, core.AnyVersion, set); err != nil {
		t.Fatal(err)
	}
	// Team items: two with a real metric label, one pending, one without.
	closed := t0.Add(2 * 24 * time.Hour) // Wednesday of the first week
	e.upsert(t, issueCase{ID: 1, IID: 1, Labels: []string{team, metric}, Weight: 3, State: "closed", Updated: closed})
	e.upsert(t, issueCase{ID: 2, IID: 2, Labels: []string{team, backlog.ToolingMetricLabel}, Weight: 5, State: "closed", Updated: closed.Add(7 * 24 * time.Hour)})
	e.upsert(t, issueCase{ID: 3, IID: 3, Labels: []string{team, backlog.PendingMetricLabel}, Weight: 2})
	e.upsert(t, issueCase{ID: 4, IID: 4, Labels: []string{team}, Weight: 1})
	e.upsert(t, issueCase{ID: 5, IID: 5, Labels: []string{cand}}) // not team work
	// Merge requests on the tool's project: reviewed by a team member who is not the author, by the author only, by nobody on the team.
	for _, o := range []backlog.ObservedItem{
		mergeHook(t, 91, []string{team, metric}, 7, "alice", map[int64]string{8: "bob"}, t0.Add(time.Hour)),
		mergeHook(t, 92, []string{team, backlog.ToolingMetricLabel}, 7, "alice", map[int64]string{7: "alice"}, t0.Add(2*time.Hour)),
		mergeHook(t, 93, nil, 9, "carol", map[int64]string{10: "dave"}, t0.Add(3*time.Hour)),
	} {
		if _, ch, err := e.svc.Upsert(ctx, core.System, o); err != nil || ch != backlog.Created {
			t.Fatalf("merge request %s: %s, %v", o.Key, ch, err)
		}
	}
	m, err := e.svc.Metrics(ctx, engineer, t0, t0.Add(13*24*time.Hour)) // two weeks, Monday to Sunday
	if err != nil {
		t.Fatal(err)
	}
	if m.TeamItems != 4 || m.MetricLabelCoverage == nil || *m.MetricLabelCoverage != 0.5 {
		t.Errorf("coverage: %d items, %v", m.TeamItems, m.MetricLabelCoverage)
	}
	if m.ByMetric["AppSec Automation"] != 1 || m.ByMetric["Pending"] != 1 || m.ByMetric["none"] != 1 {
		t.Errorf("by metric: %v", m.ByMetric)
	}
	if len(m.Velocity) != 2 || m.Velocity[0].Weight != 3 || m.Velocity[1].Weight != 5 || m.VelocityAverage != 4 {
		t.Errorf("velocity: %+v avg %v", m.Velocity, m.VelocityAverage)
	}
	if m.MergedRequests != 2 || m.MergedByMetric["AppSec Automation"] != 1 || m.MergedByMetric["Tooling Integration"] != 1 {
		t.Errorf("merged: %d %v", m.MergedRequests, m.MergedByMetric)
	}
	if m.ToolRequests != 3 || m.PeerReviewed != 1 || m.PeerReviewRate == nil || *m.PeerReviewRate < 0.33 || *m.PeerReviewRate > 0.34 {
		t.Errorf("peer review: %d of %d = %v", m.PeerReviewed, m.ToolRequests, m.PeerReviewRate)
	}
	if _, err := e.svc.Metrics(ctx, engineer, t0, t0); !core.IsCode(err, core.Invalid) {
		t.Errorf("an empty period, got %v", err)
	}
}

func TestCoCreateShareAndToolingReport(t *testing.T) {
	id := int64(4)
	done := t0
	ccs := []cocreate.CoCreate{{ToolID: &id, Loop: cocreate.Integration, IntegrationEpicURL: "https://gitlab.example.com/groups/g/-/epics/2",
		Handover: cocreate.Handover{EpicURL: "https://gitlab.example.com/groups/g/-/epics/3"},
		Functionalities: []cocreate.Functionality{
			{Title: "Map vulnerabilities", Status: cocreate.InProduct, EpicURL: "https://gitlab.example.com/groups/g/-/epics/4", Labels: []string{backlog.ToolingMetricLabel}},
			{Title: "Export | CSV", Status: cocreate.InProgress, EpicURL: "https://gitlab.example.com/groups/g/-/epics/5"},
			{Title: "Old idea", Status: cocreate.Dropped},
		},
		Roadmap: cocreate.Roadmap{Phases: []cocreate.Phase{{Title: "a", DoneAt: &done}, {Title: "b"}},
			Issues: []cocreate.SunsettingIssue{{Requirement: "x", State: "closed"}, {Requirement: "y", State: "open"}}}}}
	tools := map[int64]backlog.ToolInfo{4: {ID: 4, Name: "VulnMapper", Stage: "co_create", SunsetState: "open"}}
	m := backlog.ComputeMetrics(func(backlog.Item) backlog.Scheme { return backlog.Profiles[seed] }, backlog.DefaultSettings(), tools, ccs, nil, t0, t0.Add(time.Hour))
	if len(m.CoCreateShares) != 1 || m.CoCreateShares[0].Functionalities != 2 || *m.CoCreateShares[0].Share != 0.5 {
		t.Fatalf("shares: %+v", m.CoCreateShares)
	}
	r := backlog.BuildToolingReport("https://gitlab.example.com/groups/g/-/epics/1", tools, ccs)
	md := r.Markdown()
	for _, want := range []string{"| VulnMapper | co_create | [epic](https://gitlab.example.com/groups/g/-/epics/2)",
		`Export \| CSV`, `~"ProdSecEngMetric::Tooling Integration"`, "no metric label", "1/2 phases done; 1 open, 1 closed", "sunset plan open"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if rows := r.CSVRows(); len(rows) != 4 || rows[1][1] != "VulnMapper" || rows[1][10] != backlog.ToolingMetricLabel {
		t.Errorf("csv: %v", rows)
	}
}

// TestAcceptIntoBacklog: an intake request decided accept_into_backlog
// becomes a local candidate with the request's title and answers, whose
// url is the request's page; with GitLab it is then opened there.
func TestAcceptIntoBacklog(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.svc.WithPublicURL("https://interlock.example.com/")
	inv := inventory.NewService(e.db.Inventory(), e.clock)
	in := intake.NewService(e.db.Intake(), inv, e.clock).WithBacklog(e.svc)
	requester := core.Actor{Username: "rita", Role: core.RoleRequester}
	r, err := in.Create(ctx, requester, intake.NewRequest{Kind: intake.Other, Title: "Rotate the scanner's tokens", RequestingTeam: "appsec",
		Template: map[string]string{"description": "The scanner's tokens never expire."}})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = in.Decide(ctx, manager, r.ID, r.Version, intake.DecisionInput{Decision: intake.AcceptIntoBacklog, Basis: "Small and ours."}); err != nil {
		t.Fatal(err)
	}
	items, _, err := e.svc.Items(ctx, engineer, backlog.Filter{Kind: backlog.Local}, core.Page{})
	if err != nil || len(items) != 1 {
		t.Fatalf("items: %v, %v", items, err)
	}
	it := items[0]
	if it.Title != r.Title || it.URL != fmt.Sprintf("https://interlock.example.com/requests/%d", r.ID) || !it.Candidate ||
		!strings.Contains(it.Description, "## Description\n\nThe scanner's tokens never expire.") || it.RequestID == nil {
		t.Fatalf("item: %+v", it)
	}
	if n, err := e.svc.PublishPending(ctx); err != nil || n != 0 {
		t.Fatalf("no backlog project: published %d, %v", n, err)
	}
	set := backlog.DefaultSettings()
	set.BacklogProject = "gitlab-com/gl-security/product-security-engineering/team"
	if _, err := e.svc.SetSettings(ctx, manager, core.AnyVersion, set); err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.PublishPending(ctx); err != nil || n != 1 {
		t.Fatalf("published %d, %v", n, err)
	}
	calls := e.gl.Calls()
	if len(calls) != 1 || calls[0].Op != "create" || calls[0].Body != r.Title || calls[0].Add[0] != backlog.CandidateLabel {
		t.Fatalf("calls: %+v", calls)
	}
	it, _ = e.svc.Item(ctx, engineer, it.ID)
	if it.Kind != backlog.Issue || it.Key != "gitlab:issue:9001" || it.IID != 7 {
		t.Fatalf("the item did not become the issue: %+v", it)
	}
	if n, _ := e.svc.PublishPending(ctx); n != 0 {
		t.Fatal("published twice")
	}
}
