package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

const externalLinkColumns = `id, tool_id, external_key, external_ref, external_updated_at, external_clocks_from`

func scanExternalLink(row scanner) (maintenance.ExternalLink, error) {
	var l maintenance.ExternalLink
	var updated, from sql.NullTime
	err := row.Scan(&l.IssueID, &l.ToolID, &l.Key, &l.Ref, &updated, &from)
	if updated.Valid {
		l.UpdatedAt = updated.Time.UTC()
	}
	if from.Valid {
		l.ClocksFrom = from.Time.UTC()
	}
	return l, err
}

// ExternalLink returns the link of an outside issue's key.
func (q queries) ExternalLink(ctx context.Context, key string) (maintenance.ExternalLink, error) {
	if key == "" {
		return maintenance.ExternalLink{}, notFound("no issue has an empty external key")
	}
	l, err := scanExternalLink(q.q.QueryRowContext(ctx, `SELECT `+externalLinkColumns+` FROM support_issues WHERE external_key = $1`, key))
	if err == sql.ErrNoRows {
		return l, notFound("no issue has the external key %q", key)
	}
	return l, translate(err, "read an external issue")
}

// ExternalLinkOf returns the link of a support issue.
func (q queries) ExternalLinkOf(ctx context.Context, issueID int64) (maintenance.ExternalLink, error) {
	l, err := scanExternalLink(q.q.QueryRowContext(ctx, `SELECT `+externalLinkColumns+` FROM support_issues
		WHERE id = $1 AND external_key <> ''`, issueID))
	if err == sql.ErrNoRows {
		return l, notFound("issue %d has no external key", issueID)
	}
	return l, translate(err, "read an external issue")
}

// OpenExternalLinks lists the open issues whose key starts with prefix.
func (q queries) OpenExternalLinks(ctx context.Context, prefix string) ([]maintenance.ExternalLink, error) {
	if prefix == "" {
		return nil, nil
	}
	// a range on the unique index rather than LIKE, whose wildcards the key may hold
	return all(ctx, q.q, "external issues", `SELECT `+externalLinkColumns+` FROM support_issues
		WHERE external_key >= $1 AND external_key < $2 AND state <> 'closed' ORDER BY id`,
		[]any{prefix, prefix + "\U0010FFFF"}, scanExternalLink)
}

// SaveExternalLink sets an issue's external key, ref and updated_at.
func (q queries) SaveExternalLink(ctx context.Context, l maintenance.ExternalLink) error {
	res, err := q.q.ExecContext(ctx, `UPDATE support_issues SET external_key = $1, external_ref = $2, external_updated_at = $3,
		external_clocks_from = $4 WHERE id = $5`, strings.TrimSpace(l.Key), l.Ref, optionalTime(l.UpdatedAt), optionalTime(l.ClocksFrom), l.IssueID)
	if err != nil {
		return translate(err, "link an external issue")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("no issue %d", l.IssueID)
	}
	return nil
}

// UpdateIssueDetails stores everything an outside tracker may change on an
// issue if its version is unchanged.
func (q queries) UpdateIssueDetails(ctx context.Context, is *maintenance.Issue) error {
	args := []any{is.Title, is.Kind, is.BlocksFunctionality, is.ExternalURL, is.Level, is.CommitmentNote, is.State, is.Assignee,
		tsPtr(is.TriagedAt), tsPtr(is.RecoveredAt), tsPtr(is.ClosedAt), is.CloseReason}
	args = append(append(args, clockArgs(is.SLO)...), clockArgs(is.RTO)...)
	args = append(args, secondsPtr(is.TimeSpent), is.ID, is.Version)
	before, err := q.rollIssueBefore(ctx, is.ID, is.Version)
	if err != nil {
		return err
	}
	res, err := q.q.ExecContext(ctx, `UPDATE support_issues SET title = $1, kind = $2, blocks = $3, external_url = $4,
		level = $5, commitment_note = $6, state = $7, assignee = $8, triaged_at = $9, recovered_at = $10,
		closed_at = $11, close_reason = $12,
		slo_amount = $13, slo_unit = $14, slo_due_at = $15, slo_at_risk_at = $16, slo_state = $17, slo_elapsed_s = $18, slo_note = $19,
		rto_amount = $20, rto_unit = $21, rto_due_at = $22, rto_at_risk_at = $23, rto_state = $24, rto_elapsed_s = $25, rto_note = $26,
		time_spent_s = $27, version = version + 1 WHERE id = $28 AND version = $29`, args...)
	if err != nil {
		return translate(err, "update an issue")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return preconditionFailed("issue", is.ID)
	}
	is.Version++
	return q.rollChangedIssue(ctx, is.ID, before)
}

// optionalTime stores a zero time as NULL.
func optionalTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ts(t)
}
