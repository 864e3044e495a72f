package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// EventBody is one entry of a timeline.
type EventBody struct {
	ID      int64     `json:"id"`
	Type    string    `json:"type" doc:"What happened, e.g. tool.created, tool.assessed"`
	Actor   string    `json:"actor" doc:"Who did it"`
	At      time.Time `json:"at"`
	Summary string    `json:"summary"`
	Data    any       `json:"data"`
}

func eventBody(e core.Event) EventBody {
	data := e.Data
	if raw, ok := data.(json.RawMessage); ok {
		data = raw
	}
	return EventBody{ID: e.ID, Type: e.Type, Actor: e.Actor, At: e.At, Summary: e.Summary, Data: data}
}

type eventList struct {
	Body struct {
		Items      []EventBody `json:"items"`
		NextCursor string      `json:"next_cursor,omitempty"`
	}
}

func (s *server) timelineRoutes() {
	huma.Register(s.api, op("tool-events", http.MethodGet, "/api/v1/tools/{id}/events", "A tool's timeline",
		"Every change to the tool, oldest first, with who made it."), s.toolEvents)
}

type toolEventsIn struct {
	ToolPath
	PageIn
}

func (s *server) toolEvents(ctx context.Context, in *toolEventsIn) (*eventList, error) {
	events, next, err := s.Inventory.Events(ctx, actorOf(ctx), in.ID, in.page())
	if err != nil {
		return nil, s.queryErr(err)
	}
	return renderEvents(events, next), nil
}

func renderEvents(events []core.Event, next string) *eventList {
	out := &eventList{}
	out.Body.Items = make([]EventBody, len(events))
	for i, e := range events {
		out.Body.Items[i] = eventBody(e)
	}
	out.Body.NextCursor = next
	return out
}
