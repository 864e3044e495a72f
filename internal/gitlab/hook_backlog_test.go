package gitlab_test

import (
	"context"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// The webhook worker hands issue events to the team's backlog, whatever
// the project: a candidate becomes an item and its delivery is processed;
// an unlabelled issue on a project no tool links to stays ignored.
func TestWebhooksFeedTheBacklog(t *testing.T) {
	env := newHookEnv(t, testenv.OpenDB(t))
	env.Clock.Set(at("2017-12-11T12:00:00Z"))
	env.accept(t, "Issue Hook", "candidate", fixture(t, "go-scm/issue_labeled.json", `"title": "critical"`, `"title": "`+backlog.CandidateLabel+`"`))
	env.accept(t, "Issue Hook", "plain", fixture(t, "go-scm/issue_create.json", `"id": 8131350`, `"id": 8131351`))
	env.drain(t)
	status := map[string]any{}
	for _, d := range env.deliveries(t) {
		status[d["idempotency_key"].(string)] = d["status"]
	}
	if status["candidate"] != "processed" || status["plain"] != "ignored" {
		t.Errorf("delivery statuses = %v, want the candidate processed and the plain issue ignored", status)
	}
	items, _, err := env.Services.Backlog.Items(context.Background(), core.System, backlog.Filter{}, core.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || !items[0].Candidate || items[0].Project != "gitlab-org/hello-world" {
		t.Fatalf("backlog items = %+v, want the one candidate", items)
	}
}
