package gitlabtest_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
)

func client(t *testing.T, fake *gitlabtest.Server) *gl.Client {
	t.Helper()
	c, err := gl.NewClient(gitlabtest.Token, gl.WithBaseURL(fake.URL+"/api/v4"), gl.WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUpdateIssueAppliesLabelsAndState(t *testing.T) {
	fake := gitlabtest.New(t)
	fake.AddProject("team/backlog", 15)
	fake.AddIssue(15, gitlabtest.Issue{IID: 3, Title: "Automate triage", Labels: []string{"candidate", "group::authentication"}})
	api := client(t, fake)
	labels := func(l ...string) *gl.LabelOptions { o := gl.LabelOptions(l); return &o }
	closeEvent := "close"
	bad := "explode"
	tests := []struct {
		name   string
		opt    gl.UpdateIssueOptions
		iid    int64
		status int
		labels []string
		state  string
	}{
		{"add and remove, any case", gl.UpdateIssueOptions{AddLabels: labels("team", "metric::pending"), RemoveLabels: labels("CANDIDATE")},
			3, http.StatusOK, []string{"group::authentication", "team", "metric::pending"}, "opened"},
		{"adding a label it has changes nothing", gl.UpdateIssueOptions{AddLabels: labels("Team")},
			3, http.StatusOK, []string{"group::authentication", "team", "metric::pending"}, "opened"},
		{"labels replaces them, then close", gl.UpdateIssueOptions{Labels: labels("bug"), StateEvent: &closeEvent},
			3, http.StatusOK, []string{"bug"}, "closed"},
		{"an unknown state_event", gl.UpdateIssueOptions{StateEvent: &bad}, 3, http.StatusBadRequest, []string{"bug"}, "closed"},
		{"an unknown issue", gl.UpdateIssueOptions{AddLabels: labels("x")}, 99, http.StatusNotFound, []string{"bug"}, "closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			is, res, err := api.Issues.UpdateIssue("team/backlog", tc.iid, &tc.opt)
			if res == nil || res.StatusCode != tc.status {
				t.Fatalf("status %v, want %d: %v", res, tc.status, err)
			}
			if tc.status == http.StatusOK && (!slices.Equal(is.Labels, tc.labels) || is.State != tc.state || is.IID != 3) {
				t.Errorf("answer: labels %v state %s", is.Labels, is.State)
			}
			stored := fake.Issues(15)[0]
			if !slices.Equal(stored.Labels, tc.labels) || stored.State != tc.state {
				t.Errorf("stored: labels %v state %s", stored.Labels, stored.State)
			}
		})
	}
	if puts := fake.CallsTo(http.MethodPut, "/api/v4/projects/team/backlog/issues/3"); len(puts) != 4 {
		t.Errorf("recorded PUTs: %d", len(puts))
	}
	// each label change is a resource label event, as GitLab keeps them
	events, _, err := api.ResourceLabelEvents.ListIssueLabelEvents("team/backlog", 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Action+" "+e.Label.Name)
	}
	if strings.Join(got, ", ") != "add team, add metric::pending, remove candidate, add bug, remove group::authentication, remove team, remove metric::pending" {
		t.Errorf("label events: %v", got)
	}
}

func TestListsFilterByLabelsAndGroup(t *testing.T) {
	fake := gitlabtest.New(t)
	fake.AddProject("sec/tooling", 15)
	fake.AddProject("sec/sub/scanner", 16)
	fake.AddProject("secure/other", 17)
	fake.AddIssue(15, gitlabtest.Issue{Title: "both", Labels: []string{"team", "bug"}})
	fake.AddIssue(15, gitlabtest.Issue{Title: "team only", Labels: []string{"Team"}})
	fake.AddIssue(16, gitlabtest.Issue{Title: "in a subgroup", Labels: []string{"team"}})
	fake.AddIssue(17, gitlabtest.Issue{Title: "another group", Labels: []string{"team"}})
	api := client(t, fake)
	titles := func(list []*gl.Issue) []string {
		var out []string
		for _, is := range list {
			out = append(out, is.Title)
		}
		slices.Sort(out)
		return out
	}
	both, _, err := api.Issues.ListProjectIssues("sec/tooling", &gl.ListProjectIssuesOptions{Labels: &gl.LabelOptions{"team", "bug"}})
	if err != nil || !slices.Equal(titles(both), []string{"both"}) {
		t.Errorf("labels=team,bug: %v %v", titles(both), err)
	}
	group, _, err := api.Issues.ListGroupIssues("sec", &gl.ListGroupIssuesOptions{Labels: &gl.LabelOptions{"team"}})
	if err != nil || !slices.Equal(titles(group), []string{"both", "in a subgroup", "team only"}) {
		t.Errorf("the group's issues: %v %v", titles(group), err)
	}
}
