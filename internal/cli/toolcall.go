package cli

import (
	"context"
	"fmt"
	"strconv"
)

// toolCall sends body to a path under a tool (given by id or name) and
// decodes the answer into out. When etagOf names a resource under the tool,
// its ETag is read first and sent as If-Match, so that a change never
// overwrites one it did not see.
func (g *globals) toolCall(ctx context.Context, ref, method, suffix string, body, out any, etagOf string) error {
	c, id, err := g.toolClient(ctx, ref)
	if err != nil {
		return err
	}
	base := "/api/v1/tools/" + strconv.FormatInt(id, 10)
	etag := ""
	if etagOf != "" {
		r, err := c.Get(ctx, base+etagOf, nil, nil)
		if err != nil {
			return err
		}
		etag = r.ETag
	}
	_, err = c.Do(ctx, method, base+suffix, nil, body, out, etag)
	return err
}

// requestCall is toolCall for a path under an intake request.
func (g *globals) requestCall(ctx context.Context, id, method, suffix string, body, out any, etagOf string) error {
	c, err := g.client()
	if err != nil {
		return err
	}
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return usageError{fmt.Errorf("a request is named by its id, not %q", id)}
	}
	base := "/api/v1/requests/" + id
	etag := ""
	if etagOf != "" {
		r, err := c.Get(ctx, base+etagOf, nil, nil)
		if err != nil {
			return err
		}
		etag = r.ETag
	}
	_, err = c.Do(ctx, method, base+suffix, nil, body, out, etag)
	return err
}
