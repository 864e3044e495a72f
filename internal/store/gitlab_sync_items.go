package store

import (
	"context"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

var _ gitlab.ItemStore = gitlabItemStore{}

type gitlabItemStore struct{ *DB }

// GitLabItems returns the queue of work items to make in GitLab.
func (db *DB) GitLabItems() gitlab.ItemStore { return gitlabItemStore{db} }

// QueueTrackerItem records a work item for the tracker to make, inside the
// workflow's transaction.
func (q queries) QueueTrackerItem(ctx context.Context, item inventory.TrackerItem) error {
	labels, _ := json.Marshal(nonNil(item.Labels))
	at := ts(item.QueuedAt)
	_, err := q.q.ExecContext(ctx, `INSERT INTO gitlab_items (kind, subject_type, subject_id, record_id, title, description,
		labels, parent_url, next_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		item.Kind, item.Subject.Type, item.Subject.ID, item.RecordID, item.Title, item.Description, string(labels),
		item.ParentURL, at, at)
	return translate(err, "queue a work item for GitLab")
}

const gitlabItemColumns = `id, kind, subject_type, subject_id, record_id, title, description, labels, parent_url, state,
	attempts, last_error, next_at, url, gitlab_id, created_at`

func scanGitLabItem(row scanner) (gitlab.PendingItem, error) {
	var p gitlab.PendingItem
	var labels, state string
	err := row.Scan(&p.ID, &p.Kind, &p.Subject.Type, &p.Subject.ID, &p.RecordID, &p.Title, &p.Description, &labels, &p.ParentURL, &state,
		&p.Attempts, &p.LastError, &p.NextAt, &p.URL, &p.GitLabID, &p.QueuedAt)
	if err != nil {
		return p, err
	}
	p.Done, p.NextAt, p.QueuedAt = state == "done", p.NextAt.UTC(), p.QueuedAt.UTC()
	if err := json.Unmarshal([]byte(labels), &p.Labels); err != nil {
		return p, core.Wrap(err, "decode labels")
	}
	return p, nil
}

// DueItems lists pending items due at now, oldest first.
func (s gitlabItemStore) DueItems(ctx context.Context, now time.Time, limit int) ([]gitlab.PendingItem, error) {
	return all(ctx, s.sql, "GitLab work items", `SELECT `+gitlabItemColumns+` FROM gitlab_items
		WHERE state = 'pending' AND next_at <= $1 ORDER BY next_at, id LIMIT $2`, []any{ts(now), limit}, scanGitLabItem)
}

// ItemsOf lists a subject's items of a kind, oldest first.
func (s gitlabItemStore) ItemsOf(ctx context.Context, subject core.Subject, kind inventory.TrackerKind) ([]gitlab.PendingItem, error) {
	return all(ctx, s.sql, "GitLab work items", `SELECT `+gitlabItemColumns+` FROM gitlab_items
		WHERE subject_type = $1 AND subject_id = $2 AND kind = $3 ORDER BY id`,
		[]any{subject.Type, subject.ID, kind}, scanGitLabItem)
}

// ItemMade records that GitLab made an item, and where.
func (s gitlabItemStore) ItemMade(ctx context.Context, id int64, url string, gitlabID int64, at time.Time) error {
	return s.updateItem(ctx, `UPDATE gitlab_items SET state = 'done', url = $1, gitlab_id = $2, done_at = $3, last_error = ''
		WHERE id = $4`, url, gitlabID, ts(at), id)
}

// ItemFailed records a failed try and when to try again.
func (s gitlabItemStore) ItemFailed(ctx context.Context, id int64, msg string, next time.Time) error {
	return s.updateItem(ctx, `UPDATE gitlab_items SET attempts = attempts + 1, last_error = $1, next_at = $2 WHERE id = $3`,
		msg, ts(next), id)
}

func (s gitlabItemStore) updateItem(ctx context.Context, query string, args ...any) error {
	res, err := s.sql.ExecContext(ctx, query, args...)
	if err != nil {
		return translate(err, "update a GitLab work item")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("no such GitLab work item")
	}
	return nil
}
