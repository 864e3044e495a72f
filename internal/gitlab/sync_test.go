package gitlab_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/store"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var admin = core.Actor{UserID: 1, Username: "admin", Role: core.RoleAdmin}

// syncWorld is a database with the real services, a fake GitLab and a
// syncer that runs each sync before Start returns.
type syncWorld struct {
	db     *store.DB
	svc    httpapi.Services
	fake   *gitlabtest.Server
	sleeps *sleeps
	syncer *gitlab.Syncer
	clock  *core.ManualClock
}

func newSyncWorld(t *testing.T) *syncWorld {
	t.Helper()
	db := testenv.OpenDB(t)
	clock := core.NewManualClock(testenv.Start)
	w := &syncWorld{db: db, svc: app.Services(db, clock), fake: gitlabtest.New(t), clock: clock}
	c, sl := newClient(t, w.fake)
	w.sleeps = sl
	w.syncer = gitlab.NewSyncer(gitlab.SyncConfig{Store: db.GitLabSync(), Client: c, Tools: w.svc.Inventory,
		Issues: w.svc.Maintenance, Clock: clock, Go: func(f func()) { f() }})
	return w
}

func (w *syncWorld) tool(t *testing.T, name, project string) inventory.Tool {
	t.Helper()
	tool, err := w.svc.Inventory.CreateTool(context.Background(), admin, inventory.Tool{Name: name, OwnerTeam: "appsec",
		Criticality: inventory.High, Category: inventory.Maintain, GitLabProject: project})
	if err != nil {
		t.Fatal(err)
	}
	return tool
}

func (w *syncWorld) sync(t *testing.T, tool string) gitlab.SyncRun {
	t.Helper()
	r, err := w.syncer.Start(context.Background(), admin, tool)
	if err != nil {
		t.Fatal(err)
	}
	r, err = w.syncer.Get(context.Background(), admin, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (w *syncWorld) issues(t *testing.T, toolID int64) []maintenance.Issue {
	t.Helper()
	var out []maintenance.Issue
	page := core.Page{Limit: core.MaxLimit}
	for {
		items, next, err := w.svc.Maintenance.ListIssues(context.Background(), admin, maintenance.IssueFilter{ToolID: toolID}, page)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, items...)
		if next == "" {
			return out
		}
		page.Cursor = next
	}
}

func counts(r gitlab.SyncRun) string {
	return fmt.Sprintf("state=%s projects=%d/%d seen=%d created=%d updated=%d closed=%d errors=%v",
		r.State, r.ProjectsDone, r.ProjectsTotal, r.IssuesSeen, r.Created, r.Updated, r.Closed, r.Errors)
}

func TestSyncPagesIsIdempotentAndClosesWhatGitLabClosed(t *testing.T) {
	w := newSyncWorld(t)
	w.fake.AddProject("appsec/vulnmapper", 15)
	tool := w.tool(t, "VulnMapper", "appsec/vulnmapper")
	w.tool(t, "Unlinked", "")
	opened := testenv.Start.Add(-72 * time.Hour)
	for i := 1; i <= 230; i++ {
		is := gitlabtest.Issue{Title: fmt.Sprintf("finding %d", i), Labels: []string{"type::bug"},
			CreatedAt: opened.Add(time.Duration(i) * time.Minute)}
		if i%10 == 0 {
			closed := is.CreatedAt.Add(time.Hour)
			is.State, is.ClosedAt, is.UpdatedAt = "closed", &closed, closed
		}
		if i == 7 {
			is.Labels = append(is.Labels, "severity::1")
			is.Assignees = []string{"lennie"}
		}
		w.fake.AddIssue(15, is)
	}

	first := w.sync(t, "")
	if counts(first) != "state=succeeded projects=1/1 seen=230 created=230 updated=0 closed=23 errors=[]" {
		t.Fatalf("first sync: %s", counts(first))
	}
	var lists []gitlabtest.Call
	for _, c := range w.fake.CallsTo(http.MethodGet, "/api/v4/projects/appsec/vulnmapper/issues") {
		if c.Path == "/api/v4/projects/appsec/vulnmapper/issues" {
			lists = append(lists, c)
		}
	}
	if len(lists) != 3 {
		t.Fatalf("%d list calls, want 3 pages of 100", len(lists))
	}
	for i, c := range lists {
		if c.Query.Get("per_page") != "100" || c.Query.Get("page") != fmt.Sprint(i+1) {
			t.Errorf("call %d asked %v, want per_page=100 and page=%d from x-next-page", i, c.Query, i+1)
		}
	}
	issues := w.issues(t, tool.ID)
	closed, blocking := 0, 0
	for _, is := range issues {
		if !is.External || !strings.Contains(is.ExternalURL, "/-/issues/") {
			t.Errorf("issue %d: external %t, url %q", is.ID, is.External, is.ExternalURL)
		}
		if is.State == maintenance.Closed {
			closed++
		}
		if is.BlocksFunctionality {
			blocking++
			if is.Assignee != "lennie" || is.TriagedAt == nil {
				t.Errorf("blocking issue: assignee %q triaged %v; the first assignee triages", is.Assignee, is.TriagedAt)
			}
		}
	}
	if len(issues) != 230 || closed != 23 || blocking != 1 {
		t.Errorf("support issues: %d, closed %d, blocking %d; want 230, 23, 1", len(issues), closed, blocking)
	}

	second := w.sync(t, "VulnMapper")
	if counts(second) != "state=succeeded projects=1/1 seen=230 created=0 updated=0 closed=0 errors=[]" {
		t.Errorf("second sync must change nothing: %s", counts(second))
	}
	if n := len(w.issues(t, tool.ID)); n != 230 {
		t.Errorf("%d issues after the second sync", n)
	}

	// Closed in GitLab while a hook was missed: the next sync closes it here.
	at := testenv.Start.Add(-time.Hour)
	w.fake.UpdateIssue(15, 7, func(is *gitlabtest.Issue) { is.State, is.ClosedAt, is.UpdatedAt = "closed", &at, at })
	third := w.sync(t, "")
	if counts(third) != "state=succeeded projects=1/1 seen=230 created=0 updated=1 closed=1 errors=[]" {
		t.Errorf("third sync: %s", counts(third))
	}
	for _, is := range w.issues(t, tool.ID) {
		if is.BlocksFunctionality && (is.State != maintenance.Closed || is.RecoveredAt == nil) {
			t.Errorf("issue closed in GitLab is %s, recovered %v; want closed and recovered", is.State, is.RecoveredAt)
		}
	}
}

func TestSyncRidesOutRateLimitsAndFailures(t *testing.T) {
	w := newSyncWorld(t)
	w.tool(t, "Scanner", "appsec/scanner")
	w.fake.AddProject("appsec/scanner", 21)
	for i := range 120 {
		w.fake.AddIssue(21, gitlabtest.Issue{Title: fmt.Sprintf("i%d", i)})
	}
	prefix := "/api/v4/projects/appsec/scanner/issues"
	w.fake.Fail(gitlabtest.Fault{PathPrefix: prefix, Status: 429, RetryAfter: "30"})
	w.fake.Fail(gitlabtest.Fault{PathPrefix: prefix, Status: 429})
	w.fake.Fail(gitlabtest.Fault{PathPrefix: prefix, Status: 503})
	r := w.sync(t, "Scanner")
	if counts(r) != "state=succeeded projects=1/1 seen=120 created=120 updated=0 closed=0 errors=[]" {
		t.Fatalf("sync: %s", counts(r))
	}
	if got := w.sleeps.all(); !equalDurations(got, []time.Duration{30 * time.Second, 2 * time.Second, time.Second}) {
		t.Errorf("waits %v: Retry-After 30 s, then backoff 2 s (second 429), then 1 s (first 5xx)", got)
	}
}

func TestSyncReportsWhatFailed(t *testing.T) {
	w := newSyncWorld(t)
	w.tool(t, "Gone", "appsec/gone")
	w.tool(t, "Fine", "appsec/fine")
	w.fake.AddProject("appsec/fine", 31)
	w.fake.AddIssue(31, gitlabtest.Issue{Title: "ok"})
	r := w.sync(t, "")
	if r.State != gitlab.SyncFailed || r.ProjectsDone != 2 || r.Created != 1 || len(r.Errors) != 1 ||
		!strings.Contains(r.Errors[0], "Gone (appsec/gone)") || !strings.Contains(r.Errors[0], "404") {
		t.Errorf("sync: %s", counts(r))
	}

	for _, tc := range []struct{ tool, want string }{{"nope", "names no tool"}, {"Unlinked", "has no gitlab_project"}} {
		if tc.tool == "Unlinked" {
			w.tool(t, "Unlinked", "")
		}
		_, err := w.syncer.Start(context.Background(), admin, tc.tool)
		if !core.IsCode(err, core.Invalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("tool %q: %v", tc.tool, err)
		}
	}
	requester := core.Actor{Username: "rita", Role: core.RoleRequester}
	if _, err := w.syncer.Start(context.Background(), requester, ""); !core.IsCode(err, core.Forbidden) {
		t.Errorf("a requester started a sync: %v", err)
	}
	var off *gitlab.Syncer
	if _, err := off.Start(context.Background(), admin, ""); !core.IsCode(err, core.Conflict) ||
		!strings.Contains(err.Error(), "GitLab is not configured") {
		t.Errorf("without GitLab: %v", err)
	}
	if err := off.RunScheduled(context.Background()); err != nil {
		t.Errorf("the periodic sync without GitLab must do nothing: %v", err)
	}
}

func TestSyncLeftRunningByAStoppedProcessEndsFailed(t *testing.T) {
	w := newSyncWorld(t)
	stale := gitlab.SyncRun{RequestedBy: "admin", Trigger: "api", State: gitlab.SyncRunning, RequestedAt: testenv.Start}
	if err := w.db.GitLabSync().InsertSync(context.Background(), &stale); err != nil {
		t.Fatal(err)
	}
	r, err := w.syncer.Get(context.Background(), admin, stale.ID)
	if err != nil || r.State != gitlab.SyncFailed || len(r.Errors) != 1 || !strings.Contains(r.Errors[0], "interrupted") {
		t.Errorf("stale sync: %+v, %v", r, err)
	}
	if err := w.syncer.RunScheduled(context.Background()); err != nil {
		t.Errorf("periodic sync with no linked tools: %v", err)
	}
}

func TestSyncStartsClocksWhenTheIssueBecameBlocking(t *testing.T) {
	w := newSyncWorld(t)
	w.fake.AddProject("appsec/scanner", 21)
	tool, err := w.svc.Inventory.CreateTool(context.Background(), admin, inventory.Tool{Name: "Scanner", OwnerTeam: "appsec",
		Criticality: inventory.Critical, Category: inventory.Maintain, GitLabProject: "appsec/scanner"})
	if err != nil {
		t.Fatal(err)
	}
	opened := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) // a Friday
	blocking := time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC)
	w.fake.AddIssue(21, gitlabtest.Issue{Title: "scans stopped", Labels: []string{"type::bug", "severity::1"},
		CreatedAt: opened, UpdatedAt: blocking, LabelEvents: []gitlabtest.LabelEvent{
			{Label: "type::bug", Action: "add", At: opened},
			{Label: "severity::3", Action: "add", At: opened},
			{Label: "severity::3", Action: "remove", At: blocking},
			{Label: "severity::1", Action: "add", At: blocking},
		}})
	w.fake.AddIssue(21, gitlabtest.Issue{Title: "typo", CreatedAt: opened})
	if r := w.sync(t, "Scanner"); r.State != gitlab.SyncSucceeded || r.Created != 2 {
		t.Fatalf("sync: %s", counts(r))
	}
	if n := len(w.fake.CallsTo(http.MethodGet, "/api/v4/projects/appsec/scanner/issues/")); n != 1 {
		t.Errorf("%d label-event calls, want one, for the blocking issue only", n)
	}
	for _, is := range w.issues(t, tool.ID) {
		if !is.BlocksFunctionality {
			continue
		}
		if !is.OpenedAt.Equal(opened) || is.SLO.DueAt == nil || !is.SLO.DueAt.After(blocking) {
			t.Errorf("opened %v, SLO due %v: the clocks must start when it became blocking (%v), not when it opened",
				is.OpenedAt, is.SLO.DueAt, blocking)
		}
	}
}
