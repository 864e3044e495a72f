package httpapi_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// syncOnce starts a sync of all tools as an engineer and returns how it ended.
func syncOnce(t *testing.T, env *testenv.Env, token string) (state string, errs []string) {
	t.Helper()
	r := env.Do(http.MethodPost, "/api/v1/gitlab/sync", token, []byte(`{}`), nil)
	if r.Status != http.StatusAccepted {
		t.Fatalf("POST sync: %d %s", r.Status, r.Body)
	}
	got := env.Do(http.MethodGet, r.Header.Get("Location"), token, nil, nil)
	var progress struct {
		State  string   `json:"state"`
		Errors []string `json:"errors"`
	}
	if err := json.Unmarshal(got.Body, &progress); err != nil {
		t.Fatalf("GET progress: %d %s", got.Status, got.Body)
	}
	return progress.State, progress.Errors
}

// TestGitLabSyncReadsTheBacklog: `interlock sync gitlab` (POST
// /api/v1/gitlab/sync) also reads the groups and projects set with PUT
// /api/v1/backlog/settings; labelled issues become backlog items, others
// do not, and a project GitLab does not know is one of the sync's errors.
func TestGitLabSyncReadsTheBacklog(t *testing.T) {
	env, fake := gitlabEnv(t)
	fake.AddProject("team/backlog", 15)
	fake.AddProject("sec/tooling", 16)
	fake.AddProject("elsewhere/app", 17)
	candidate := fake.AddIssue(15, gitlabtest.Issue{Title: "Automate triage", Labels: []string{backlog.CandidateLabel}})
	fake.AddIssue(15, gitlabtest.Issue{Title: "Not ours", Labels: []string{"bug"}})
	team := fake.AddIssue(16, gitlabtest.Issue{Title: "Rotate tokens", Labels: []string{backlog.TeamLabel, "workflow::in dev"}})
	fake.AddIssue(16, gitlabtest.Issue{Title: "Unlabelled"})
	fake.AddIssue(17, gitlabtest.Issue{Title: "Labelled but not followed", Labels: []string{backlog.TeamLabel}})
	engineer := env.User("erin", core.RoleEngineer)

	// Nothing configured: the sync reads no backlog.
	if state, errs := syncOnce(t, env, engineer.Token); state != "succeeded" || len(errs) != 0 {
		t.Fatalf("sync without backlog settings: %s %v", state, errs)
	}
	if n := len(fake.CallsTo(http.MethodGet, "/api/v4/projects/team/backlog/issues")); n != 0 {
		t.Fatalf("listed the backlog project %d times before it was configured", n)
	}

	bkCall(t, env, http.MethodPut, "/api/v1/backlog/settings", map[string]any{"groups": []string{"sec"},
		"projects": []string{"team/backlog"}}, http.StatusOK)
	if state, errs := syncOnce(t, env, engineer.Token); state != "succeeded" || len(errs) != 0 {
		t.Fatalf("sync: %s %v", state, errs)
	}
	items := bkCall(t, env, http.MethodGet, "/api/v1/backlog/items", nil, http.StatusOK)["items"].([]any)
	var keys []string
	for _, it := range items {
		keys = append(keys, it.(map[string]any)["key"].(string))
	}
	slices.Sort(keys)
	want := []string{"gitlab:issue:" + strconv.FormatInt(candidate.ID, 10), "gitlab:issue:" + strconv.FormatInt(team.ID, 10)}
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Fatalf("backlog items %v, want %v (the labelled issues of the configured group and project only)", keys, want)
	}
	if groupLists := fake.CallsTo(http.MethodGet, "/api/v4/groups/sec/issues"); len(groupLists) == 0 {
		t.Fatal("the configured group was not read")
	}

	// A second sync changes nothing; a project GitLab does not know is an error of the sync.
	bkCall(t, env, http.MethodPut, "/api/v1/backlog/settings", map[string]any{"groups": []string{"sec"},
		"projects": []string{"team/backlog", "team/gone"}}, http.StatusOK)
	state, errs := syncOnce(t, env, engineer.Token)
	if state != "failed" || len(errs) != 1 || !strings.Contains(errs[0], "backlog") || !strings.Contains(errs[0], "team/gone") {
		t.Fatalf("sync with an unknown project: %s %v", state, errs)
	}
	if again := bkCall(t, env, http.MethodGet, "/api/v1/backlog/items", nil, http.StatusOK)["items"].([]any); len(again) != 2 {
		t.Fatalf("items after the second sync: %v", again)
	}
}
