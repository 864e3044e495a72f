package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
)

var _ backlog.Tx = (*Tx)(nil)

type backlogStore struct{ *DB }

// Backlog returns the store of the team's backlog.
func (db *DB) Backlog() backlog.Store { return backlogStore{db} }

func (s backlogStore) InTx(ctx context.Context, fn func(backlog.Tx) error) error {
	return s.withTx(ctx, func(tx *Tx) error { return fn(tx) })
}

const backlogColumns = `id, item_key, kind, url, title, project, project_id, iid, state, labels, weight, priority, workflow, metric,
	candidate, team, assignees, milestone, author, reviewers, confidential, description, profile, created_at, updated_at,
	closed_at, merged_at, unassigned_at, team_mentioned_at, request_id, removed_at, removal_reason, version`

func scanBacklogItem(row scanner) (backlog.Item, error) {
	var it backlog.Item
	var labels, assignees, reviewers string
	var weight, priority, requestID sql.NullInt64
	var created, updated time.Time
	var closed, merged, unassigned, mentioned, removed sql.NullTime
	err := row.Scan(&it.ID, &it.Key, &it.Kind, &it.URL, &it.Title, &it.Project, &it.ProjectID, &it.IID, &it.State, &labels,
		&weight, &priority, &it.Workflow, &it.Metric, &it.Candidate, &it.Team, &assignees, &it.Milestone, &it.Author, &reviewers,
		&it.Confidential, &it.Description, &it.Profile, &created, &updated, &closed, &merged, &unassigned, &mentioned,
		&requestID, &removed, &it.RemovalReason, &it.Version)
	if err != nil {
		return it, err
	}
	for _, f := range []struct {
		raw string
		dst *[]string
	}{{labels, &it.Labels}, {assignees, &it.Assignees}, {reviewers, &it.Reviewers}} {
		if err := json.Unmarshal([]byte(f.raw), f.dst); err != nil {
			return it, core.Wrap(err, "decode a backlog item")
		}
		if *f.dst == nil {
			*f.dst = []string{}
		}
	}
	it.Weight, it.Priority = nullInt(weight), nullInt(priority)
	if requestID.Valid {
		v := requestID.Int64
		it.RequestID = &v
	}
	it.CreatedAt, it.UpdatedAt = created.UTC(), updated.UTC()
	it.ClosedAt, it.MergedAt, it.UnassignedAt = nullTime(closed), nullTime(merged), nullTime(unassigned)
	it.TeamMentionedAt, it.RemovedAt = nullTime(mentioned), nullTime(removed)
	return it, nil
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func intPtr(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}

func jsonList(vs []string) string {
	if vs == nil {
		vs = []string{}
	}
	b, _ := json.Marshal(vs)
	return string(b)
}

// BacklogItem returns one backlog item.
func (q queries) BacklogItem(ctx context.Context, id int64) (backlog.Item, error) {
	it, err := scanBacklogItem(q.q.QueryRowContext(ctx, `SELECT `+backlogColumns+` FROM backlog_items WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return it, notFound("there is no backlog item %d", id)
	}
	return it, translate(err, "read a backlog item")
}

// BacklogItemByKey returns the backlog item of a key.
func (q queries) BacklogItemByKey(ctx context.Context, key string) (backlog.Item, error) {
	it, err := scanBacklogItem(q.q.QueryRowContext(ctx, `SELECT `+backlogColumns+` FROM backlog_items WHERE item_key = $1`, key))
	if err == sql.ErrNoRows {
		return it, notFound("there is no backlog item %s", key)
	}
	return it, translate(err, "read a backlog item")
}

// BacklogItems lists backlog items by id after afterID.
func (q queries) BacklogItems(ctx context.Context, f backlog.Filter, afterID int64, limit int) ([]backlog.Item, error) {
	where, args := []string{"id > $1"}, []any{afterID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	if f.State != "" {
		add("state = ?", f.State)
	}
	if f.Workflow != "" {
		add("LOWER(workflow) = ?", strings.ToLower(f.Workflow))
	}
	if f.Metric != "" {
		add("LOWER(metric) = ?", strings.ToLower(f.Metric))
	}
	if f.Project != "" {
		add("LOWER(project) = ?", strings.ToLower(f.Project))
	}
	if f.Candidate != nil {
		add("candidate = ?", *f.Candidate)
	}
	if f.Team != nil {
		add("team = ?", *f.Team)
	}
	if f.Priority != nil {
		add("priority = ?", *f.Priority)
	}
	if f.Query != "" {
		add("LOWER(title) LIKE ? ESCAPE '\\'", "%"+likeEscape(strings.ToLower(f.Query))+"%")
	}
	if f.Label != "" {
		add("EXISTS (SELECT 1 FROM backlog_item_terms t WHERE t.item_id = backlog_items.id AND t.kind = 'label' AND t.value = ?)",
			strings.ToLower(f.Label))
	}
	if f.Assignee != "" {
		add("EXISTS (SELECT 1 FROM backlog_item_terms t WHERE t.item_id = backlog_items.id AND t.kind = 'assignee' AND t.value = ?)",
			strings.ToLower(strings.TrimPrefix(f.Assignee, "@")))
	}
	args = append(args, limit)
	return all(ctx, q.q, "backlog items", `SELECT `+backlogColumns+` FROM backlog_items WHERE `+strings.Join(where, " AND ")+
		` ORDER BY id LIMIT $`+strconv.Itoa(len(args)), args, scanBacklogItem)
}

// AllBacklogItems lists every backlog item by id.
func (q queries) AllBacklogItems(ctx context.Context) ([]backlog.Item, error) {
	return all(ctx, q.q, "backlog items", `SELECT `+backlogColumns+` FROM backlog_items ORDER BY id`, nil, scanBacklogItem)
}

func backlogArgs(it *backlog.Item) []any {
	return []any{it.Key, string(it.Kind), it.URL, it.Title, it.Project, it.ProjectID, it.IID, it.State, jsonList(it.Labels),
		intPtr(it.Weight), intPtr(it.Priority), it.Workflow, it.Metric, it.Candidate, it.Team, jsonList(it.Assignees), it.Milestone,
		it.Author, jsonList(it.Reviewers), it.Confidential, it.Description, it.Profile, ts(it.CreatedAt), ts(it.UpdatedAt),
		tsPtr(it.ClosedAt), tsPtr(it.MergedAt), tsPtr(it.UnassignedAt), tsPtr(it.TeamMentionedAt), it.RequestID, tsPtr(it.RemovedAt),
		it.RemovalReason}
}

// InsertBacklogItem stores a new backlog item.
func (q queries) InsertBacklogItem(ctx context.Context, it *backlog.Item) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO backlog_items (item_key, kind, url, title, project, project_id, iid, state, labels,
		weight, priority, workflow, metric, candidate, team, assignees, milestone, author, reviewers, confidential, description,
		profile, created_at, updated_at, closed_at, merged_at, unassigned_at, team_mentioned_at, request_id, removed_at, removal_reason, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,
		$26, $27, $28, $29, $30, $31, 1) RETURNING id`, backlogArgs(it)...).Scan(&it.ID)
	if err != nil {
		return translate(err, "store a backlog item")
	}
	it.Version = 1
	return q.saveBacklogTerms(ctx, it)
}

// UpdateBacklogItem stores it if the stored version is still it.Version.
func (q queries) UpdateBacklogItem(ctx context.Context, it *backlog.Item) error {
	args := append(backlogArgs(it), it.ID, it.Version)
	res, err := q.q.ExecContext(ctx, `UPDATE backlog_items SET item_key = $1, kind = $2, url = $3, title = $4, project = $5,
		project_id = $6, iid = $7, state = $8, labels = $9, weight = $10, priority = $11, workflow = $12, metric = $13,
		candidate = $14, team = $15, assignees = $16, milestone = $17, author = $18, reviewers = $19, confidential = $20,
		description = $21, profile = $22, created_at = $23, updated_at = $24, closed_at = $25, merged_at = $26,
		unassigned_at = $27, team_mentioned_at = $28, request_id = $29, removed_at = $30, removal_reason = $31,
		version = version + 1 WHERE id = $32 AND version = $33`, args...)
	if err != nil {
		return translate(err, "store a backlog item")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return preconditionFailed("backlog item", it.ID)
	}
	it.Version++
	return q.saveBacklogTerms(ctx, it)
}

// saveBacklogTerms rewrites the label and assignee rows of an item.
func (q queries) saveBacklogTerms(ctx context.Context, it *backlog.Item) error {
	if _, err := q.q.ExecContext(ctx, `DELETE FROM backlog_item_terms WHERE item_id = $1`, it.ID); err != nil {
		return translate(err, "store backlog item labels")
	}
	seen := map[string]bool{}
	terms := []struct {
		kind   string
		values []string
	}{{"label", it.Labels}, {"assignee", it.Assignees}}
	for _, t := range terms {
		for _, v := range t.values {
			key := t.kind + "\x00" + strings.ToLower(v)
			if seen[key] {
				continue
			}
			seen[key] = true
			if _, err := q.q.ExecContext(ctx, `INSERT INTO backlog_item_terms (item_id, kind, value) VALUES ($1, $2, $3)`,
				it.ID, t.kind, strings.ToLower(v)); err != nil {
				return translate(err, "store backlog item labels")
			}
		}
	}
	return nil
}
