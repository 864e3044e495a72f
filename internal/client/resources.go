package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

// Me returns the user the token belongs to.
func (c *Client) Me(ctx context.Context) (httpapi.UserBody, error) {
	var u httpapi.UserBody
	_, err := c.Get(ctx, "/api/v1/me", nil, &u)
	return u, err
}

// CreateUser adds a user.
func (c *Client) CreateUser(ctx context.Context, username, role string) (httpapi.UserBody, error) {
	var u httpapi.UserBody
	_, err := c.Post(ctx, "/api/v1/users", map[string]string{"username": username, "role": role}, &u)
	return u, err
}

// TokenAnswer is a freshly made token with its secret.
type TokenAnswer struct {
	httpapi.TokenBody
	Token string `json:"token"`
}

// CreateToken makes a token for a user.
func (c *Client) CreateToken(ctx context.Context, username, name string) (TokenAnswer, error) {
	var t TokenAnswer
	body := map[string]string{}
	if name != "" {
		body["name"] = name
	}
	_, err := c.Post(ctx, "/api/v1/users/"+url.PathEscape(username)+"/tokens", body, &t)
	return t, err
}

// ToolList is a page of tools.
type ToolList struct {
	Items      []httpapi.ToolBody `json:"items"`
	NextCursor string             `json:"next_cursor"`
}

// Tools lists tools with filters given as query parameters.
func (c *Client) Tools(ctx context.Context, query url.Values) (ToolList, error) {
	var l ToolList
	_, err := c.Get(ctx, "/api/v1/tools", query, &l)
	return l, err
}

// Tool reads one tool and its ETag.
func (c *Client) Tool(ctx context.Context, id int64) (httpapi.ToolBody, string, error) {
	var t httpapi.ToolBody
	r, err := c.Get(ctx, toolPath(id), nil, &t)
	return t, r.ETag, err
}

// CreateTool adds a tool.
func (c *Client) CreateTool(ctx context.Context, in httpapi.ToolCreate) (httpapi.ToolBody, error) {
	var t httpapi.ToolBody
	_, err := c.Post(ctx, "/api/v1/tools", in, &t)
	return t, err
}

// UpdateTool patches a tool; etag is the version it was read at.
func (c *Client) UpdateTool(ctx context.Context, id int64, etag string, p httpapi.ToolPatch) (httpapi.ToolBody, error) {
	var t httpapi.ToolBody
	_, err := c.Do(ctx, http.MethodPatch, toolPath(id), nil, p, &t, etag)
	return t, err
}

// Assess records the criteria a tool meets.
func (c *Client) Assess(ctx context.Context, id int64, met []string, note string) (httpapi.AssessmentBody, error) {
	var a httpapi.AssessmentBody
	if met == nil {
		met = []string{}
	}
	_, err := c.Do(ctx, http.MethodPut, toolPath(id)+"/assessment", nil,
		map[string]any{"met": met, "note": note}, &a, "")
	return a, err
}

// Rubric reads the rubric.
func (c *Client) Rubric(ctx context.Context) (httpapi.RubricBody, error) {
	var r httpapi.RubricBody
	_, err := c.Get(ctx, "/api/v1/rubric", nil, &r)
	return r, err
}

// EventList is a page of a timeline.
type EventList struct {
	Items      []httpapi.EventBody `json:"items"`
	NextCursor string              `json:"next_cursor"`
}

// ToolEvents reads a tool's timeline.
func (c *Client) ToolEvents(ctx context.Context, id int64, query url.Values) (EventList, error) {
	var l EventList
	_, err := c.Get(ctx, toolPath(id)+"/events", query, &l)
	return l, err
}

func toolPath(id int64) string { return "/api/v1/tools/" + strconv.FormatInt(id, 10) }
