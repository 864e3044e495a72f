package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

const rubricKey = "rubric"

// rubricDoc is the stored form of the rubric.
type rubricDoc struct {
	Criteria []struct {
		ID          string `json:"id"`
		Level       string `json:"level"`
		Description string `json:"description"`
	} `json:"criteria"`
}

// Rubric returns the stored rubric; NotFound on a new install.
func (q queries) Rubric(ctx context.Context) (inventory.Rubric, error) {
	var doc rubricDoc
	version, err := q.setting(ctx, rubricKey, &doc)
	if err != nil {
		return inventory.Rubric{}, err
	}
	r := inventory.Rubric{Version: version}
	for _, c := range doc.Criteria {
		r.Criteria = append(r.Criteria, inventory.Criterion{ID: c.ID, Level: inventory.Health(c.Level), Description: c.Description})
	}
	return r, nil
}

// SaveRubric stores the rubric if its version is still r.Version.
func (q queries) SaveRubric(ctx context.Context, r *inventory.Rubric, actor string, at time.Time) error {
	var doc rubricDoc
	for _, c := range r.Criteria {
		doc.Criteria = append(doc.Criteria, struct {
			ID          string `json:"id"`
			Level       string `json:"level"`
			Description string `json:"description"`
		}{c.ID, string(c.Level), c.Description})
	}
	v, err := q.saveSetting(ctx, rubricKey, doc, r.Version, actor, at)
	r.Version = v
	return err
}

// InsertAssessment stores an assessment.
func (q queries) InsertAssessment(ctx context.Context, a *inventory.Assessment) error {
	met, _ := json.Marshal(a.Met)
	err := q.q.QueryRowContext(ctx, `INSERT INTO assessments (tool_id, met, health, note, assessed_by, assessed_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		a.ToolID, string(met), a.Health, a.Note, a.AssessedBy, ts(a.AssessedAt)).Scan(&a.ID)
	return translate(err, "store an assessment")
}

// LatestAssessment returns a tool's newest assessment.
func (q queries) LatestAssessment(ctx context.Context, toolID int64) (inventory.Assessment, error) {
	a := inventory.Assessment{ToolID: toolID}
	var met string
	var at time.Time
	err := q.q.QueryRowContext(ctx, `SELECT id, met, health, note, assessed_by, assessed_at FROM assessments
		WHERE tool_id = $1 ORDER BY id DESC LIMIT 1`, toolID).Scan(&a.ID, &met, &a.Health, &a.Note, &a.AssessedBy, &at)
	if err == sql.ErrNoRows {
		return a, notFound("tool %d has not been assessed", toolID)
	}
	if err != nil {
		return a, translate(err, "read an assessment")
	}
	a.AssessedAt = at.UTC()
	if err := json.Unmarshal([]byte(met), &a.Met); err != nil {
		return a, core.Wrap(err, "decode an assessment")
	}
	return a, nil
}
