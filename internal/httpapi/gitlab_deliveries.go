package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// GitLabDeliveryBody is one GitLab webhook delivery in the inbox; a redelivered
// Idempotency-Key is one delivery with more receipts.
type GitLabDeliveryBody struct {
	ID             int64     `json:"id"`
	ReceivedAt     time.Time `json:"received_at"`
	Event          string    `json:"event" doc:"X-Gitlab-Event, e.g. Issue Hook"`
	IdempotencyKey string    `json:"idempotency_key" doc:"GitLab's Idempotency-Key, or sha256:<hex> of the body without one"`
	Project        string    `json:"project" doc:"The project's path (or id) as the payload names it"`
	Status         string    `json:"status" enum:"queued,processed,ignored,failed"`
	Error          string    `json:"error" doc:"Why it failed, or why it was ignored"`
	Attempts       int       `json:"attempts" doc:"Processing attempts so far"`
	Receipts       int       `json:"receipts" doc:"How many times GitLab delivered it"`
	// NextAttemptAt is when a failed delivery is tried again; null otherwise.
	NextAttemptAt *time.Time `json:"next_attempt_at" doc:"When a failed delivery is tried again"`
	// ProcessedAt is when the worker last settled it.
	ProcessedAt *time.Time `json:"processed_at" doc:"When it was processed or ignored"`
}

type gitlabDeliveryList struct {
	Body struct {
		Items      []GitLabDeliveryBody `json:"items"`
		NextCursor string               `json:"next_cursor,omitempty" doc:"Absent on the last page"`
	}
}

func (s *server) gitlabDeliveryRoutes() {
	huma.Register(s.api, op("list-gitlab-deliveries", http.MethodGet, "/api/v1/gitlab/deliveries", "GitLab webhook deliveries",
		"The inbox of POST /hooks/gitlab, oldest first (manager and admin)."), s.listGitLabDeliveries)
}

func (s *server) listGitLabDeliveries(ctx context.Context, in *PageIn) (*gitlabDeliveryList, error) {
	ds, next, err := s.GitLabHooks.ListDeliveries(ctx, actorOf(ctx), in.page())
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &gitlabDeliveryList{}
	out.Body.Items = make([]GitLabDeliveryBody, len(ds))
	for i, d := range ds {
		out.Body.Items[i] = GitLabDeliveryBody{ID: d.ID, ReceivedAt: d.ReceivedAt, Event: d.Event, IdempotencyKey: d.IdempotencyKey,
			Project: d.Project, Status: d.Status, Error: d.Error, Attempts: d.Attempts, Receipts: d.Receipts,
			NextAttemptAt: d.NextAttemptAt, ProcessedAt: d.ProcessedAt}
	}
	out.Body.NextCursor = next
	return out, nil
}
