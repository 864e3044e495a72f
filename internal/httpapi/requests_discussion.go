package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/intake"
)

// CommentBody is part of a request's discussion.
type CommentBody struct {
	ID     int64     `json:"id"`
	Author string    `json:"author"`
	Body   string    `json:"body"`
	At     time.Time `json:"at"`
}

func commentBody(c intake.Comment) CommentBody {
	return CommentBody{ID: c.ID, Author: c.Author, Body: c.Body, At: c.At}
}

func (s *server) requestDiscussionRoutes() {
	huma.Register(s.api, op("request-comments", http.MethodGet, "/api/v1/requests/{id}/comments", "A request's discussion", ""), s.listComments)
	huma.Register(s.api, op("comment-request", http.MethodPost, "/api/v1/requests/{id}/comments", "Comment on a request",
		"", http.StatusCreated), s.addComment)
	huma.Register(s.api, op("request-events", http.MethodGet, "/api/v1/requests/{id}/events", "A request's timeline",
		"Every step, comment, decision and agreement."), s.requestEvents)
}

func (s *server) listComments(ctx context.Context, in *RequestPath) (*struct {
	Body struct {
		Items []CommentBody `json:"items"`
	}
}, error) {
	list, err := s.Intake.Comments(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &struct {
		Body struct {
			Items []CommentBody `json:"items"`
		}
	}{}
	out.Body.Items = []CommentBody{}
	for _, c := range list {
		out.Body.Items = append(out.Body.Items, commentBody(c))
	}
	return out, nil
}

func (s *server) addComment(ctx context.Context, in *struct {
	RequestPath
	Body struct {
		Body string `json:"body" minLength:"1" maxLength:"20000"`
	}
}) (*struct{ Body CommentBody }, error) {
	c, err := s.Intake.Comment(ctx, actorOf(ctx), in.ID, in.Body.Body)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body CommentBody }{commentBody(c)}, nil
}

func (s *server) requestEvents(ctx context.Context, in *struct {
	RequestPath
	PageIn
}) (*eventList, error) {
	events, next, err := s.Intake.Events(ctx, actorOf(ctx), in.ID, in.page())
	if err != nil {
		return nil, s.queryErr(err)
	}
	return renderEvents(events, next), nil
}
