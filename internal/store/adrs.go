package store

import (
	"context"
	"database/sql"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

const adrColumns = `id, tool_id, number, title, status, context, decision, consequences, retrospective,
	supersedes, superseded_by, created_by, created_at, updated_at, version`

func scanADR(row scanner) (inventory.ADR, error) {
	var a inventory.ADR
	var sup, supBy sql.NullInt64
	var created, updated time.Time
	err := row.Scan(&a.ID, &a.ToolID, &a.Number, &a.Title, &a.Status, &a.Context, &a.Decision, &a.Consequences,
		&a.Retrospective, &sup, &supBy, &a.CreatedBy, &created, &updated, &a.Version)
	if sup.Valid {
		a.Supersedes = &sup.Int64
	}
	if supBy.Valid {
		a.SupersededBy = &supBy.Int64
	}
	a.CreatedAt, a.UpdatedAt = created.UTC(), updated.UTC()
	return a, err
}

// ADRs lists a tool's ADRs by number.
func (q queries) ADRs(ctx context.Context, toolID int64) ([]inventory.ADR, error) {
	return all(ctx, q.q, "ADRs", `SELECT `+adrColumns+` FROM adrs WHERE tool_id = $1 ORDER BY number`, []any{toolID}, scanADR)
}

// ADR returns one ADR of a tool by number.
func (q queries) ADR(ctx context.Context, toolID int64, number int) (inventory.ADR, error) {
	a, err := scanADR(q.q.QueryRowContext(ctx, `SELECT `+adrColumns+` FROM adrs WHERE tool_id = $1 AND number = $2`, toolID, number))
	if err == sql.ErrNoRows {
		return a, notFound("tool %d has no ADR %d", toolID, number)
	}
	return a, translate(err, "read an ADR")
}

// InsertADR stores a new ADR with the tool's next number.
func (q queries) InsertADR(ctx context.Context, a *inventory.ADR) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO adrs (tool_id, number, title, status, context, decision, consequences,
		retrospective, supersedes, created_by, created_at, updated_at, version)
		VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM adrs WHERE tool_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)
		RETURNING id, number`,
		a.ToolID, a.Title, a.Status, a.Context, a.Decision, a.Consequences, a.Retrospective, a.Supersedes,
		a.CreatedBy, ts(a.CreatedAt), ts(a.UpdatedAt)).Scan(&a.ID, &a.Number)
	a.Version = 1
	return translate(err, "store an ADR")
}

// UpdateADR stores an ADR's new content and links, bumping its version.
func (q queries) UpdateADR(ctx context.Context, a *inventory.ADR) error {
	_, err := q.q.ExecContext(ctx, `UPDATE adrs SET title = $1, status = $2, context = $3, decision = $4,
		consequences = $5, superseded_by = $6, updated_at = $7, version = version + 1 WHERE id = $8`,
		a.Title, a.Status, a.Context, a.Decision, a.Consequences, a.SupersededBy, ts(a.UpdatedAt), a.ID)
	if err == nil {
		a.Version++
	}
	return translate(err, "update an ADR")
}

// Improvements lists a tool's improvement items in the order they were planned.
func (q queries) Improvements(ctx context.Context, toolID int64) ([]inventory.Improvement, error) {
	return all(ctx, q.q, "improvements", `SELECT id, tool_id, title, criterion_id, url, done_at, created_by, created_at,
		priority, milestone FROM improvements WHERE tool_id = $1 ORDER BY id`, []any{toolID}, func(r scanner) (inventory.Improvement, error) {
		var im inventory.Improvement
		var done sql.NullTime
		var created time.Time
		err := r.Scan(&im.ID, &im.ToolID, &im.Title, &im.CriterionID, &im.URL, &done, &im.CreatedBy, &created,
			&im.Priority, &im.Milestone)
		im.DoneAt, im.CreatedAt = nullTime(done), created.UTC()
		return im, err
	})
}

// InsertImprovement stores a new improvement item.
func (q queries) InsertImprovement(ctx context.Context, im *inventory.Improvement) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO improvements (tool_id, title, criterion_id, url, done_at, created_by, created_at,
		priority, milestone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		im.ToolID, im.Title, im.CriterionID, im.URL, tsPtr(im.DoneAt), im.CreatedBy, ts(im.CreatedAt),
		im.Priority, im.Milestone).Scan(&im.ID)
	return translate(err, "store an improvement")
}

// UpdateImprovement stores whether an item is done, and its priority.
func (q queries) UpdateImprovement(ctx context.Context, im *inventory.Improvement) error {
	_, err := q.q.ExecContext(ctx, `UPDATE improvements SET title = $1, url = $2, done_at = $3, priority = $4, milestone = $5
		WHERE id = $6`, im.Title, im.URL, tsPtr(im.DoneAt), im.Priority, im.Milestone, im.ID)
	return translate(err, "update an improvement")
}
