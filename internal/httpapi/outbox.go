package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
)

// MessageBody is an outbox message: who is to be told what, about what, and
// how each delivery of it stands.
type MessageBody struct {
	ID          int64                `json:"id"`
	Topic       string               `json:"topic"`
	SubjectType string               `json:"subject_type"`
	SubjectID   int64                `json:"subject_id"`
	Recipients  []core.Recipient     `json:"recipients"`
	Title       string               `json:"title"`
	Body        string               `json:"body"`
	Data        json.RawMessage      `json:"data"`
	CreatedAt   time.Time            `json:"created_at"`
	Expanded    bool                 `json:"expanded" doc:"Whether its deliveries have been made"`
	Deliveries  []OutboxDeliveryBody `json:"deliveries"`
}

// OutboxDeliveryBody is one delivery of a message: one channel, one address.
type OutboxDeliveryBody struct {
	ID            int64      `json:"id"`
	MessageID     int64      `json:"message_id"`
	Channel       string     `json:"channel" enum:"email,chat,gitlab"`
	Address       string     `json:"address" doc:"An email address, a GitLab issue (project#iid), or a chat webhook's host (its path is a secret)"`
	State         string     `json:"state" enum:"pending,sent,failed,dead"`
	Attempts      int        `json:"attempts"`
	LastError     string     `json:"last_error"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty" doc:"When it is tried next, unless sent or dead"`
	LastAttemptAt *time.Time `json:"last_attempt_at,omitempty"`
	SentAt        *time.Time `json:"sent_at,omitempty"`
}

func messageBody(it notify.Item) MessageBody {
	m := it.Message
	data, _ := m.Data.(json.RawMessage)
	if m.Recipients == nil {
		m.Recipients = []core.Recipient{}
	}
	b := MessageBody{ID: m.ID, Topic: m.Topic, SubjectType: m.Subject.Type, SubjectID: m.Subject.ID,
		Recipients: m.Recipients, Title: m.Title, Body: m.Body, Data: data, CreatedAt: m.CreatedAt,
		Expanded: it.Expanded, Deliveries: make([]OutboxDeliveryBody, len(it.Deliveries))}
	for i, d := range it.Deliveries {
		b.Deliveries[i] = outboxDeliveryBody(d)
	}
	return b
}

func outboxDeliveryBody(d notify.DeliveryStatus) OutboxDeliveryBody {
	b := OutboxDeliveryBody{ID: d.ID, MessageID: d.MessageID, Channel: d.Channel, Address: d.Address, State: string(d.State),
		Attempts: d.Attempts, LastError: d.LastError, LastAttemptAt: d.LastAttemptAt, SentAt: d.SentAt}
	b.Address = notify.DisplayAddress(d.Channel, d.Address)
	if d.State == notify.StatePending || d.State == notify.StateFailed {
		at := d.NextAttemptAt
		b.NextAttemptAt = &at
	}
	return b
}

func (s *server) outboxRoutes() {
	huma.Register(s.api, op("list-outbox", http.MethodGet, "/api/v1/outbox", "The outbox",
		"Messages written for people to be told, with each delivery's channel, state, attempts and last error "+
			"(manager), oldest first."), s.listOutbox)
	huma.Register(s.api, op("get-outbox-message", http.MethodGet, "/api/v1/outbox/{id}", "An outbox message",
		"One message with its deliveries (manager)."), s.getOutboxMessage)
	huma.Register(s.api, op("retry-outbox-message", http.MethodPost, "/api/v1/outbox/{id}/retry", "Retry deliveries",
		"Makes the message's dead and failed deliveries due now, with a fresh dead limit (admin)."), s.retryOutboxMessage)
	s.meNotificationRoutes()
}

type outboxIn struct {
	Pending bool `query:"pending" doc:"Only messages not yet delivered on every channel"`
	PageIn
}

type outboxList struct {
	Body struct {
		Items      []MessageBody `json:"items"`
		NextCursor string        `json:"next_cursor,omitempty"`
	}
}

func (s *server) listOutbox(ctx context.Context, in *outboxIn) (*outboxList, error) {
	items, next, err := s.Outbox.Messages(ctx, actorOf(ctx), in.page(), in.Pending)
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &outboxList{}
	out.Body.Items = make([]MessageBody, len(items))
	for i, it := range items {
		out.Body.Items[i] = messageBody(it)
	}
	out.Body.NextCursor = next
	return out, nil
}

type outboxPath struct {
	ID int64 `path:"id" minimum:"1"`
}

type messageOut struct{ Body MessageBody }

func (s *server) getOutboxMessage(ctx context.Context, in *outboxPath) (*messageOut, error) {
	it, err := s.Outbox.Message(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.queryErr(err)
	}
	return &messageOut{Body: messageBody(it)}, nil
}

func (s *server) retryOutboxMessage(ctx context.Context, in *outboxPath) (*messageOut, error) {
	it, err := s.Outbox.Retry(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &messageOut{Body: messageBody(it)}, nil
}
