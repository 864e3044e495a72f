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

// NotificationBody is a message as the person it is addressed to reads it.
type NotificationBody struct {
	ID          int64            `json:"id"`
	Topic       string           `json:"topic"`
	SubjectType string           `json:"subject_type"`
	SubjectID   int64            `json:"subject_id"`
	Title       string           `json:"title"`
	Body        string           `json:"body"`
	Data        json.RawMessage  `json:"data"`
	Path        string           `json:"path" doc:"The page of interlock it is about, e.g. /tools/12"`
	Reasons     []core.Recipient `json:"reasons" doc:"How it reached you: as a user, through a team, or through your role"`
	CreatedAt   time.Time        `json:"created_at"`
	Read        bool             `json:"read"`
	ReadAt      *time.Time       `json:"read_at,omitempty"`
}

func notificationBody(n notify.Notification) NotificationBody {
	m := n.Message
	data, _ := m.Data.(json.RawMessage)
	return NotificationBody{ID: m.ID, Topic: m.Topic, SubjectType: m.Subject.Type, SubjectID: m.Subject.ID,
		Title: m.Title, Body: m.Body, Data: data, Path: notify.SubjectPath(m.Subject), Reasons: n.Reasons,
		CreatedAt: m.CreatedAt, Read: n.ReadAt != nil, ReadAt: n.ReadAt}
}

func (s *server) meNotificationRoutes() {
	huma.Register(s.api, op("list-my-notifications", http.MethodGet, "/api/v1/me/notifications", "My notifications",
		"The messages addressed to you, as a user, through your teams or through your role; newest first."),
		s.listMyNotifications)
	huma.Register(s.api, op("read-my-notification", http.MethodPost, "/api/v1/me/notifications/{id}/read",
		"Mark a notification read", "Marks one of your notifications read."), s.readMyNotification)
}

type myNotificationsIn struct {
	Unread bool `query:"unread" doc:"Only unread notifications"`
	PageIn
}

type myNotificationsOut struct {
	Body struct {
		Items       []NotificationBody `json:"items"`
		UnreadCount int                `json:"unread_count"`
		NextCursor  string             `json:"next_cursor,omitempty"`
	}
}

func (s *server) listMyNotifications(ctx context.Context, in *myNotificationsIn) (*myNotificationsOut, error) {
	list, next, unread, err := s.Outbox.MyNotifications(ctx, actorOf(ctx), in.page(), in.Unread)
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &myNotificationsOut{}
	out.Body.Items = make([]NotificationBody, len(list))
	for i, n := range list {
		out.Body.Items[i] = notificationBody(n)
	}
	out.Body.UnreadCount, out.Body.NextCursor = unread, next
	return out, nil
}

type notificationPath struct {
	ID int64 `path:"id" minimum:"1"`
}

func (s *server) readMyNotification(ctx context.Context, in *notificationPath) (*struct{ Body NotificationBody }, error) {
	n, err := s.Outbox.MarkRead(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body NotificationBody }{Body: notificationBody(n)}, nil
}
