package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// MessageBody is an outbox message: who is to be told what, about what.
type MessageBody struct {
	ID          int64            `json:"id"`
	Topic       string           `json:"topic"`
	SubjectType string           `json:"subject_type"`
	SubjectID   int64            `json:"subject_id"`
	Recipients  []core.Recipient `json:"recipients"`
	Title       string           `json:"title"`
	Body        string           `json:"body"`
	Data        json.RawMessage  `json:"data"`
	CreatedAt   time.Time        `json:"created_at"`
}

func (s *server) outboxRoutes() {
	huma.Register(s.api, op("list-outbox", http.MethodGet, "/api/v1/outbox", "The outbox",
		"Messages written for people to be told (engineer), oldest first."), s.listOutbox)
}

type outboxIn struct {
	Pending bool `query:"pending" doc:"Only messages not yet delivered"`
	PageIn
}

type outboxList struct {
	Body struct {
		Items      []MessageBody `json:"items"`
		NextCursor string        `json:"next_cursor,omitempty"`
	}
}

func (s *server) listOutbox(ctx context.Context, in *outboxIn) (*outboxList, error) {
	msgs, next, err := s.Outbox.Messages(ctx, actorOf(ctx), in.page(), in.Pending)
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &outboxList{}
	out.Body.Items = make([]MessageBody, len(msgs))
	for i, m := range msgs {
		data, _ := m.Data.(json.RawMessage)
		out.Body.Items[i] = MessageBody{ID: m.ID, Topic: m.Topic, SubjectType: m.Subject.Type, SubjectID: m.Subject.ID,
			Recipients: m.Recipients, Title: m.Title, Body: m.Body, Data: data, CreatedAt: m.CreatedAt}
	}
	out.Body.NextCursor = next
	return out, nil
}
