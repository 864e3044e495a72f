package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
)

var _ gitlab.SyncStore = gitlabSyncStore{}

type gitlabSyncStore struct{ *DB }

// GitLabSync returns the store of GitLab sync records.
func (db *DB) GitLabSync() gitlab.SyncStore { return gitlabSyncStore{db} }

const gitlabSyncColumns = `id, requested_by, trigger, tool_id, state, projects_total, projects_done, issues_seen,
	created, updated, closed, errors, requested_at, started_at, finished_at`

func scanGitLabSync(row scanner) (gitlab.SyncRun, error) {
	var r gitlab.SyncRun
	var toolID sql.NullInt64
	var errs string
	var started, finished sql.NullTime
	err := row.Scan(&r.ID, &r.RequestedBy, &r.Trigger, &toolID, &r.State, &r.ProjectsTotal, &r.ProjectsDone, &r.IssuesSeen,
		&r.Created, &r.Updated, &r.Closed, &errs, &r.RequestedAt, &started, &finished)
	if err != nil {
		return r, err
	}
	if toolID.Valid {
		r.ToolID = &toolID.Int64
	}
	if err := json.Unmarshal([]byte(errs), &r.Errors); err != nil {
		return r, core.Wrap(err, "decode sync errors")
	}
	r.RequestedAt = r.RequestedAt.UTC()
	r.StartedAt, r.FinishedAt = nullTime(started), nullTime(finished)
	return r, nil
}

// InsertSync records a new sync and sets its id.
func (s gitlabSyncStore) InsertSync(ctx context.Context, r *gitlab.SyncRun) error {
	errs, _ := json.Marshal(nonNil(r.Errors))
	err := s.sql.QueryRowContext(ctx, `INSERT INTO gitlab_syncs (requested_by, trigger, tool_id, state, errors, requested_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		r.RequestedBy, r.Trigger, r.ToolID, r.State, string(errs), ts(r.RequestedAt)).Scan(&r.ID)
	return translate(err, "record a GitLab sync")
}

// SaveSync stores a sync's state and progress.
func (s gitlabSyncStore) SaveSync(ctx context.Context, r gitlab.SyncRun) error {
	errs, _ := json.Marshal(nonNil(r.Errors))
	res, err := s.sql.ExecContext(ctx, `UPDATE gitlab_syncs SET state = $1, projects_total = $2, projects_done = $3,
		issues_seen = $4, created = $5, updated = $6, closed = $7, errors = $8, started_at = $9, finished_at = $10
		WHERE id = $11`, r.State, r.ProjectsTotal, r.ProjectsDone, r.IssuesSeen, r.Created, r.Updated, r.Closed,
		string(errs), tsPtr(r.StartedAt), tsPtr(r.FinishedAt), r.ID)
	if err != nil {
		return translate(err, "record GitLab sync progress")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("no GitLab sync %d", r.ID)
	}
	return nil
}

// Sync returns one sync.
func (s gitlabSyncStore) Sync(ctx context.Context, id int64) (gitlab.SyncRun, error) {
	r, err := scanGitLabSync(s.sql.QueryRowContext(ctx, `SELECT `+gitlabSyncColumns+` FROM gitlab_syncs WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return r, notFound("no GitLab sync %d", id)
	}
	return r, translate(err, "read a GitLab sync")
}

// UnfinishedSyncs lists syncs queued or running, oldest first.
func (s gitlabSyncStore) UnfinishedSyncs(ctx context.Context) ([]gitlab.SyncRun, error) {
	return all(ctx, s.sql, "GitLab syncs", `SELECT `+gitlabSyncColumns+` FROM gitlab_syncs
		WHERE state IN ('queued', 'running') ORDER BY id`, nil, scanGitLabSync)
}

// ExternalSeen returns GitLab's updated_at last applied to the support
// issue of key, and whether that issue is closed.
func (s gitlabSyncStore) ExternalSeen(ctx context.Context, key string) (time.Time, bool, error) {
	var updated sql.NullTime
	var state string
	err := s.sql.QueryRowContext(ctx, `SELECT external_updated_at, state FROM support_issues WHERE external_key = $1`, key).
		Scan(&updated, &state)
	if err == sql.ErrNoRows || (err == nil && key == "") {
		return time.Time{}, false, notFound("no issue has the external key %q", key)
	}
	if err != nil {
		return time.Time{}, false, translate(err, "read an external issue")
	}
	return updated.Time.UTC(), state == "closed", nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
