package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

const issueColumns = `id, tool_id, title, kind, blocks, opened_at, reporter, external_url, external, state, assignee,
	triaged_at, recovered_at, closed_at, close_reason, level, commitment_note,
	slo_amount, slo_unit, slo_due_at, slo_at_risk_at, slo_state, slo_elapsed_s, slo_note,
	rto_amount, rto_unit, rto_due_at, rto_at_risk_at, rto_state, rto_elapsed_s, rto_note, time_spent_s, version`

// clockCols are one clock's columns as scanned.
type clockCols struct {
	amount    sql.NullInt64
	unit      sql.NullString
	due, risk sql.NullTime
	state     string
	elapsed   sql.NullInt64
	note      string
}

func (c *clockCols) dest() []any {
	return []any{&c.amount, &c.unit, &c.due, &c.risk, &c.state, &c.elapsed, &c.note}
}

func (c clockCols) clock() maintenance.Clock {
	out := maintenance.Clock{DueAt: nullTime(c.due), AtRisk: nullTime(c.risk), State: maintenance.ClockState(c.state), Note: c.note}
	if c.amount.Valid {
		out.Target = &inventory.Target{Amount: int(c.amount.Int64), Unit: inventory.Unit(c.unit.String)}
	}
	if c.elapsed.Valid {
		d := time.Duration(c.elapsed.Int64) * time.Second
		out.Elapsed = &d
	}
	return out
}

func clockArgs(c maintenance.Clock) []any {
	var amount, unit, elapsed any
	if c.Target != nil {
		amount, unit = c.Target.Amount, string(c.Target.Unit)
	}
	if c.Elapsed != nil {
		elapsed = int64(*c.Elapsed / time.Second)
	}
	return []any{amount, unit, tsPtr(c.DueAt), tsPtr(c.AtRisk), string(c.State), elapsed, c.Note}
}

func scanIssue(row scanner) (maintenance.Issue, error) {
	var is maintenance.Issue
	var opened time.Time
	var triaged, recovered, closed sql.NullTime
	var slo, rto clockCols
	var spent sql.NullInt64
	dest := []any{&is.ID, &is.ToolID, &is.Title, &is.Kind, &is.BlocksFunctionality, &opened, &is.Reporter, &is.ExternalURL,
		&is.External, &is.State, &is.Assignee, &triaged, &recovered, &closed, &is.CloseReason, &is.Level, &is.CommitmentNote}
	dest = append(append(append(dest, slo.dest()...), rto.dest()...), &spent, &is.Version)
	if err := row.Scan(dest...); err != nil {
		return is, err
	}
	is.OpenedAt = opened.UTC()
	is.TriagedAt, is.RecoveredAt, is.ClosedAt = nullTime(triaged), nullTime(recovered), nullTime(closed)
	is.SLO, is.RTO = slo.clock(), rto.clock()
	if spent.Valid {
		d := time.Duration(spent.Int64) * time.Second
		is.TimeSpent = &d
	}
	return is, nil
}

// Issue returns one issue of a tool.
func (q queries) Issue(ctx context.Context, toolID, id int64) (maintenance.Issue, error) {
	is, err := scanIssue(q.q.QueryRowContext(ctx, `SELECT `+issueColumns+` FROM support_issues WHERE id = $1 AND tool_id = $2`, id, toolID))
	if err == sql.ErrNoRows {
		return is, notFound("tool %d has no issue %d", toolID, id)
	}
	return is, translate(err, "read an issue")
}

// Issues lists issues by id after afterID. A clock filter walks the two
// state indexes and merges them, so that "every at-risk issue" stays fast
// however many issues are closed.
func (q queries) Issues(ctx context.Context, f maintenance.IssueFilter, afterID int64, limit int) ([]maintenance.Issue, error) {
	where, args := []string{"id > $1"}, []any{afterID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.ToolID != 0 {
		add("tool_id = ?", f.ToolID)
	}
	if f.State != "" {
		add("state = ?", f.State)
	}
	if f.NotClosed {
		add("state <> ?", maintenance.Closed)
	}
	if f.Kind != "" {
		add("kind = ?", f.Kind)
	}
	if f.Blocking != nil {
		add("blocks = ?", *f.Blocking)
	}
	if !f.OpenedSince.IsZero() {
		add("opened_at >= ?", ts(f.OpenedSince))
	}
	if f.Clock == "" {
		args = append(args, limit)
		return q.issues(ctx, `SELECT `+issueColumns+` FROM support_issues WHERE `+strings.Join(where, " AND ")+
			` ORDER BY id LIMIT $`+strconv.Itoa(len(args)), args...)
	}
	var ids []int64
	for _, col := range []string{"slo_state", "rto_state"} {
		branch, err := q.ids(ctx, `SELECT id FROM support_issues WHERE `+col+` = $`+strconv.Itoa(len(args)+1)+` AND `+
			strings.Join(where, " AND ")+` ORDER BY id LIMIT $`+strconv.Itoa(len(args)+2), append(slices.Clone(args), f.Clock, limit)...)
		if err != nil {
			return nil, err
		}
		ids = append(ids, branch...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return q.issuesByID(ctx, ids[:min(len(ids), limit)])
}

// ClocksDue lists open issues whose stored clock state is behind at now:
// each of the four conditions reads its own partial index.
func (q queries) ClocksDue(ctx context.Context, now time.Time, limit int) ([]maintenance.Issue, error) {
	var ids []int64
	for _, cond := range []string{
		`slo_state = 'running' AND slo_at_risk_at <= $1`,
		`slo_state IN ('running', 'at_risk') AND slo_due_at <= $1`,
		`rto_state = 'running' AND rto_at_risk_at <= $1`,
		`rto_state IN ('running', 'at_risk') AND rto_due_at <= $1`,
	} {
		branch, err := q.ids(ctx, `SELECT id FROM support_issues WHERE `+cond+` LIMIT $2`, ts(now), limit)
		if err != nil {
			return nil, err
		}
		ids = append(ids, branch...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return q.issuesByID(ctx, ids[:min(len(ids), limit)])
}

func (q queries) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	return all(ctx, q.q, "issues", query, args, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
}

// issuesByID reads the issues with these ids, in id order.
func (q queries) issuesByID(ctx context.Context, ids []int64) ([]maintenance.Issue, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = "$"+strconv.Itoa(i+1), id
	}
	return q.issues(ctx, `SELECT `+issueColumns+` FROM support_issues WHERE id IN (`+strings.Join(ph, ", ")+`) ORDER BY id`, args...)
}

// BreachesSince counts a tool's clocks breached since then (by deadline).
func (q queries) BreachesSince(ctx context.Context, toolID int64, since time.Time) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM support_issues WHERE tool_id = $1 AND slo_state = 'breached' AND slo_due_at >= $2) +
		(SELECT COUNT(*) FROM support_issues WHERE tool_id = $1 AND rto_state = 'breached' AND rto_due_at >= $2)`,
		toolID, ts(since)).Scan(&n)
	return n, translate(err, "count breaches")
}

// InsertIssue stores a new issue.
func (q queries) InsertIssue(ctx context.Context, is *maintenance.Issue) error {
	args := []any{is.ToolID, is.Title, is.Kind, is.BlocksFunctionality, ts(is.OpenedAt), is.Reporter, is.ExternalURL, is.External,
		is.State, is.Assignee, tsPtr(is.TriagedAt), tsPtr(is.RecoveredAt), tsPtr(is.ClosedAt), is.CloseReason, is.Level, is.CommitmentNote}
	args = append(append(args, clockArgs(is.SLO)...), clockArgs(is.RTO)...)
	args = append(args, secondsPtr(is.TimeSpent))
	ph := make([]string, len(args))
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	cols := strings.TrimSuffix(strings.TrimPrefix(issueColumns, "id, "), ", version")
	err := q.q.QueryRowContext(ctx, `INSERT INTO support_issues (`+cols+`, version) VALUES (`+strings.Join(ph, ", ")+`, 1) RETURNING id`,
		args...).Scan(&is.ID)
	is.Version = 1
	if err == nil {
		err = q.rollNewIssue(ctx, is)
	}
	return translate(err, "store an issue")
}

// UpdateIssue stores an issue's progress if its version is unchanged.
func (q queries) UpdateIssue(ctx context.Context, is *maintenance.Issue) error {
	args := []any{is.State, is.Assignee, tsPtr(is.TriagedAt), tsPtr(is.RecoveredAt), tsPtr(is.ClosedAt), is.CloseReason}
	args = append(append(args, clockArgs(is.SLO)...), clockArgs(is.RTO)...)
	args = append(args, is.ID, is.Version)
	before, err := q.rollIssueBefore(ctx, is.ID, is.Version)
	if err != nil {
		return err
	}
	res, err := q.q.ExecContext(ctx, `UPDATE support_issues SET state = $1, assignee = $2, triaged_at = $3, recovered_at = $4,
		closed_at = $5, close_reason = $6,
		slo_amount = $7, slo_unit = $8, slo_due_at = $9, slo_at_risk_at = $10, slo_state = $11, slo_elapsed_s = $12, slo_note = $13,
		rto_amount = $14, rto_unit = $15, rto_due_at = $16, rto_at_risk_at = $17, rto_state = $18, rto_elapsed_s = $19, rto_note = $20,
		version = version + 1 WHERE id = $21 AND version = $22`, args...)
	if err != nil {
		return translate(err, "update an issue")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return preconditionFailed("issue", is.ID)
	}
	is.Version++
	return q.rollChangedIssue(ctx, is.ID, before)
}

// secondsPtr stores an optional duration as whole seconds, or NULL.
func secondsPtr(d *time.Duration) any {
	if d == nil {
		return nil
	}
	return int64(*d / time.Second)
}

func (q queries) issues(ctx context.Context, query string, args ...any) ([]maintenance.Issue, error) {
	return all(ctx, q.q, "issues", query, args, scanIssue)
}
