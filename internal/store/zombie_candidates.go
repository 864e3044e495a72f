package store

import (
	"context"
	"slices"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// ZombieCandidates lists every tool that has not ended, by id, with only
// what zombie detection reads: id, stage, updated_at and stakeholder teams.
// The SLO report looks at every tool for zombies; ActiveTools would read
// each whole, at ten times the cost.
func (q queries) ZombieCandidates(ctx context.Context) ([]inventory.Tool, error) {
	if q.tools != nil {
		dir, err := q.toolDirectory(ctx)
		if err != nil {
			return nil, err
		}
		return slices.Clone(dir.candidates), nil
	}
	tools, err := all(ctx, q.q, "tools", `SELECT id, stage, updated_at FROM tools WHERE stage NOT IN ($1, $2) ORDER BY id`,
		[]any{inventory.Retired, inventory.Transferred}, func(r scanner) (inventory.Tool, error) {
			var t inventory.Tool
			var updated time.Time
			err := r.Scan(&t.ID, &t.Stage, &updated)
			t.UpdatedAt = updated.UTC()
			return t, err
		})
	if err != nil || len(tools) == 0 {
		return tools, err
	}
	index := make(map[int64]int, len(tools))
	for i, t := range tools {
		index[t.ID] = i
	}
	rows, err := q.q.QueryContext(ctx, `SELECT tool_id, team FROM tool_stakeholders ORDER BY tool_id, position`)
	if err != nil {
		return nil, translate(err, "list stakeholders")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var team string
		if err := rows.Scan(&id, &team); err != nil {
			return nil, translate(err, "read a stakeholder")
		}
		if i, ok := index[id]; ok {
			tools[i].StakeholderTeams = append(tools[i].StakeholderTeams, team)
		}
	}
	return tools, translate(rows.Err(), "list stakeholders")
}
