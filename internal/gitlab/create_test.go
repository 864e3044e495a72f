package gitlab_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func makerEnv(t *testing.T) (*testenv.Env, *gitlabtest.Server) {
	t.Helper()
	fake := gitlabtest.New(t)
	fake.AddProject("prodsec/team", 7)
	fake.AddGroupMilestone("prodsec", gitlabtest.Milestone{Title: "18.9", DueDate: "2027-01-15"})
	env := testenv.NewWithGitLab(t, app.GitLabConfig{URL: fake.URL, Token: gitlabtest.Token,
		TeamProject: "prodsec/team", TeamGroup: "prodsec"})
	return env, fake
}

func work(t *testing.T, env *testenv.Env) int {
	t.Helper()
	n, err := env.Services.GitLabMaker.Work(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImprovementWorkItemsSurviveAnOutageAndAreMadeOnce(t *testing.T) {
	env, fake := makerEnv(t)
	ctx := context.Background()
	inv := env.Services.Inventory
	tool, err := inv.CreateTool(ctx, admin, inventory.Tool{Name: "VulnMapper", OwnerTeam: "appsec",
		Criticality: inventory.High, Category: inventory.Maintain})
	if err != nil {
		t.Fatal(err)
	}
	im, err := inv.AddImprovement(ctx, admin, tool.ID, inventory.Improvement{Title: "add tests in CI", CriterionID: "tests-in-ci"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := inv.AddImprovement(ctx, admin, tool.ID, inventory.Improvement{Title: "runbook",
		URL: "https://gitlab.example.com/prodsec/team/-/issues/99"}); err != nil {
		t.Fatal(err)
	}

	// GitLab is down: nothing is made, nothing is lost.
	fake.Fail(gitlabtest.Fault{PathPrefix: "/api/v4/", Status: 503, Times: 4})
	if n := work(t, env); n != 0 {
		t.Fatalf("made %d during the outage", n)
	}
	if n := work(t, env); n != 0 || len(fake.Calls()) != 4 {
		t.Fatalf("a failed item was tried again before its backoff: made %d, %d calls", n, len(fake.Calls()))
	}
	// GitLab makes the issue but its answer is lost: the next try finds it by its marker.
	env.Clock.Advance(2 * time.Minute)
	fake.Fail(gitlabtest.Fault{Method: http.MethodPost, PathPrefix: "/api/v4/projects/prodsec/team/issues", Status: 502, Lost: true})
	if n := work(t, env); n != 0 {
		t.Fatalf("made %d though the answer was lost", n)
	}
	env.Clock.Advance(5 * time.Minute)
	if n := work(t, env); n != 1 {
		t.Fatalf("made %d after the outage, want 1", n)
	}
	made := fake.Issues(7)
	if len(made) != 1 || len(fake.CallsTo(http.MethodPost, "/api/v4/projects/prodsec/team/issues")) != 1 {
		t.Fatalf("GitLab has %d issues after %d POSTs; want exactly one", len(made),
			len(fake.CallsTo(http.MethodPost, "/api/v4/projects/prodsec/team/issues")))
	}
	if made[0].Title != "VulnMapper: add tests in CI" || !strings.Contains(made[0].Description, "improvement plan") ||
		!strings.Contains(made[0].Description, "tests-in-ci") || !strings.Contains(made[0].Description, "interlock-item-") {
		t.Errorf("issue made: %+v", made[0])
	}
	items, err := inv.Improvements(ctx, admin, tool.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		want := made[0].WebURL
		if it.ID != im.ID {
			want = "https://gitlab.example.com/prodsec/team/-/issues/99"
		}
		if it.URL != want {
			t.Errorf("improvement %q has URL %q, want %q", it.Title, it.URL, want)
		}
	}
	env.Clock.Advance(time.Hour)
	if n := work(t, env); n != 0 || len(fake.Issues(7)) != 1 {
		t.Errorf("a made item was made again")
	}
}

func TestCoCreateEpicsAndSunsettingIssuesAreMadeInGitLab(t *testing.T) {
	env, fake := makerEnv(t)
	ctx := context.Background()
	tool, err := env.Services.Inventory.CreateTool(ctx, admin, inventory.Tool{Name: "SecretScan", OwnerTeam: "appsec",
		Criticality: inventory.High, Category: inventory.Integrate, Milestone: "18.9",
		EpicURL: "https://gitlab.example.com/groups/prodsec/-/epics/1"})
	if err != nil {
		t.Fatal(err)
	}
	cc := env.Services.CoCreate
	ref := cocreate.Ref{Tool: tool.ID}
	if _, err := cc.Start(ctx, admin, tool.ID, ""); err != nil {
		t.Fatalf("with GitLab, co-create starts without an epic URL and makes the epic: %v", err)
	}
	title := "Detect leaked tokens"
	if _, err := cc.AddFunctionality(ctx, admin, ref, cocreate.FunctionalityInput{Title: &title}); err != nil {
		t.Fatal(err)
	}
	if _, err := cc.AddSunsettingIssue(ctx, admin, ref, "users moved to secret detection", ""); err != nil {
		t.Fatal(err)
	}
	if n := work(t, env); n != 4 {
		t.Fatalf("made %d, want integration, handover and functionality epics and a sunsetting issue", n)
	}
	epics := fake.Epics("prodsec")
	if len(epics) != 3 {
		t.Fatalf("epics: %+v", epics)
	}
	integration := epics[0]
	if integration.Title != "Tooling integration: SecretScan" || !strings.Contains(integration.Description, "discrete functionality") {
		t.Errorf("integration epic: %+v", integration)
	}
	for _, e := range epics[1:] {
		if e.ParentID == nil || *e.ParentID != integration.ID {
			t.Errorf("epic %q is not a child of the integration epic", e.Title)
		}
	}
	if !strings.Contains(epics[1].Description, "smooth handover") || epics[2].Title != title ||
		len(epics[2].Labels) != 1 || epics[2].Labels[0] != cocreate.MetricLabel {
		t.Errorf("handover %+v, functionality %+v", epics[1], epics[2])
	}
	c, err := cc.Of(ctx, admin, ref)
	if err != nil {
		t.Fatal(err)
	}
	issues := fake.Issues(7)
	if len(issues) != 1 || !strings.Contains(issues[0].Description, "Sunsetting requirement") {
		t.Fatalf("sunsetting issues: %+v", issues)
	}
	if c.IntegrationEpicURL != integration.WebURL || c.Handover.EpicURL != epics[1].WebURL || c.Handover.CreatedAt == nil ||
		c.Functionalities[0].EpicURL != epics[2].WebURL || c.Roadmap.Issues[0].URL != issues[0].WebURL {
		t.Errorf("URLs not stored on the co-create: %+v", c)
	}
}

func TestNothingIsQueuedWithoutGitLab(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tool, err := env.Services.Inventory.CreateTool(ctx, admin, inventory.Tool{Name: "Plain", OwnerTeam: "appsec",
		Criticality: inventory.High, Category: inventory.Integrate, Milestone: "anything",
		EpicURL: "https://gitlab.example.com/groups/prodsec/-/epics/1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.CoCreate.Start(ctx, admin, tool.ID, ""); !core.IsCode(err, core.Invalid) {
		t.Errorf("without GitLab the integration epic URL stays required: %v", err)
	}
	if env.Services.GitLabMaker != nil || env.Services.Inventory.Tracks(inventory.TrackImprovement) {
		t.Error("a maker exists without GitLab")
	}
}

func TestEpicsGoUnderAnIntegrationEpicLinkedByHand(t *testing.T) {
	env, fake := makerEnv(t)
	ctx := context.Background()
	byHand := fake.AddEpic("prodsec", "Tooling integration: LogScan (made by hand)")
	tool, err := env.Services.Inventory.CreateTool(ctx, admin, inventory.Tool{Name: "LogScan", OwnerTeam: "appsec",
		Criticality: inventory.High, Category: inventory.Integrate, Milestone: "18.9", EpicURL: byHand.WebURL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.CoCreate.Start(ctx, admin, tool.ID, byHand.WebURL); err != nil {
		t.Fatal(err)
	}
	if n := work(t, env); n != 1 {
		t.Fatalf("made %d, want only the handover epic", n)
	}
	epics := fake.Epics("prodsec")
	if len(epics) != 2 || epics[1].ParentID == nil || *epics[1].ParentID != byHand.ID {
		t.Errorf("epics %+v: the handover epic must be a child of the integration epic linked by hand", epics)
	}
	c, err := env.Services.CoCreate.Of(ctx, admin, cocreate.Ref{Tool: tool.ID})
	if err != nil || c.IntegrationEpicURL != byHand.WebURL || c.Handover.EpicURL != epics[1].WebURL {
		t.Errorf("co-create %+v, %v", c, err)
	}
}
