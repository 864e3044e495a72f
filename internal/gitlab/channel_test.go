package gitlab_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/gitlab/gitlabtest"
	"gitlab.com/prodseceng/interlock/internal/notify"
)

func delivery(attempts int) notify.Delivery {
	data, _ := json.Marshal(map[string]any{"gitlab_event_uuid": "9cebe914-4827-408f-b014-cfa23a47a35f"})
	return notify.Delivery{ID: 34, MessageID: 12, Channel: "gitlab", Address: "15#3", Attempts: attempts,
		MessageKey: "<outbox-12-delivery-34@interlock>",
		Message: core.Message{ID: 12, Title: "VulnMapper: clocks started", Body: "SLO 4 business hours. No RPO is promised.",
			Data: json.RawMessage(data)}}
}

func TestWriteBackWhileGitLabAnswers500(t *testing.T) {
	fake := gitlabtest.New(t)
	fake.AddIssue(15, gitlabtest.Issue{IID: 3, Title: "scanner down"})
	c, _ := newClient(t, fake)
	ch := gitlab.NewChannel(c)
	if ch.Name() != "gitlab" {
		t.Errorf("name = %q", ch.Name())
	}
	fake.Fail(gitlabtest.Fault{Method: http.MethodPost, PathPrefix: "/api/v4/projects/15/issues/3/notes", Status: 500})

	err := ch.Send(context.Background(), delivery(0))
	if err == nil || notify.IsPermanent(err) {
		t.Fatalf("first try while GitLab answers 500: err = %v, want a retryable error", err)
	}
	if err := ch.Send(context.Background(), delivery(1)); err != nil {
		t.Fatalf("retry: %v", err)
	}
	notes := fake.Notes(15, 3)
	if len(notes) != 1 || !strings.Contains(notes[0].Body, "No RPO is promised") {
		t.Fatalf("notes = %+v, want exactly one", notes)
	}
	for _, call := range fake.CallsTo(http.MethodPost, "/api/v4/projects/15/issues/3/notes") {
		if got := call.Header.Get("X-Gitlab-Event-UUID"); got != "9cebe914-4827-408f-b014-cfa23a47a35f" {
			t.Errorf("X-Gitlab-Event-UUID = %q, want the hook's", got)
		}
	}
	// The answer of a successful comment was lost: the retry finds its marker and posts nothing.
	if err := ch.Send(context.Background(), delivery(2)); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Notes(15, 3)); n != 1 {
		t.Errorf("%d notes after a retry of a delivered comment, want 1", n)
	}
}

func TestChannelRefusals(t *testing.T) {
	fake := gitlabtest.New(t)
	c, _ := newClient(t, fake)
	ch := gitlab.NewChannel(c)
	for _, addr := range []string{"15", "x#3", "15#0", ""} {
		d := delivery(0)
		d.Address = addr
		if err := ch.Send(context.Background(), d); !notify.IsPermanent(err) {
			t.Errorf("address %q: err = %v, want permanent", addr, err)
		}
	}
	if err := ch.Send(context.Background(), delivery(0)); !notify.IsPermanent(err) {
		t.Errorf("an issue GitLab does not have: err = %v, want permanent (404)", err)
	}
	d := delivery(0)
	d.Message.Data = nil
	fake.AddIssue(15, gitlabtest.Issue{IID: 3})
	if err := ch.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	calls := fake.CallsTo(http.MethodPost, "/api/v4/projects/15/issues/3/notes")
	if got := calls[len(calls)-1].Header.Get("X-Gitlab-Event-UUID"); got != "" {
		t.Errorf("a message not caused by a hook sent X-Gitlab-Event-UUID %q", got)
	}
}
