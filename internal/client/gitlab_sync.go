package client

import (
	"context"
	"strconv"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

// StartGitLabSync starts a reconcile with GitLab, of one tool by name or of
// every linked tool when tool is empty.
func (c *Client) StartGitLabSync(ctx context.Context, tool string) (httpapi.GitLabSyncBody, error) {
	var out httpapi.GitLabSyncBody
	body := map[string]string{}
	if tool != "" {
		body["tool"] = tool
	}
	_, err := c.Post(ctx, "/api/v1/gitlab/sync", body, &out)
	return out, err
}

// GitLabSync reads a sync's progress.
func (c *Client) GitLabSync(ctx context.Context, id int64) (httpapi.GitLabSyncBody, error) {
	var out httpapi.GitLabSyncBody
	_, err := c.Get(ctx, "/api/v1/gitlab/sync/"+strconv.FormatInt(id, 10), nil, &out)
	return out, err
}
