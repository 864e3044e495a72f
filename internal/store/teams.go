package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/teams"
)

const teamColumns = `id, name, email, chat_webhook_url, gitlab_group, version, updated_by, updated_at`

func scanTeam(row scanner) (teams.Team, error) {
	var t teams.Team
	var at time.Time
	err := row.Scan(&t.ID, &t.Name, &t.Email, &t.ChatWebhookURL, &t.GitLabGroup, &t.Version, &t.UpdatedBy, &at)
	t.UpdatedAt = at.UTC()
	return t, err
}

// DefinedTeam returns the defined team of a lower-cased name.
func (q queries) DefinedTeam(ctx context.Context, key string) (teams.Team, error) {
	t, err := scanTeam(q.q.QueryRowContext(ctx, `SELECT `+teamColumns+` FROM teams WHERE name_key = $1`, key))
	if err == sql.ErrNoRows {
		return t, notFound("there is no team %q", key)
	}
	if err != nil {
		return t, translate(err, "read a team")
	}
	t.Members, err = q.teamMembers(ctx, t.ID)
	return t, err
}

// DefinedTeams lists every defined team with its members.
func (q queries) DefinedTeams(ctx context.Context) ([]teams.Team, error) {
	list, err := all(ctx, q.q, "teams", `SELECT `+teamColumns+` FROM teams ORDER BY name_key`, nil, scanTeam)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Members, err = q.teamMembers(ctx, list[i].ID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func (q queries) teamMembers(ctx context.Context, id int64) ([]string, error) {
	m, err := all(ctx, q.q, "team members", `SELECT username FROM team_members WHERE team_id = $1 ORDER BY username`,
		[]any{id}, func(r scanner) (string, error) {
			var s string
			return s, r.Scan(&s)
		})
	if m == nil {
		m = []string{}
	}
	return m, err
}

// TeamNamesInUse lists the distinct team names that tools, stakeholders and
// requests use.
func (q queries) TeamNamesInUse(ctx context.Context) ([]string, error) {
	return all(ctx, q.q, "team names", `SELECT owner_team FROM tools
		UNION SELECT team FROM tool_stakeholders
		UNION SELECT requesting_team FROM requests`, nil, func(r scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
}

// MissingUsernames returns those of names that are not users.
func (q queries) MissingUsernames(ctx context.Context, names []string) ([]string, error) {
	var missing []string
	for _, n := range names {
		var one int
		err := q.q.QueryRowContext(ctx, `SELECT 1 FROM users WHERE username = $1`, n).Scan(&one)
		if err == sql.ErrNoRows {
			missing = append(missing, n)
			continue
		}
		if err != nil {
			return nil, translate(err, "look up a user")
		}
	}
	return missing, nil
}

// InsertTeam stores a new team and its members.
func (q queries) InsertTeam(ctx context.Context, t *teams.Team) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO teams (name, name_key, email, chat_webhook_url, gitlab_group, version,
		updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING id`, t.Name, teams.Key(t.Name), t.Email,
		t.ChatWebhookURL, t.GitLabGroup, t.UpdatedBy, ts(t.UpdatedAt)).Scan(&t.ID)
	if err != nil {
		return translate(err, "add a team")
	}
	t.Version = 1
	return q.setTeamMembers(ctx, t)
}

// UpdateTeam stores a team and its members if its version is unchanged.
func (q queries) UpdateTeam(ctx context.Context, t *teams.Team) error {
	res, err := q.q.ExecContext(ctx, `UPDATE teams SET name = $1, email = $2, chat_webhook_url = $3, gitlab_group = $4,
		updated_by = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8`,
		t.Name, t.Email, t.ChatWebhookURL, t.GitLabGroup, t.UpdatedBy, ts(t.UpdatedAt), t.ID, t.Version)
	if err != nil {
		return translate(err, "update a team")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return core.Errorf(core.PreconditionFailed, "team %s was changed by someone else; read it again", t.Name)
	}
	t.Version++
	return q.setTeamMembers(ctx, t)
}

func (q queries) setTeamMembers(ctx context.Context, t *teams.Team) error {
	if _, err := q.q.ExecContext(ctx, `DELETE FROM team_members WHERE team_id = $1`, t.ID); err != nil {
		return translate(err, "update team members")
	}
	for _, m := range t.Members {
		if _, err := q.q.ExecContext(ctx, `INSERT INTO team_members (team_id, username) VALUES ($1, $2)`,
			t.ID, strings.ToLower(m)); err != nil {
			return translate(err, "update team members")
		}
	}
	return nil
}

type teamsStore struct{ *DB }

// TeamsStore returns the store of teams.
func (db *DB) TeamsStore() teams.Store { return teamsStore{db} }

func (s teamsStore) InTx(ctx context.Context, fn func(teams.Tx) error) error {
	return s.withTx(ctx, func(tx *Tx) error { return fn(tx) })
}

var _ teams.Tx = (*Tx)(nil)
