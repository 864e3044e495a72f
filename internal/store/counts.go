package store

import (
	"context"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// IssueStateCounts counts the support issues in each state, in one query.
func (q queries) IssueStateCounts(ctx context.Context) (map[maintenance.IssueState]int, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT state, COUNT(*) FROM support_issues GROUP BY state`)
	if err != nil {
		return nil, translate(err, "count issues")
	}
	defer rows.Close()
	out := map[maintenance.IssueState]int{}
	for rows.Next() {
		var st maintenance.IssueState
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, translate(err, "count issues")
		}
		out[st] = n
	}
	return out, translate(rows.Err(), "count issues")
}

// ToolNames reads the names of the tools with these ids, in one query; an
// id of no tool is left out.
func (q queries) ToolNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ph, args := make([]string, len(ids)), make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = "$"+strconv.Itoa(i+1), id
	}
	rows, err := q.q.QueryContext(ctx, `SELECT id, name FROM tools WHERE id IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, translate(err, "read tool names")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, translate(err, "read tool names")
		}
		out[id] = name
	}
	return out, translate(rows.Err(), "read tool names")
}
