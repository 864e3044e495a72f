package store

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// The SLO report names every tool it counts and looks at every active tool
// for zombies: two reads of 10,000 tools per report. A database keeps one
// read of them, the tool directory, while the inventory's generation
// (tool_generation, taken by every write of a tool in its transaction)
// stays the same, so another process's or replica's writes are seen too.

// toolCache holds one database's tool directory; nil in a transaction,
// which reads the tools itself.
type toolCache struct {
	mu         sync.Mutex
	generation int64
	dir        *toolDirectory
}

// toolDirectory is what the reports read of every tool, by id. It does not
// change once read, so callers share it.
type toolDirectory struct {
	ids        []int64
	names      []string
	levels     []inventory.Criticality
	candidates []inventory.Tool // zombie candidates, as ZombieCandidates lists them
}

// bumpToolGeneration takes the inventory's next generation: every write of
// a tool or its stakeholders calls it in its transaction.
func (q queries) bumpToolGeneration(ctx context.Context) error {
	_, err := q.q.ExecContext(ctx, `UPDATE tool_generation SET generation = generation + 1 WHERE id = 1`)
	return translate(err, "count a change of the inventory")
}

// toolDirectory returns the directory of tools, read again when the
// inventory's generation has moved since it was read. It reads the
// generation first, so a write committed meanwhile is read again later
// rather than missed.
func (q queries) toolDirectory(ctx context.Context) (*toolDirectory, error) {
	var g int64
	if err := q.q.QueryRowContext(ctx, `SELECT generation FROM tool_generation WHERE id = 1`).Scan(&g); err != nil {
		return nil, translate(err, "read the inventory's generation")
	}
	c := q.tools
	c.mu.Lock()
	dir := c.dir
	if dir != nil && c.generation != g {
		dir = nil
	}
	c.mu.Unlock()
	if dir != nil {
		return dir, nil
	}
	dir, err := q.readToolDirectory(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.generation, c.dir = g, dir
	c.mu.Unlock()
	return dir, nil
}

// readToolDirectory reads every tool's id, name, criticality, stage and
// update time, and the stakeholders of the tools that have not ended.
func (q queries) readToolDirectory(ctx context.Context) (*toolDirectory, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT id, name, criticality, stage, updated_at FROM tools ORDER BY id`)
	if err != nil {
		return nil, translate(err, "read tools")
	}
	dir := &toolDirectory{}
	for rows.Next() {
		var t inventory.Tool
		var updated time.Time
		if err = rows.Scan(&t.ID, &t.Name, &t.Criticality, &t.Stage, &updated); err != nil {
			break
		}
		dir.ids, dir.names, dir.levels = append(dir.ids, t.ID), append(dir.names, t.Name), append(dir.levels, t.Criticality)
		if t.Stage != inventory.Retired && t.Stage != inventory.Transferred {
			dir.candidates = append(dir.candidates, inventory.Tool{ID: t.ID, Stage: t.Stage, UpdatedAt: updated.UTC()})
		}
	}
	rows.Close()
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return nil, translate(err, "read tools")
	}
	if len(dir.candidates) == 0 {
		return dir, nil
	}
	st, err := q.q.QueryContext(ctx, `SELECT tool_id, team FROM tool_stakeholders ORDER BY tool_id, position`)
	if err != nil {
		return nil, translate(err, "list stakeholders")
	}
	defer st.Close()
	c := dir.candidates
	for st.Next() {
		var id int64
		var team string
		if err := st.Scan(&id, &team); err != nil {
			return nil, translate(err, "read a stakeholder")
		}
		if i, ok := slices.BinarySearchFunc(c, id, func(t inventory.Tool, id int64) int { return cmp.Compare(t.ID, id) }); ok {
			c[i].StakeholderTeams = append(c[i].StakeholderTeams, team)
		}
	}
	return dir, translate(st.Err(), "list stakeholders")
}

// name fills in a report row's tool name and current criticality, rows
// in id order: i is where the previous row's tool was found.
func (d *toolDirectory) name(id int64, from int) (string, inventory.Criticality, int) {
	i, ok := slices.BinarySearch(d.ids[from:], id)
	if !ok {
		return "", "", from
	}
	return d.names[from+i], d.levels[from+i], from + i
}
