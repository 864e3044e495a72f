package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

const toolColumns = `id, name, summary, owner_team, repository_url, gitlab_project, criticality, category,
	stage, epic_url, milestone, health, version, created_at, updated_at,
	(SELECT COUNT(*) FROM improvements i WHERE i.tool_id = tools.id AND i.done_at IS NULL)`

func scanTool(row scanner) (inventory.Tool, error) {
	var t inventory.Tool
	var created, updated time.Time
	err := row.Scan(&t.ID, &t.Name, &t.Summary, &t.OwnerTeam, &t.RepositoryURL, &t.GitLabProject,
		&t.Criticality, &t.Category, &t.Stage, &t.EpicURL, &t.Milestone, &t.Health, &t.Version,
		&created, &updated, &t.OpenImprovements)
	t.CreatedAt, t.UpdatedAt = created.UTC(), updated.UTC()
	return t, err
}

// Tool returns one tool with its stakeholder teams.
func (q queries) Tool(ctx context.Context, id int64) (inventory.Tool, error) {
	t, err := scanTool(q.q.QueryRowContext(ctx, `SELECT `+toolColumns+` FROM tools WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return t, notFound("there is no tool %d", id)
	}
	if err != nil {
		return t, translate(err, "read a tool")
	}
	tools := []inventory.Tool{t}
	if err := q.loadStakeholders(ctx, tools); err != nil {
		return t, err
	}
	return tools[0], nil
}

// Tools lists tools ordered by lower-cased name after the key afterName,
// or by the filter's sort and then the name, after (f.SortAfter, afterName).
func (q queries) Tools(ctx context.Context, f inventory.Filter, afterName string, limit int) ([]inventory.Tool, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	order := toolOrder(f.Sort)
	if order == "name_key" {
		where = append(where, "name_key > "+arg(afterName))
	} else if afterName != "" {
		var after any = f.SortAfter
		if f.Sort.SortRanks() != nil {
			after, _ = strconv.Atoi(f.SortAfter)
		}
		where = append(where, "("+order+" > "+arg(after)+" OR ("+order+" = "+arg(after)+" AND name_key > "+arg(afterName)+"))")
	}
	eq := func(col, v string) {
		if v != "" {
			where = append(where, col+" = "+arg(v))
		}
	}
	eq("category", string(f.Category))
	eq("criticality", string(f.Criticality))
	eq("stage", string(f.Stage))
	eq("health", string(f.Health))
	if f.Name != "" {
		where = append(where, "name_key = "+arg(strings.ToLower(strings.TrimSpace(f.Name))))
	}
	if f.OwnerTeam != "" {
		where = append(where, "LOWER(owner_team) = "+arg(strings.ToLower(f.OwnerTeam)))
	}
	if f.Stakeholder != "" {
		where = append(where, "EXISTS (SELECT 1 FROM tool_stakeholders s WHERE s.tool_id = tools.id AND LOWER(s.team) = "+
			arg(strings.ToLower(f.Stakeholder))+")")
	}
	if f.Text != "" {
		p := arg("%" + likeEscape(strings.ToLower(f.Text)) + "%")
		where = append(where, "(name_key LIKE "+p+" ESCAPE '\\' OR LOWER(summary) LIKE "+p+" ESCAPE '\\' OR LOWER(owner_team) LIKE "+p+" ESCAPE '\\')")
	}
	orderBy := "name_key"
	if order != "name_key" {
		orderBy = order + ", name_key"
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, " AND ")
	}
	query := `SELECT ` + toolColumns + ` FROM tools` + cond + ` ORDER BY ` + orderBy + ` LIMIT ` + arg(limit)
	out, err := all(ctx, q.q, "tools", query, args, scanTool)
	if err != nil {
		return nil, err
	}
	return out, q.loadStakeholders(ctx, out)
}

// toolOrder is the SQL expression a sort of the inventory orders by before
// the name: an enum column's rank (a CASE over its values in order), the
// lower-cased owner team, or the name key itself.
func toolOrder(s inventory.ToolSort) string {
	col := map[inventory.ToolSort]string{inventory.SortByCriticality: "criticality", inventory.SortByHealth: "health",
		inventory.SortByStage: "stage", inventory.SortByCategory: "category"}[s]
	if ranks := s.SortRanks(); col != "" && ranks != nil {
		var b strings.Builder
		b.WriteString("CASE " + col)
		for i, v := range ranks {
			b.WriteString(" WHEN '" + v + "' THEN " + strconv.Itoa(i)) // enum values are the code's own constants
		}
		b.WriteString(" ELSE " + strconv.Itoa(len(ranks)) + " END")
		return b.String()
	}
	if s == inventory.SortByOwner {
		return "LOWER(owner_team)"
	}
	return "name_key"
}

// loadStakeholders fills in the stakeholder teams of the tools in one query.
func (q queries) loadStakeholders(ctx context.Context, tools []inventory.Tool) error {
	if len(tools) == 0 {
		return nil
	}
	index := make(map[int64]int, len(tools))
	ph := make([]string, len(tools))
	args := make([]any, len(tools))
	for i, t := range tools {
		index[t.ID] = i
		ph[i] = "$" + strconv.Itoa(i+1)
		args[i] = t.ID
	}
	rows, err := q.q.QueryContext(ctx, `SELECT tool_id, team FROM tool_stakeholders WHERE tool_id IN (`+
		strings.Join(ph, ", ")+`) ORDER BY tool_id, position`, args...)
	if err != nil {
		return translate(err, "list stakeholders")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var team string
		if err := rows.Scan(&id, &team); err != nil {
			return translate(err, "read a stakeholder")
		}
		t := &tools[index[id]]
		t.StakeholderTeams = append(t.StakeholderTeams, team)
	}
	return translate(rows.Err(), "list stakeholders")
}

// InsertTool stores a new tool; a name taken (in any case) is a conflict on the name field.
func (q queries) InsertTool(ctx context.Context, t *inventory.Tool, actor string) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO tools (name, name_key, summary, owner_team, repository_url,
		gitlab_project, criticality, category, stage, epic_url, milestone, health, version,
		created_by, created_at, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $13, $15) RETURNING id`,
		t.Name, strings.ToLower(t.Name), t.Summary, t.OwnerTeam, t.RepositoryURL, t.GitLabProject,
		t.Criticality, t.Category, t.Stage, t.EpicURL, t.Milestone, t.Health,
		actor, ts(t.CreatedAt), ts(t.UpdatedAt)).Scan(&t.ID)
	if err != nil {
		return nameConflict(translate(err, "add a tool"), t.Name)
	}
	t.Version = 1
	if err := q.bumpToolGeneration(ctx); err != nil {
		return err
	}
	return q.saveStakeholders(ctx, t)
}

// UpdateTool stores t if the stored version is still t.Version.
func (q queries) UpdateTool(ctx context.Context, t *inventory.Tool, actor string) error {
	res, err := q.q.ExecContext(ctx, `UPDATE tools SET name = $1, name_key = $2, summary = $3, owner_team = $4,
		repository_url = $5, gitlab_project = $6, criticality = $7, category = $8, stage = $9, epic_url = $10,
		milestone = $11, health = $12, version = version + 1, updated_by = $13, updated_at = $14
		WHERE id = $15 AND version = $16`,
		t.Name, strings.ToLower(t.Name), t.Summary, t.OwnerTeam, t.RepositoryURL, t.GitLabProject,
		t.Criticality, t.Category, t.Stage, t.EpicURL, t.Milestone, t.Health, actor, ts(t.UpdatedAt),
		t.ID, t.Version)
	if err != nil {
		return nameConflict(translate(err, "update a tool"), t.Name)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := q.Tool(ctx, t.ID); err != nil {
			return err
		}
		return core.Errorf(core.PreconditionFailed, "tool %d was changed by someone else; read it again and retry", t.ID)
	}
	t.Version++
	if err := q.bumpToolGeneration(ctx); err != nil {
		return err
	}
	if _, err := q.q.ExecContext(ctx, `DELETE FROM tool_stakeholders WHERE tool_id = $1`, t.ID); err != nil {
		return translate(err, "update stakeholders")
	}
	return q.saveStakeholders(ctx, t)
}

func (q queries) saveStakeholders(ctx context.Context, t *inventory.Tool) error {
	for i, team := range t.StakeholderTeams {
		if _, err := q.q.ExecContext(ctx, `INSERT INTO tool_stakeholders (tool_id, position, team) VALUES ($1, $2, $3)`,
			t.ID, i, team); err != nil {
			return translate(err, "store a stakeholder")
		}
	}
	return nil
}

func nameConflict(err error, name string) error {
	if core.IsCode(err, core.Conflict) {
		return &core.Error{Code: core.Conflict, Message: "a tool with that name already exists", Err: err,
			Fields: []core.FieldError{{Field: "name", Message: "is already the name of a tool (names are unique regardless of case)", Value: name}}}
	}
	return err
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
