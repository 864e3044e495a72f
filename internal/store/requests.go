package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
)

// requestDoc is the stored form of a request: every field but the ones
// kept as columns.
type requestDoc struct {
	Title           string                      `json:"title"`
	Template        map[string]string           `json:"template"`
	Tool            intake.ToolDetails          `json:"tool"`
	PathForward     *intake.PathForward         `json:"path_forward,omitempty"`
	Plan            *intake.Plan                `json:"plan,omitempty"`
	Maintainability *intake.Assessment          `json:"maintainability,omitempty"`
	PathToProduct   *intake.PathToProductAnswer `json:"path_to_product,omitempty"`
	Decision        *intake.Decision            `json:"decision,omitempty"`
	ToolID          *int64                      `json:"tool_id,omitempty"`
	NeedsCoCreate   bool                        `json:"needs_cocreate,omitempty"`
	WithdrawReason  string                      `json:"withdraw_reason,omitempty"`
	History         []intake.Reassessment       `json:"history,omitempty"`
}

func docOf(r *intake.Request) requestDoc {
	return requestDoc{Title: r.Title, Template: r.Template, Tool: r.Tool, PathForward: r.PathForward, Plan: r.Plan,
		Maintainability: r.Maintainability, PathToProduct: r.PathToProduct, Decision: r.Decision, ToolID: r.ToolID,
		NeedsCoCreate: r.NeedsCoCreate, WithdrawReason: r.WithdrawReason, History: r.History}
}

const requestColumns = `id, kind, state, step, requesting_team, requester, doc, version, created_at, updated_at`

func scanRequest(row scanner) (intake.Request, error) {
	var r intake.Request
	var raw string
	var created, updated time.Time
	if err := row.Scan(&r.ID, &r.Kind, &r.State, &r.Step, &r.RequestingTeam, &r.Requester, &raw, &r.Version, &created, &updated); err != nil {
		return r, err
	}
	var d requestDoc
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		return r, core.Wrap(err, "decode a request")
	}
	r.Title, r.Template, r.Tool, r.PathForward, r.Plan = d.Title, d.Template, d.Tool, d.PathForward, d.Plan
	r.Maintainability, r.PathToProduct, r.Decision, r.ToolID = d.Maintainability, d.PathToProduct, d.Decision, d.ToolID
	r.NeedsCoCreate, r.WithdrawReason, r.History = d.NeedsCoCreate, d.WithdrawReason, d.History
	r.CreatedAt, r.UpdatedAt = created.UTC(), updated.UTC()
	return r, nil
}

// Request returns one request.
func (q queries) Request(ctx context.Context, id int64) (intake.Request, error) {
	list, err := all(ctx, q.q, "requests", `SELECT `+requestColumns+` FROM requests WHERE id = $1`, []any{id}, scanRequest)
	if err != nil {
		return intake.Request{}, err
	}
	if len(list) == 0 {
		return intake.Request{}, notFound("there is no request %d", id)
	}
	return list[0], nil
}

// Requests lists requests by id after afterID.
func (q queries) Requests(ctx context.Context, f intake.Filter, afterID int64, limit int) ([]intake.Request, error) {
	where, args := []string{"id > $1"}, []any{afterID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	for col, v := range map[string]string{"kind": string(f.Kind), "state": string(f.State), "step": string(f.Step),
		"requester": f.Requester} {
		if v != "" {
			add(col+" = ?", v)
		}
	}
	if f.RequestingTeam != "" {
		add("LOWER(requesting_team) = ?", strings.ToLower(f.RequestingTeam))
	}
	if f.DueBy != "" {
		add("revisit_on <> '' AND state = 'decided' AND revisit_on <= ?", f.DueBy)
	}
	if v := f.VisibleTo; v != nil {
		args = append(args, v.Requester)
		cond := "(requester = $" + strconv.Itoa(len(args))
		for _, t := range v.Teams {
			args = append(args, strings.ToLower(t))
			cond += " OR LOWER(requesting_team) = $" + strconv.Itoa(len(args))
		}
		where = append(where, cond+")")
	}
	args = append(args, limit)
	return all(ctx, q.q, "requests", `SELECT `+requestColumns+` FROM requests WHERE `+strings.Join(where, " AND ")+
		` ORDER BY id LIMIT $`+strconv.Itoa(len(args)), args, scanRequest)
}

func revisitOf(r *intake.Request) string {
	if r.Decision == nil {
		return ""
	}
	return r.Decision.RevisitOn
}

// InsertRequest stores a new request.
func (q queries) InsertRequest(ctx context.Context, r *intake.Request) error {
	raw, err := json.Marshal(docOf(r))
	if err != nil {
		return core.Wrap(err, "encode a request")
	}
	err = q.q.QueryRowContext(ctx, `INSERT INTO requests (kind, state, step, requesting_team, requester, revisit_on, doc, version,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) RETURNING id`, r.Kind, r.State, r.Step,
		r.RequestingTeam, r.Requester, revisitOf(r), string(raw), ts(r.CreatedAt), ts(r.UpdatedAt)).Scan(&r.ID)
	r.Version = 1
	return translate(err, "store a request")
}

// UpdateRequest stores r if its version is unchanged.
func (q queries) UpdateRequest(ctx context.Context, r *intake.Request) error {
	if err := q.updateDoc(ctx, "requests", r.ID, r.Version, docOf(r), "state = $1, step = $2, revisit_on = $3, updated_at = $4",
		r.State, r.Step, revisitOf(r), ts(r.UpdatedAt)); err != nil {
		return err
	}
	r.Version++
	return nil
}

// Comments lists a request's comments, oldest first.
func (q queries) Comments(ctx context.Context, requestID int64) ([]intake.Comment, error) {
	return all(ctx, q.q, "comments", `SELECT id, request_id, author, body, at FROM request_comments WHERE request_id = $1 ORDER BY id`,
		[]any{requestID}, func(r scanner) (intake.Comment, error) {
			var c intake.Comment
			var at time.Time
			err := r.Scan(&c.ID, &c.RequestID, &c.Author, &c.Body, &at)
			c.At = at.UTC()
			return c, err
		})
}

// InsertComment stores a comment.
func (q queries) InsertComment(ctx context.Context, c *intake.Comment) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO request_comments (request_id, author, body, at) VALUES ($1, $2, $3, $4) RETURNING id`,
		c.RequestID, c.Author, c.Body, ts(c.At)).Scan(&c.ID)
	return translate(err, "store a comment")
}
