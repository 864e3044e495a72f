// Package client is a Go client of interlock's API. The CLI uses it, and so
// do the end-to-end tests, so that both exercise the API as users see it.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

// Client talks to one interlock server as one user.
type Client struct {
	BaseURL string
	Token   string
	HTTP    *http.Client
}

// New returns a client of the server at baseURL using token.
func New(baseURL, token string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), Token: token, HTTP: &http.Client{Timeout: 60 * time.Second}}
}

// Error is a problem document the server answered with.
type Error struct {
	Status  int
	Problem httpapi.Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", e.Status, e.Problem.Title)
	if e.Problem.Detail != "" {
		fmt.Fprintf(&b, ": %s", e.Problem.Detail)
	}
	for _, d := range e.Problem.Errors {
		fmt.Fprintf(&b, "\n  - %s: %s", strings.TrimPrefix(d.Location, "body."), d.Message)
		if d.Value != nil {
			fmt.Fprintf(&b, " (got %v)", d.Value)
		}
	}
	return b.String()
}

// Response is what a call answered besides its body.
type Response struct {
	Status int
	ETag   string
}

// Do sends a JSON request and decodes a JSON answer into out (unless nil).
// ifMatch, when not empty, is sent as If-Match.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any, ifMatch string) (Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return Response{}, err
		}
		rd = bytes.NewReader(b)
	}
	u := c.BaseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return Response{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return Response{}, err
	}
	r := Response{Status: res.StatusCode, ETag: res.Header.Get("ETag")}
	if res.StatusCode >= 400 {
		e := &Error{Status: res.StatusCode}
		if json.Unmarshal(data, &e.Problem) != nil || e.Problem.Title == "" {
			e.Problem.Title = http.StatusText(res.StatusCode)
			e.Problem.Detail = strings.TrimSpace(string(data))
		}
		return r, e
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return r, fmt.Errorf("decode answer of %s %s: %w", method, path, err)
		}
	}
	return r, nil
}

// Get reads path into out.
func (c *Client) Get(ctx context.Context, path string, query url.Values, out any) (Response, error) {
	return c.Do(ctx, http.MethodGet, path, query, nil, out, "")
}

// Post sends body to path and reads the answer into out.
func (c *Client) Post(ctx context.Context, path string, body, out any) (Response, error) {
	return c.Do(ctx, http.MethodPost, path, nil, body, out, "")
}

// GetRaw reads path as the given media type (e.g. text/csv) and returns the body.
func (c *Client) GetRaw(ctx context.Context, path string, query url.Values, accept string) ([]byte, error) {
	u := c.BaseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", accept)
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 256<<20))
	if err != nil {
		return nil, err
	}
	if res.StatusCode >= 400 {
		e := &Error{Status: res.StatusCode}
		e.Problem.Title, e.Problem.Detail = http.StatusText(res.StatusCode), strings.TrimSpace(string(data))
		return nil, e
	}
	return data, nil
}
