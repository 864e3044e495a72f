package inventory

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Enrollment is a tool entering the inventory from another workflow (an
// intake decision), with what that workflow decided about it.
type Enrollment struct {
	Tool         Tool
	ADRs         []ADR         // design decisions, or retrospective ADRs of a handover
	Met          []string      // rubric criteria met, when the tool was assessed; nil if not
	Improvements []Improvement // the improvement plan, if any
	Source       string        // where it came from, e.g. "intake request 12", for the timeline
}

// Enroll adds a tool to the inventory inside the caller's transaction, with
// its ADRs, assessment and improvement plan, each on its timeline. The caller
// has checked permissions; Enroll checks the data.
func (s *Service) Enroll(ctx context.Context, tx Tx, actor core.Actor, e Enrollment) (Tool, error) {
	t := e.Tool
	t.ID, t.OpenImprovements, t.Health = 0, 0, Unassessed
	if t.Stage == "" {
		t.Stage = Operational
	}
	var missing Missing
	var assessment Assessment
	if e.Met != nil {
		rub, err := rubricOf(ctx, tx)
		if err != nil {
			return Tool{}, err
		}
		// the ADRs enrolled with the tool are recorded: never missing
		if assessment, missing, err = Judge(rub, withADRs(rub, e.Met, e.ADRs), ""); err != nil {
			return Tool{}, err
		}
		t.Health = assessment.Health
	}
	if err := t.Validate(); err != nil {
		return Tool{}, err
	}
	if err := checkSunsetCategory(nil, t); err != nil {
		return Tool{}, err
	}
	for i := range e.ADRs {
		if e.ADRs[i].Status == "" {
			e.ADRs[i].Status = ADRAccepted
		}
		if err := e.ADRs[i].Validate(); err != nil {
			return Tool{}, prefixed(err, fmt.Sprintf("adrs[%d]", i))
		}
	}
	for i := range e.Improvements {
		if err := e.Improvements[i].Validate(); err != nil {
			return Tool{}, prefixed(err, fmt.Sprintf("improvements[%d]", i))
		}
	}
	summary := "added to the inventory"
	if e.Source != "" {
		summary += " from " + e.Source
	}
	if err := s.insertTool(ctx, tx, actor, &t, "tool.created", summary); err != nil {
		return Tool{}, err
	}
	if e.Met != nil {
		assessment.ToolID, assessment.AssessedBy, assessment.AssessedAt = t.ID, actor.Username, s.clock.Now()
		if err := tx.InsertAssessment(ctx, &assessment); err != nil {
			return Tool{}, err
		}
		if err := tx.Append(ctx, core.Event{
			Subject: toolSubject(t.ID), Type: "tool.assessed", Actor: actor.Username, At: assessment.AssessedAt,
			Summary: assessmentSummary(assessment, missing),
			Data:    map[string]any{"met": assessment.Met, "health": assessment.Health, "missing_for": missing.Level},
		}); err != nil {
			return Tool{}, err
		}
	}
	for i := range e.ADRs {
		if err := s.insertADR(ctx, tx, actor, t.ID, &e.ADRs[i]); err != nil {
			return Tool{}, err
		}
	}
	if len(e.Improvements) > 0 {
		return s.addImprovements(ctx, tx, actor, t.ID, e.Improvements)
	}
	return tx.Tool(ctx, t.ID)
}

// prefixed moves the field errors of err under a prefix, so that the bad
// field of the third ADR reads adrs[2].title.
func prefixed(err error, prefix string) error {
	ce, ok := err.(*core.Error)
	if !ok {
		return err
	}
	var p core.Problems
	p.Merge(prefix, ce.Fields)
	return p.Err(ce.Message)
}
