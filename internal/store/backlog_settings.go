package store

import (
	"context"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// The settings keys of the backlog.
const (
	keyBacklogProcess    = "backlog.process"
	keyBacklogSettings   = "backlog.settings"
	keyBacklogGroups     = "backlog.groups"
	keyBacklogPolicies   = "backlog.policies"
	keyBacklogLastTriage = "backlog.last_triage"
)

// BacklogSchemes lists every stored version of every custom scheme.
func (q queries) BacklogSchemes(ctx context.Context) ([]backlog.Scheme, error) {
	return all(ctx, q.q, "process schemes", `SELECT doc, version FROM backlog_schemes ORDER BY name, version`, nil,
		func(row scanner) (backlog.Scheme, error) {
			var raw string
			var s backlog.Scheme
			var v int
			if err := row.Scan(&raw, &v); err != nil {
				return s, err
			}
			if err := json.Unmarshal([]byte(raw), &s); err != nil {
				return s, core.Wrap(err, "decode a process scheme")
			}
			s.Version = v
			return s, nil
		})
}

// InsertBacklogScheme stores one version of a custom scheme.
func (q queries) InsertBacklogScheme(ctx context.Context, s backlog.Scheme, actor string, at time.Time) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return core.Wrap(err, "encode a process scheme")
	}
	_, err = q.q.ExecContext(ctx, `INSERT INTO backlog_schemes (name, version, doc, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
		s.Name, s.Version, string(raw), actor, ts(at))
	if core.IsCode(translate(err, ""), core.Conflict) {
		return core.Errorf(core.PreconditionFailed, "scheme %s was changed by someone else; read it again", s.Name)
	}
	return translate(err, "store a process scheme")
}

// versioned reads the setting under key into doc and its version into *version.
func (q queries) versioned(ctx context.Context, key string, doc any, version *int) error {
	v, err := q.setting(ctx, key, doc)
	*version = v
	return err
}

// saveVersioned stores doc under key if *version is still current and sets
// *version to the new version.
func (q queries) saveVersioned(ctx context.Context, key string, doc any, version *int, actor string, at time.Time) error {
	v, err := q.saveSetting(ctx, key, doc, *version, actor, at)
	*version = v
	return err
}

// BacklogProcess returns which scheme is active.
func (q queries) BacklogProcess(ctx context.Context) (backlog.ProcessState, error) {
	var p backlog.ProcessState
	err := q.versioned(ctx, keyBacklogProcess, &p, &p.Version)
	return p, err
}

// SaveBacklogProcess stores which scheme is active.
func (q queries) SaveBacklogProcess(ctx context.Context, p *backlog.ProcessState, actor string, at time.Time) error {
	return q.saveVersioned(ctx, keyBacklogProcess, p, &p.Version, actor, at)
}

// BacklogSettings returns the backlog settings.
func (q queries) BacklogSettings(ctx context.Context) (backlog.Settings, error) {
	var s backlog.Settings
	err := q.versioned(ctx, keyBacklogSettings, &s, &s.Version)
	return s, err
}

// SaveBacklogSettings stores the backlog settings.
func (q queries) SaveBacklogSettings(ctx context.Context, s *backlog.Settings, actor string, at time.Time) error {
	return q.saveVersioned(ctx, keyBacklogSettings, s, &s.Version, actor, at)
}

// BacklogGroups returns the mapping of group labels to managers.
func (q queries) BacklogGroups(ctx context.Context) (backlog.GroupMap, error) {
	var g backlog.GroupMap
	err := q.versioned(ctx, keyBacklogGroups, &g, &g.Version)
	return g, err
}

// SaveBacklogGroups stores the mapping of group labels to managers.
func (q queries) SaveBacklogGroups(ctx context.Context, g *backlog.GroupMap, actor string, at time.Time) error {
	return q.saveVersioned(ctx, keyBacklogGroups, g, &g.Version, actor, at)
}

// BacklogPolicies returns the triage policies.
func (q queries) BacklogPolicies(ctx context.Context) (backlog.Policies, error) {
	var p backlog.Policies
	err := q.versioned(ctx, keyBacklogPolicies, &p, &p.Version)
	return p, err
}

// SaveBacklogPolicies stores the triage policies.
func (q queries) SaveBacklogPolicies(ctx context.Context, p *backlog.Policies, actor string, at time.Time) error {
	return q.saveVersioned(ctx, keyBacklogPolicies, p, &p.Version, actor, at)
}

// BacklogPolicyMarks returns the keys of one-time policy actions done.
func (q queries) BacklogPolicyMarks(ctx context.Context) (map[string]bool, error) {
	marks, err := all(ctx, q.q, "policy marks", `SELECT mark FROM backlog_policy_marks`, nil, func(row scanner) (string, error) {
		var m string
		return m, row.Scan(&m)
	})
	out := make(map[string]bool, len(marks))
	for _, m := range marks {
		out[m] = true
	}
	return out, err
}

// MarkBacklogPolicy records that a one-time policy action was done.
func (q queries) MarkBacklogPolicy(ctx context.Context, mark string, at time.Time) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO backlog_policy_marks (mark, at) VALUES ($1, $2) ON CONFLICT (mark) DO NOTHING`, mark, ts(at))
	return translate(err, "record a policy mark")
}

type lastTriage struct {
	At time.Time `json:"at"`
}

// BacklogLastTriage is when triage last ran on its own.
func (q queries) BacklogLastTriage(ctx context.Context) (time.Time, error) {
	var l lastTriage
	_, err := q.setting(ctx, keyBacklogLastTriage, &l)
	if isNotFound(err) {
		return time.Time{}, nil
	}
	return l.At, err
}

// SaveBacklogLastTriage records when triage last ran on its own.
func (q queries) SaveBacklogLastTriage(ctx context.Context, at time.Time) error {
	var l lastTriage
	v, err := q.setting(ctx, keyBacklogLastTriage, &l)
	if err != nil && !isNotFound(err) {
		return err
	}
	_, err = q.saveSetting(ctx, keyBacklogLastTriage, lastTriage{At: ts(at)}, v, "interlock", at)
	return err
}

// BacklogTools describes every tool with the state of its newest sunset plan.
func (q queries) BacklogTools(ctx context.Context) (map[int64]backlog.ToolInfo, error) {
	rows, err := all(ctx, q.q, "tools", `SELECT t.id, t.name, t.stage, t.gitlab_project, t.epic_url,
		COALESCE((SELECT p.state FROM sunset_plans p WHERE p.tool_id = t.id ORDER BY p.id DESC LIMIT 1), '')
		FROM tools t ORDER BY t.id`, nil, func(row scanner) (backlog.ToolInfo, error) {
		var t backlog.ToolInfo
		return t, row.Scan(&t.ID, &t.Name, &t.Stage, &t.GitLabProject, &t.EpicURL, &t.SunsetState)
	})
	out := make(map[int64]backlog.ToolInfo, len(rows))
	for _, t := range rows {
		out[t.ID] = t
	}
	return out, err
}

// BacklogCoCreates lists every co-create.
func (q queries) BacklogCoCreates(ctx context.Context) ([]cocreate.CoCreate, error) {
	return all(ctx, q.q, "co-creates", `SELECT id, doc, version FROM cocreates ORDER BY id`, nil, func(row scanner) (cocreate.CoCreate, error) {
		var c cocreate.CoCreate
		var raw string
		var id int64
		var v int
		if err := row.Scan(&id, &raw, &v); err != nil {
			return c, err
		}
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return c, core.Wrap(err, "decode a co-create")
		}
		c.ID, c.Version = id, v
		return c, nil
	})
}
