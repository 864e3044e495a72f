package store

import (
	"context"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// ActiveTools lists every tool that has not been retired or transferred.
func (q queries) ActiveTools(ctx context.Context) ([]inventory.Tool, error) {
	out, err := all(ctx, q.q, "tools", `SELECT `+toolColumns+` FROM tools WHERE stage NOT IN ($1, $2) ORDER BY name_key`,
		[]any{inventory.Retired, inventory.Transferred}, scanTool)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(out); i += 500 {
		if err := q.loadStakeholders(ctx, out[i:min(i+500, len(out))]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// LastActivity is the time of each tool's newest timeline event.
func (q queries) LastActivity(ctx context.Context) (map[int64]time.Time, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT e.subject_id, e.at FROM events e JOIN
		(SELECT MAX(id) AS id FROM events WHERE subject_type = 'tool' GROUP BY subject_id) m ON e.id = m.id`)
	if err != nil {
		return nil, translate(err, "read activity")
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return nil, translate(err, "read activity")
		}
		out[id] = at.UTC()
	}
	return out, translate(rows.Err(), "read activity")
}

const scoreColumns = `id, tool_id, criticality, product_fit, maintainability, strategic_alignment, customer_value, notes, by_user, at`

func (q queries) scores(ctx context.Context, where string, args ...any) ([]maintenance.Scores, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+scoreColumns+` FROM tool_scores WHERE `+where, args...)
	if err != nil {
		return nil, translate(err, "read scores")
	}
	defer rows.Close()
	var out []maintenance.Scores
	for rows.Next() {
		var s maintenance.Scores
		var v [5]int
		var notes string
		var at time.Time
		if err := rows.Scan(&s.ID, &s.ToolID, &v[0], &v[1], &v[2], &v[3], &v[4], &notes, &s.By, &at); err != nil {
			return nil, translate(err, "read scores")
		}
		s.Values, s.At = map[maintenance.Criterion]int{}, at.UTC()
		for i, c := range maintenance.Criteria {
			s.Values[c] = v[i]
		}
		if err := json.Unmarshal([]byte(notes), &s.Notes); err != nil {
			return nil, core.Wrap(err, "decode score notes")
		}
		out = append(out, s)
	}
	return out, translate(rows.Err(), "read scores")
}

// LatestScores returns every tool's newest scores.
func (q queries) LatestScores(ctx context.Context) (map[int64]maintenance.Scores, error) {
	list, err := q.scores(ctx, `id IN (SELECT MAX(id) FROM tool_scores GROUP BY tool_id)`)
	out := make(map[int64]maintenance.Scores, len(list))
	for _, s := range list {
		out[s.ToolID] = s
	}
	return out, err
}

// ScoreHistory lists a tool's scores, oldest first.
func (q queries) ScoreHistory(ctx context.Context, toolID int64) ([]maintenance.Scores, error) {
	return q.scores(ctx, `tool_id = $1 ORDER BY id`, toolID)
}

// InsertScores stores a tool's new scores.
func (q queries) InsertScores(ctx context.Context, s *maintenance.Scores) error {
	notes, _ := json.Marshal(s.Notes)
	v := s.Values
	err := q.q.QueryRowContext(ctx, `INSERT INTO tool_scores (tool_id, criticality, product_fit, maintainability,
		strategic_alignment, customer_value, notes, by_user, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		s.ToolID, v[maintenance.Criticality], v[maintenance.ProductFit], v[maintenance.Maintainability],
		v[maintenance.StrategicAlignment], v[maintenance.CustomerValue], string(notes), s.By, ts(s.At)).Scan(&s.ID)
	return translate(err, "store scores")
}

func (q queries) weights(ctx context.Context, query string) ([]maintenance.Weights, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT id, weights, by_user, at FROM priority_weights `+query)
	if err != nil {
		return nil, translate(err, "read weights")
	}
	defer rows.Close()
	var out []maintenance.Weights
	for rows.Next() {
		var w maintenance.Weights
		var raw string
		var at time.Time
		if err := rows.Scan(&w.ID, &raw, &w.By, &at); err != nil {
			return nil, translate(err, "read weights")
		}
		w.At = at.UTC()
		if err := json.Unmarshal([]byte(raw), &w.Values); err != nil {
			return nil, core.Wrap(err, "decode weights")
		}
		out = append(out, w)
	}
	return out, translate(rows.Err(), "read weights")
}

// LatestWeights returns the newest weights; NotFound when never set.
func (q queries) LatestWeights(ctx context.Context) (maintenance.Weights, error) {
	list, err := q.weights(ctx, `ORDER BY id DESC LIMIT 1`)
	if err != nil {
		return maintenance.Weights{}, err
	}
	if len(list) == 0 {
		return maintenance.Weights{}, notFound("no weights were set")
	}
	return list[0], nil
}

// WeightHistory lists every weighting, oldest first.
func (q queries) WeightHistory(ctx context.Context) ([]maintenance.Weights, error) {
	return q.weights(ctx, `ORDER BY id`)
}

// InsertWeights stores new weights.
func (q queries) InsertWeights(ctx context.Context, w *maintenance.Weights) error {
	raw, _ := json.Marshal(w.Values)
	err := q.q.QueryRowContext(ctx, `INSERT INTO priority_weights (weights, by_user, at) VALUES ($1, $2, $3) RETURNING id`,
		string(raw), w.By, ts(w.At)).Scan(&w.ID)
	return translate(err, "store weights")
}
