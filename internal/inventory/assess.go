package inventory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// MaxNote bounds the free-text note of an assessment.
const MaxNote = 5000

// Assess records which rubric criteria a tool meets and sets its health from
// them. version is the tool's version from If-Match, or 0 to skip the check.
func (s *Service) Assess(ctx context.Context, actor core.Actor, toolID int64, version int, met []string, note string) (AssessmentResult, error) {
	if err := actor.Require(core.PermEngineer, "assessing a tool"); err != nil {
		return AssessmentResult{}, err
	}
	var res AssessmentResult
	err := s.store.InTx(ctx, func(tx Tx) error {
		before, err := tx.Tool(ctx, toolID)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the tool", before.Version, version, false); err != nil {
			return err
		}
		rub, err := rubricOf(ctx, tx)
		if err != nil {
			return err
		}
		if met, err = withRecordedADRs(ctx, tx, rub, toolID, met); err != nil {
			return err
		}
		a, missing, err := Judge(rub, met, note)
		if err != nil {
			return err
		}
		a.ToolID, a.AssessedBy, a.AssessedAt = toolID, actor.Username, s.clock.Now()
		if err := tx.InsertAssessment(ctx, &a); err != nil {
			return err
		}
		after := before
		after.Health = a.Health
		if err := s.saveTool(ctx, tx, actor, before, &after, "tool.health_changed",
			fmt.Sprintf("health changed from %s to %s", before.Health, after.Health)); err != nil {
			return err
		}
		res = AssessmentResult{Assessment: a, Missing: missing, Tool: after}
		return tx.Append(ctx, core.Event{
			Subject: toolSubject(toolID), Type: "tool.assessed", Actor: actor.Username, At: a.AssessedAt,
			Summary: assessmentSummary(a, missing),
			Data:    map[string]any{"met": a.Met, "health": a.Health, "missing_for": missing.Level, "note": note},
		})
	})
	return res, err
}

// ADRCriterion is the rubric criterion that key design decisions are
// recorded as ADRs; a tool with ADRs in interlock meets it without saying so.
const ADRCriterion = "adrs"

// withRecordedADRs adds the ADR criterion to met when the rubric has it and
// the tool has an ADR that is not superseded or rejected, so that recorded
// ADRs are never listed as missing.
func withRecordedADRs(ctx context.Context, tx ADRReader, rub Rubric, toolID int64, met []string) ([]string, error) {
	if slices.Contains(met, ADRCriterion) || len(rub.UnknownCriteria([]string{ADRCriterion})) > 0 {
		return met, nil
	}
	adrs, err := tx.ADRs(ctx, toolID)
	if err != nil {
		return nil, err
	}
	return withADRs(rub, met, adrs), nil
}

// withADRs adds the ADR criterion to met when the rubric has it and one of
// adrs is accepted (an ADR without a status is recorded as accepted).
func withADRs(rub Rubric, met []string, adrs []ADR) []string {
	if slices.Contains(met, ADRCriterion) || len(rub.UnknownCriteria([]string{ADRCriterion})) > 0 {
		return met
	}
	for _, a := range adrs {
		if a.Status == ADRAccepted || a.Status == "" {
			return append(slices.Clone(met), ADRCriterion)
		}
	}
	return met
}

// Judge turns the met criteria into an assessment against the rubric,
// refusing ids the rubric does not hold and listing what is missing for the
// next level.
func Judge(rub Rubric, met []string, note string) (Assessment, Missing, error) {
	var p core.Problems
	for i, id := range met {
		if slices.Contains(rub.UnknownCriteria([]string{id}), id) {
			p.Add(fieldIndex("met", i), "is not a criterion of the rubric", id)
		}
	}
	p.MaxLen("note", note, MaxNote)
	if err := p.Err("the assessment is not valid"); err != nil {
		return Assessment{}, Missing{}, err
	}
	met = slices.Compact(slices.Sorted(slices.Values(met)))
	health, missing := rub.Evaluate(met)
	return Assessment{Met: met, Health: health, Note: strings.TrimSpace(note)}, missing, nil
}

func assessmentSummary(a Assessment, m Missing) string {
	if m.Level == "" {
		return fmt.Sprintf("assessed %s: meets every criterion", a.Health)
	}
	return fmt.Sprintf("assessed %s: %d criteria missing for %s", a.Health, len(m.Criteria), m.Level)
}

// Assessment returns a tool's latest assessment and what it lacks for the
// next level against the current rubric.
func (s *Service) Assessment(ctx context.Context, actor core.Actor, toolID int64) (Assessment, Missing, error) {
	if _, err := s.Tool(ctx, actor, toolID); err != nil {
		return Assessment{}, Missing{}, err
	}
	a, err := s.store.LatestAssessment(ctx, toolID)
	if err != nil {
		return Assessment{}, Missing{}, err
	}
	rub, err := rubricOf(ctx, s.store)
	if err != nil {
		return Assessment{}, Missing{}, err
	}
	// ADRs recorded since the assessment are not missing either.
	met, err := withRecordedADRs(ctx, s.store, rub, toolID, a.Met)
	if err != nil {
		return Assessment{}, Missing{}, err
	}
	_, missing := rub.Evaluate(met)
	return a, missing, nil
}
