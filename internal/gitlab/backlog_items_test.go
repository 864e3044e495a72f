package gitlab_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// backlogFixture reads one of the backlog's copies of the shared fixtures.
func backlogFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "backlog", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBacklogItemFromIssueHook(t *testing.T) {
	ev, err := gl.ParseWebhook(gl.EventTypeIssue, backlogFixture(t, "issue_hook.json"))
	if err != nil {
		t.Fatal(err)
	}
	o := gitlab.BacklogIssueFromEvent(ev.(*gl.IssueEvent))
	if o.Key != "gitlab:issue:301" || o.Kind != backlog.Issue || o.IID != 23 || o.ProjectID != 14 || o.Project != "gitlabhq/gitlab-test" ||
		o.URL != "http://example.com/diaspora/issues/23" || o.Weight == nil || *o.Weight != 10 || o.State != "opened" {
		t.Fatalf("observed: %+v", o)
	}
	if !slices.Equal(o.Labels, []string{"API"}) || !slices.Equal(o.Assignees, []string{"user1"}) {
		t.Fatalf("labels %v, assignees %v", o.Labels, o.Assignees)
	}
	if !o.CreatedAt.Equal(time.Date(2013, 12, 3, 17, 15, 43, 0, time.UTC)) {
		t.Fatalf("created %v", o.CreatedAt)
	}
}

func TestBacklogItemFromMergeHook(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(backlogFixture(t, "merge_request_hook.json"), &m); err != nil {
		t.Fatal(err)
	}
	a := m["object_attributes"].(map[string]any)
	a["action"], a["state"], a["updated_at"] = "merge", "merged", "2026-11-24 10:00:00 UTC"
	m["user"].(map[string]any)["id"] = a["author_id"]
	b, _ := json.Marshal(m)
	ev, err := gl.ParseWebhook(gl.EventTypeMergeRequest, b)
	if err != nil {
		t.Fatal(err)
	}
	o := gitlab.BacklogMergeRequestFromEvent(ev.(*gl.MergeEvent))
	want := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	if o.Kind != backlog.MergeRequest || o.State != backlog.Merged || o.MergedAt == nil || !o.MergedAt.Equal(want) || o.Author != "user1" {
		t.Fatalf("observed: %+v", o)
	}
	if !slices.Equal(o.Reviewers, []string{"user1"}) {
		t.Fatalf("reviewers %v (the fixture's reviewer is not its author by id)", o.Reviewers)
	}
}

func portClient(t *testing.T, fake *gitlabtest.Server) *gitlab.Client {
	t.Helper()
	c, err := gitlab.NewClient(gitlab.Config{URL: fake.URL, Token: gitlabtest.Token,
		Retry: gitlab.RetryPolicy{Sleep: func(context.Context, time.Duration) error { return nil }}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBacklogPortAgainstFakeGitLab checks the calls the backlog's port
// makes, as the fake GitLab receives them.
func TestBacklogPortAgainstFakeGitLab(t *testing.T) {
	fake := gitlabtest.New(t)
	fake.AddProject("team/backlog", 15)
	fake.AddIssue(15, gitlabtest.Issue{IID: 3, Title: "Automate triage"})
	port := gitlab.NewBacklogPort(portClient(t, fake))
	ctx := context.Background()
	ref := backlog.Ref{Kind: backlog.Issue, ProjectID: 15, IID: 3}

	if err := port.Comment(ctx, ref, "@pm-auth we are working on this"); err != nil {
		t.Fatal(err)
	}
	if notes := fake.Notes(15, 3); len(notes) != 1 || notes[0].Body != "@pm-auth we are working on this" {
		t.Fatalf("notes: %+v", notes)
	}

	o, err := port.CreateIssue(ctx, "team/backlog", "Rotate tokens", "From interlock", []string{backlog.CandidateLabel})
	if err != nil {
		t.Fatal(err)
	}
	if o.Kind != backlog.Issue || o.Title != "Rotate tokens" || !strings.HasPrefix(o.Key, "gitlab:issue:") || o.ProjectID != 15 {
		t.Fatalf("created: %+v", o)
	}
	issues := fake.Issues(15)
	if len(issues) != 2 || !slices.Equal(issues[1].Labels, []string{backlog.CandidateLabel}) {
		t.Fatalf("issues: %+v", issues)
	}

	// Label changes are PUT with add_labels and remove_labels, so that labels
	// someone else changed meanwhile are kept.
	_ = port.SetLabels(ctx, ref, []string{backlog.TeamLabel, backlog.PendingMetricLabel}, []string{backlog.CandidateLabel})
	puts := fake.CallsTo(http.MethodPut, "/api/v4/projects/15/issues/3")
	if len(puts) != 1 {
		t.Fatalf("label change calls: %+v", fake.Calls())
	}
	var body map[string]any
	if err := json.Unmarshal(puts[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body["add_labels"] != backlog.TeamLabel+","+backlog.PendingMetricLabel || body["remove_labels"] != backlog.CandidateLabel {
		t.Fatalf("label change body: %s", puts[0].Body)
	}
}

// TestTakeOnAndRemovalThroughFakeGitLab runs the backlog workflow with the
// real port against the fake GitLab and checks the calls it received.
func TestTakeOnAndRemovalThroughFakeGitLab(t *testing.T) {
	fake := gitlabtest.New(t)
	fake.AddIssue(15, gitlabtest.Issue{IID: 3, Title: "Automate triage", Labels: []string{backlog.CandidateLabel, "group::authentication"}})
	port := gitlab.NewBacklogPort(portClient(t, fake))
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: testenv.DatabasePath(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := backlog.NewService(db.Backlog(), port, core.NewManualClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)))
	eng := core.Actor{Username: "eve", Role: core.RoleEngineer}
	if _, err := svc.SetGroups(ctx, eng, core.AnyVersion, backlog.GroupMap{Groups: []backlog.GroupOwners{{Label: "group::authentication",
		ProductManagers: []string{"pm-auth"}, EngineeringManagers: []string{"em-auth"}}}}); err != nil {
		t.Fatal(err)
	}
	it, _, err := svc.Upsert(ctx, core.System, backlog.ObservedItem{Key: "gitlab:issue:1", Kind: backlog.Issue, Title: "Automate triage",
		URL: fake.URL + "/team/project-15/-/issues/3", Project: "gitlab-org/gitlab", ProjectID: 15, IID: 3, State: "opened",
		Labels: []string{backlog.CandidateLabel, "group::authentication"}, UpdatedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	before := len(fake.Calls())
	if _, err := svc.TakeOn(ctx, eng, it.ID, ""); err != nil {
		t.Fatal(err)
	}
	if labels := fake.Issues(15)[0].Labels; !slices.Contains(labels, backlog.TeamLabel) || !slices.Contains(labels, backlog.CandidateLabel) {
		t.Fatalf("labels in GitLab after take-on: %v", labels)
	}
	if _, err := svc.Remove(ctx, eng, it.ID, backlog.Removal{Reason: "Authentication owns it.", Mention: []string{"em-auth"}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range fake.Calls()[before:] {
		got = append(got, c.Method+" "+c.Path)
	}
	want := []string{"PUT /api/v4/projects/15/issues/3", "POST /api/v4/projects/15/issues/3/notes",
		"PUT /api/v4/projects/15/issues/3", "POST /api/v4/projects/15/issues/3/notes"}
	if !slices.Equal(got, want) {
		t.Fatalf("calls %v, want %v", got, want)
	}
	if notes := fake.Notes(15, 3); len(notes) != 2 || !strings.Contains(notes[0].Body, "@pm-auth @em-auth") ||
		!strings.HasPrefix(notes[1].Body, "@em-auth ") {
		t.Fatalf("notes: %+v", notes)
	}
	// Take-on added the team and metric labels, removal took the team and
	// candidate labels off again; the group label someone set is kept.
	puts := fake.CallsTo(http.MethodPut, "/api/v4/projects/15/issues/3")
	if len(puts) != 2 || puts[0].Status != http.StatusOK || puts[1].Status != http.StatusOK {
		t.Fatalf("label changes: %+v", puts)
	}
	var takeOn map[string]any
	if err := json.Unmarshal(puts[0].Body, &takeOn); err != nil {
		t.Fatal(err)
	}
	if add, _ := takeOn["add_labels"].(string); !strings.Contains(add, backlog.TeamLabel) {
		t.Fatalf("take-on body: %s", puts[0].Body)
	}
	labels := fake.Issues(15)[0].Labels
	if !slices.Contains(labels, "group::authentication") || slices.Contains(labels, backlog.TeamLabel) ||
		slices.Contains(labels, backlog.CandidateLabel) {
		t.Fatalf("labels in GitLab after take-on and removal: %v", labels)
	}
}

func TestSyncBacklogAndHooks(t *testing.T) {
	fake := gitlabtest.New(t)
	fake.AddProject("team/backlog", 15)
	fake.AddIssue(15, gitlabtest.Issue{IID: 1, Title: "Candidate", Labels: []string{backlog.CandidateLabel, "workflow::ready for development"}})
	fake.AddIssue(15, gitlabtest.Issue{IID: 2, Title: "Someone else's", Labels: []string{"bug"}})
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: testenv.DatabasePath(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := core.NewManualClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	svc := backlog.NewService(db.Backlog(), nil, clock)
	set := backlog.DefaultSettings()
	set.Projects = []string{"team/backlog"}
	if _, err := svc.SetSettings(ctx, core.Actor{Username: "max", Role: core.RoleManager}, core.AnyVersion, set); err != nil {
		t.Fatal(err)
	}
	res, err := gitlab.SyncBacklog(ctx, portClient(t, fake), svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 {
		t.Fatalf("sync: %+v", res)
	}
	lists := fake.CallsTo(http.MethodGet, "/api/v4/projects/team/backlog/issues")
	if len(lists) != 2 {
		t.Fatalf("one list per label, got %d", len(lists))
	}
	for _, c := range lists {
		if l := c.Query.Get("labels"); l != backlog.CandidateLabel && l != backlog.TeamLabel {
			t.Errorf("listed with labels=%q", l)
		}
	}
	items, _, _ := svc.Items(ctx, core.System, backlog.Filter{}, core.Page{})
	if len(items) != 1 || items[0].Workflow != "ready for development" || items[0].Project != "team/backlog" || items[0].IID != 1 {
		t.Fatalf("items: %+v", items)
	}

	ev, err := gl.ParseWebhook(gl.EventTypeIssue, backlogFixture(t, "issue_hook.json"))
	if err != nil {
		t.Fatal(err)
	}
	e := ev.(*gl.IssueEvent)
	e.ObjectAttributes.Labels = []*gl.EventLabel{{Title: backlog.TeamLabel}}
	e.Labels = e.ObjectAttributes.Labels
	if ok, err := gitlab.BacklogFromHook(ctx, svc, e); !ok || err != nil {
		t.Fatalf("issue hook: %t, %v", ok, err)
	}
	if ok, _ := gitlab.BacklogFromHook(ctx, svc, &gl.PushEvent{}); ok {
		t.Fatal("a push is not the backlog's")
	}
	items, _, _ = svc.Items(ctx, core.System, backlog.Filter{}, core.Page{})
	if len(items) != 2 || !items[1].Team || items[1].Key != "gitlab:issue:301" {
		t.Fatalf("after the hook: %+v", items)
	}
}
