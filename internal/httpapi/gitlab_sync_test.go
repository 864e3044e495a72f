package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func gitlabEnv(t *testing.T) (*testenv.Env, *gitlabtest.Server) {
	t.Helper()
	fake := gitlabtest.New(t)
	env := testenv.NewWithGitLab(t, app.GitLabConfig{URL: fake.URL, Token: gitlabtest.Token,
		TeamProject: "prodsec/team", TeamGroup: "prodsec"})
	return env, fake
}

func postTool(t *testing.T, env *testenv.Env, body string) testenv.Raw {
	t.Helper()
	return env.Do(http.MethodPost, "/api/v1/tools", testenv.AdminToken, []byte(body), nil)
}

func TestGitLabSyncThroughTheAPI(t *testing.T) {
	env, fake := gitlabEnv(t)
	fake.AddProject("appsec/vulnmapper", 15)
	for i := range 3 {
		fake.AddIssue(15, gitlabtest.Issue{Title: fmt.Sprintf("finding %d", i), CreatedAt: testenv.Start.Add(-time.Hour)})
	}
	if r := postTool(t, env, `{"name":"VulnMapper","owner_team":"appsec","criticality":"high","category":"maintain",
		"gitlab_project":"appsec/vulnmapper"}`); r.Status != http.StatusCreated {
		t.Fatalf("create tool: %d %s", r.Status, r.Body)
	}
	engineer := env.User("erin", core.RoleEngineer)

	r := env.Do(http.MethodPost, "/api/v1/gitlab/sync", engineer.Token, []byte(`{}`), nil)
	if r.Status != http.StatusAccepted || r.Header.Get("Location") != "/api/v1/gitlab/sync/1" {
		t.Fatalf("POST sync: %d, Location %q, %s", r.Status, r.Header.Get("Location"), r.Body)
	}
	got := env.Do(http.MethodGet, r.Header.Get("Location"), engineer.Token, nil, nil)
	var progress struct {
		State         string   `json:"state"`
		ProjectsTotal int      `json:"projects_total"`
		ProjectsDone  int      `json:"projects_done"`
		IssuesSeen    int      `json:"issues_seen"`
		Created       int      `json:"created"`
		Updated       int      `json:"updated"`
		Closed        int      `json:"closed"`
		Errors        []string `json:"errors"`
	}
	if err := json.Unmarshal(got.Body, &progress); err != nil || got.Status != http.StatusOK {
		t.Fatalf("GET progress: %d %s %v", got.Status, got.Body, err)
	}
	if fmt.Sprintf("%+v", progress) != "{State:succeeded ProjectsTotal:1 ProjectsDone:1 IssuesSeen:3 Created:3 Updated:0 Closed:0 Errors:[]}" {
		t.Errorf("progress = %+v", progress)
	}

	tests := []struct {
		name, token, body string
		status            int
		want              string
	}{
		{"a requester may not", "", `{}`, http.StatusForbidden, "engineer"},
		{"an unknown tool", engineer.Token, `{"tool":"nope"}`, http.StatusUnprocessableEntity, `"location":"body.tool"`},
		{"one tool by name", engineer.Token, `{"tool":"vulnmapper"}`, http.StatusAccepted, `"created":0`},
	}
	requester := env.User("rita", core.RoleRequester)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := tc.token
			if tok == "" {
				tok = requester.Token
			}
			r := env.Do(http.MethodPost, "/api/v1/gitlab/sync", tok, []byte(tc.body), nil)
			if r.Status != tc.status || !strings.Contains(string(r.Body), tc.want) {
				t.Errorf("%d %s, want %d with %s", r.Status, r.Body, tc.status, tc.want)
			}
		})
	}
	if r := env.Do(http.MethodGet, "/api/v1/gitlab/sync/99", engineer.Token, nil, nil); r.Status != http.StatusNotFound {
		t.Errorf("unknown sync: %d %s", r.Status, r.Body)
	}
}

func TestGitLabSyncWithoutGitLab(t *testing.T) {
	env := testenv.New(t)
	r := env.Do(http.MethodPost, "/api/v1/gitlab/sync", testenv.AdminToken, nil, nil)
	if r.Status != http.StatusConflict || !strings.Contains(string(r.Body), "GitLab is not configured") ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("POST sync without GitLab: %d %s %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
}

func TestMilestoneMustBeUpcomingInGitLab(t *testing.T) {
	env, fake := gitlabEnv(t)
	fake.AddProject("appsec/scanner", 40)
	fake.AddGroupMilestone("prodsec", gitlabtest.Milestone{Title: "18.9", DueDate: "2027-01-15"})
	fake.AddGroupMilestone("prodsec", gitlabtest.Milestone{Title: "18.8", State: "closed", DueDate: "2026-12-15"})
	fake.AddGroupMilestone("prodsec", gitlabtest.Milestone{Title: "18.5", DueDate: "2026-10-15"})
	fake.AddProjectMilestone(40, gitlabtest.Milestone{Title: "Backlog"})
	tool := func(milestone string) string {
		return fmt.Sprintf(`{"name":"Scanner %s","owner_team":"appsec","criticality":"high","category":"integrate",
			"epic_url":"https://gitlab.example.com/groups/prodsec/-/epics/1","milestone":%q,"gitlab_project":"appsec/scanner"}`,
			milestone, milestone)
	}
	tests := []struct {
		milestone string
		status    int
		want      string
	}{
		{"18.9", http.StatusCreated, `"milestone":"18.9"`},
		{"Backlog", http.StatusCreated, `"milestone":"Backlog"`},
		{"19.0", http.StatusUnprocessableEntity, "names no milestone in GitLab"},
		{"18.8", http.StatusUnprocessableEntity, "is closed in GitLab"},
		{"18.5", http.StatusUnprocessableEntity, "was due on 2026-10-15: it is not upcoming"},
	}
	for _, tc := range tests {
		t.Run(tc.milestone, func(t *testing.T) {
			r := postTool(t, env, tool(tc.milestone))
			if r.Status != tc.status || !strings.Contains(string(r.Body), tc.want) {
				t.Fatalf("%d %s, want %d with %q", r.Status, r.Body, tc.status, tc.want)
			}
			if tc.status == http.StatusUnprocessableEntity && !strings.Contains(string(r.Body), `"location":"body.milestone"`) {
				t.Errorf("the problem must name the field: %s", r.Body)
			}
		})
	}
	// Changing a tool's milestone is checked too; other edits of a tool are not held up.
	r := env.Do(http.MethodPatch, "/api/v1/tools/1", testenv.AdminToken, []byte(`{"milestone":"18.8"}`), map[string]string{"If-Match": `"1"`})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "is closed in GitLab") {
		t.Errorf("PATCH to a closed milestone: %d %s", r.Status, r.Body)
	}
	r = env.Do(http.MethodPatch, "/api/v1/tools/1", testenv.AdminToken, []byte(`{"summary":"scans"}`), map[string]string{"If-Match": `"1"`})
	if r.Status != http.StatusOK {
		t.Errorf("PATCH of the summary: %d %s", r.Status, r.Body)
	}
	// Without GitLab, any milestone is taken as typed.
	plain := testenv.New(t)
	if r := postTool(t, plain, tool("19.0")); r.Status != http.StatusCreated {
		t.Errorf("without GitLab: %d %s", r.Status, r.Body)
	}
}
