// Package gitlab connects interlock to GitLab: webhooks in, API calls out
// (comments, things the seeds say are made in GitLab, milestone checks) and
// the reconcile sync. It translates GitLab into calls on the workflow
// services and back; no rule of the process lives here.
package gitlab

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go"
)

// Config is how interlock reaches GitLab. The token is a secret: nothing
// here logs it or returns it.
type Config struct {
	URL   string // e.g. https://gitlab.example.com (or a loopback fake in tests)
	Token string // an access token with the api scope
	// TeamProject is where sunsetting issues and improvement work items are
	// made: a project path (group/project) or numeric id.
	TeamProject string
	// TeamGroup is where co-create's epics are made: a group path or id.
	TeamGroup string
	// Retry is the policy for rate limits and failures; zero fields take
	// DefaultRetryPolicy's values.
	Retry RetryPolicy
	// HTTPClient carries the calls (its Timeout is ignored: each try is
	// bounded by Retry.AttemptTimeout, so that waiting out a 429 is possible).
	HTTPClient *http.Client
}

// String shows the config without its token.
func (c Config) String() string {
	return fmt.Sprintf("gitlab.Config{URL: %q, token set: %t, team project: %q, team group: %q}",
		c.URL, c.Token != "", c.TeamProject, c.TeamGroup)
}

// Client calls GitLab's REST API v4 through the official client.
type Client struct {
	api *gl.Client
	cfg Config
}

// NewClient returns a client for cfg. It refuses a config without URL or token.
func NewClient(cfg Config) (*Client, error) {
	cfg.URL = strings.TrimRight(strings.TrimSpace(cfg.URL), "/")
	if cfg.URL == "" || cfg.Token == "" {
		return nil, errors.New("gitlab: a URL and a token are required")
	}
	cfg.Retry = withDefaults(cfg.Retry)
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		hc = &c
	}
	hc.Timeout = 0
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = &retryTransport{next: next, policy: cfg.Retry}
	api, err := gl.NewClient(cfg.Token,
		gl.WithBaseURL(cfg.URL),
		gl.WithHTTPClient(hc),
		gl.WithoutRetries(), // our retryTransport decides; see RetryPolicy
		gl.WithUserAgent("interlock"),
	)
	if err != nil {
		return nil, fmt.Errorf("gitlab: %w", err)
	}
	return &Client{api: api, cfg: cfg}, nil
}

func withDefaults(p RetryPolicy) RetryPolicy {
	d := DefaultRetryPolicy()
	if p.RateLimited == 0 {
		p.RateLimited = d.RateLimited
	}
	if p.ServerErrors == 0 {
		p.ServerErrors = d.ServerErrors
	}
	if p.Base == 0 {
		p.Base = d.Base
	}
	if p.MaxBackoff == 0 {
		p.MaxBackoff = d.MaxBackoff
	}
	if p.MaxWait == 0 {
		p.MaxWait = d.MaxWait
	}
	if p.Sleep == nil {
		p.Sleep = d.Sleep
	}
	if p.Now == nil {
		p.Now = d.Now
	}
	if p.AttemptTimeout == 0 {
		p.AttemptTimeout = d.AttemptTimeout
	}
	return p
}

// API is the official client, for calls this package has no method for.
func (c *Client) API() *gl.Client { return c.api }

// String names the instance, never the token.
func (c *Client) String() string { return fmt.Sprintf("GitLab at %s", c.cfg.URL) }

// TeamProject is where issues are made, "" when not configured.
func (c *Client) TeamProject() string { return c.cfg.TeamProject }

// TeamGroup is where epics are made, "" when not configured.
func (c *Client) TeamGroup() string { return c.cfg.TeamGroup }

// eventUUID forwards X-Gitlab-Event-UUID, so that GitLab knows the call came
// from handling its own webhook (recursion detection).
func eventUUID(uuid string) []gl.RequestOptionFunc {
	opts := []gl.RequestOptionFunc{}
	if uuid != "" {
		opts = append(opts, gl.WithHeader("X-Gitlab-Event-UUID", uuid))
	}
	return opts
}

// StatusOf returns the HTTP status of a failed call, 0 when there was none
// (the call did not reach GitLab).
func StatusOf(err error) int {
	if errors.Is(err, gl.ErrNotFound) {
		return http.StatusNotFound
	}
	var er *gl.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	return 0
}

// projectRef turns "123" into a number and leaves a path as it is, as the
// official client takes either.
func projectRef(p string) any {
	var n int64
	if _, err := fmt.Sscan(p, &n); err == nil && fmt.Sprint(n) == p {
		return n
	}
	return p
}

// eachPage calls list for page 1, 2, ... following X-Next-Page until
// GitLab names no next page. It never reads the totals, which GitLab omits
// on large collections.
func eachPage(ctx context.Context, list func(page int64) (*gl.Response, error)) error {
	page := int64(1)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := list(page)
		if err != nil {
			return err
		}
		if res == nil || res.NextPage == 0 || res.NextPage <= page {
			return nil
		}
		page = res.NextPage
	}
}
