package gitlab_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/gitlab"
)

// TestTimeSpentIsCarriedFromGitLab: GitLab's total_time_spent reaches the
// ExternalIssue from a webhook (object_attributes) and from the sync
// (the REST issue's time_stats), for rule 23 of issue 14.
func TestTimeSpentIsCarriedFromGitLab(t *testing.T) {
	hook, err := os.ReadFile("testdata/webhooks/go-scm/issue_create.json")
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(strings.Replace(string(hook), `"total_time_spent": 0,`, `"total_time_spent": 5400,`, 1))
	ev, err := gl.ParseHook(gl.EventTypeIssue, body)
	if err != nil {
		t.Fatal(err)
	}
	var extras gitlab.IssueExtras
	if err := json.Unmarshal(body, &extras); err != nil {
		t.Fatal(err)
	}
	ext, err := gitlab.IssueToExternal(ev.(*gl.IssueEvent), extras, gitlab.DefaultLabelMapping(), "")
	if err != nil || ext.TimeSpent == nil || *ext.TimeSpent != 90*time.Minute {
		t.Errorf("from a webhook: %v, time spent %v; want 1h30m0s", err, ext.TimeSpent)
	}
	// a payload without the attribute says nothing about time spent
	bare := []byte(strings.Replace(string(hook), `"total_time_spent": 0,`, ``, 1))
	ev, _ = gl.ParseHook(gl.EventTypeIssue, bare)
	extras = gitlab.IssueExtras{}
	_ = json.Unmarshal(bare, &extras)
	if ext, err := gitlab.IssueToExternal(ev.(*gl.IssueEvent), extras, gitlab.DefaultLabelMapping(), ""); err != nil || ext.TimeSpent != nil {
		t.Errorf("from a webhook without total_time_spent: %v, time spent %v; want nil", err, ext.TimeSpent)
	}

	rest, err := os.ReadFile("testdata/api/gitlab-docs/issue_single_project.json")
	if err != nil {
		t.Fatal(err)
	}
	var is gl.Issue
	if err := json.Unmarshal([]byte(strings.Replace(string(rest), `"total_time_spent": 0,`, `"total_time_spent": 7200,`, 1)), &is); err != nil {
		t.Fatal(err)
	}
	ext, err = gitlab.NewSyncer(gitlab.SyncConfig{}).External(t.Context(), &is)
	if err != nil || ext.TimeSpent == nil || *ext.TimeSpent != 2*time.Hour {
		t.Errorf("from the sync: %v, time spent %v; want 2h0m0s", err, ext.TimeSpent)
	}
}
