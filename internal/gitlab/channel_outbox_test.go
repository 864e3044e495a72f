package gitlab_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// The commitment comment a synced blocking issue causes goes through the
// outbox and the delivery engine: GitLab answering 500 delays it, and it is
// posted once when GitLab is back.
func TestCommitmentCommentThroughTheOutboxSurvives500(t *testing.T) {
	fake := gitlabtest.New(t)
	fake.AddProject("appsec/vulnmapper", 15)
	env := testenv.NewWithGitLab(t, app.GitLabConfig{URL: fake.URL, Token: gitlabtest.Token})
	ctx := context.Background()
	if _, err := env.Services.Inventory.CreateTool(ctx, admin, inventory.Tool{Name: "VulnMapper", OwnerTeam: "appsec",
		Criticality: inventory.Critical, Category: inventory.Maintain, GitLabProject: "appsec/vulnmapper"}); err != nil {
		t.Fatal(err)
	}
	fake.AddIssue(15, gitlabtest.Issue{IID: 3, Title: "scanner down", Labels: []string{"severity::1"},
		CreatedAt: testenv.Start.Add(-time.Minute)})
	if _, err := env.Services.GitLabSync.Start(ctx, admin, ""); err != nil {
		t.Fatal(err)
	}
	fake.Fail(gitlabtest.Fault{Method: http.MethodPost, PathPrefix: "/api/v4/projects/15/issues/3/notes", Status: 500})
	if err := env.Services.Outbox.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Notes(15, 3)); n != 0 || len(fake.CallsTo(http.MethodPost, "/api/v4/projects/15/issues/3/notes")) != 1 {
		t.Fatalf("while GitLab answers 500: %d notes", n)
	}
	env.Clock.Advance(time.Minute)
	if err := env.Services.Outbox.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Hour)
	if err := env.Services.Outbox.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	notes := fake.Notes(15, 3)
	if len(notes) != 1 || !strings.Contains(notes[0].Body, "RPO") {
		t.Fatalf("notes after the retry: %+v; want one commitment comment", notes)
	}
}
