package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
)

func (q queries) cocreateWhere(ctx context.Context, where string, arg any) (cocreate.CoCreate, error) {
	var c cocreate.CoCreate
	var raw string
	var id int64
	var version int
	err := q.q.QueryRowContext(ctx, `SELECT id, doc, version FROM cocreates WHERE `+where, arg).Scan(&id, &raw, &version)
	if err == sql.ErrNoRows {
		return c, notFound("there is no co-create for that")
	}
	if err != nil {
		return c, translate(err, "read a co-create")
	}
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return c, core.Wrap(err, "decode a co-create")
	}
	c.ID, c.Version = id, version
	return c, nil
}

// CoCreateOfTool returns a tool's co-create.
func (q queries) CoCreateOfTool(ctx context.Context, toolID int64) (cocreate.CoCreate, error) {
	c, err := q.cocreateWhere(ctx, "tool_id = $1", toolID)
	if core.IsCode(err, core.NotFound) {
		return c, notFound("tool %d has no co-create", toolID)
	}
	return c, err
}

// CoCreateOfRequest returns the co-create of an intake request.
func (q queries) CoCreateOfRequest(ctx context.Context, requestID int64) (cocreate.CoCreate, error) {
	c, err := q.cocreateWhere(ctx, "request_id = $1", requestID)
	if core.IsCode(err, core.NotFound) {
		return c, notFound("request %d has no co-create", requestID)
	}
	return c, err
}

// InsertCoCreate stores a new co-create.
func (q queries) InsertCoCreate(ctx context.Context, c *cocreate.CoCreate) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return core.Wrap(err, "encode a co-create")
	}
	err = q.q.QueryRowContext(ctx, `INSERT INTO cocreates (tool_id, request_id, loop, doc, version, started_at, updated_at)
		VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING id`, c.ToolID, c.RequestID, c.Loop, string(raw),
		ts(c.StartedAt), ts(c.UpdatedAt)).Scan(&c.ID)
	c.Version = 1
	return translate(err, "store a co-create")
}

// UpdateCoCreate stores c if its version is unchanged.
func (q queries) UpdateCoCreate(ctx context.Context, c *cocreate.CoCreate) error {
	if err := q.updateDoc(ctx, "cocreates", c.ID, c.Version, c, "loop = $1, updated_at = $2", c.Loop, ts(c.UpdatedAt)); err != nil {
		return err
	}
	c.Version++
	return nil
}
