package inventory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// checkCriterion refuses an improvement item linked to a criterion the
// rubric does not hold.
func checkCriterion(ctx context.Context, r RubricReader, id string) error {
	if id == "" {
		return nil
	}
	rub, err := rubricOf(ctx, r)
	if err != nil {
		return err
	}
	if len(rub.UnknownCriteria([]string{id})) > 0 {
		return invalidField("criterion_id", id, "is not a criterion of the rubric")
	}
	return nil
}

// CriterionFor links the title of an improvement item to the rubric
// criterion it closes: an item named by a criterion's id or description.
func CriterionFor(rub Rubric, title string) (string, bool) {
	title = strings.TrimSpace(title)
	for _, c := range rub.Criteria {
		d := c.Description
		if len(d) > MaxTitle {
			d = d[:MaxTitle-1] + "…"
		}
		if strings.EqualFold(title, c.ID) || title == d || title == c.Description {
			return c.ID, true
		}
	}
	return "", false
}

// meetCriterion records the criterion of a done improvement item as met:
// a new assessment from the latest one, and the health that follows.
func (s *Service) meetCriterion(ctx context.Context, tx Tx, actor core.Actor, before Tool, done Improvement) error {
	if done.CriterionID == "" {
		return nil
	}
	last, err := tx.LatestAssessment(ctx, before.ID)
	if core.IsCode(err, core.NotFound) || before.Health == Unassessed {
		return nil // never assessed: one criterion is no judgement of the whole
	}
	if err != nil {
		return err
	}
	if slices.Contains(last.Met, done.CriterionID) {
		return nil
	}
	rub, err := rubricOf(ctx, tx)
	if err != nil {
		return err
	}
	if len(rub.UnknownCriteria([]string{done.CriterionID})) > 0 {
		return nil // the rubric changed since: nothing to record against it
	}
	a, missing, err := Judge(rub, append(slices.Clone(last.Met), done.CriterionID), "")
	if err != nil {
		return err
	}
	a.ToolID, a.AssessedBy, a.AssessedAt = before.ID, actor.Username, s.clock.Now()
	a.Note = fmt.Sprintf("improvement %d done: %s", done.ID, done.Title)
	if err := tx.InsertAssessment(ctx, &a); err != nil {
		return err
	}
	after := before
	after.Health = a.Health
	if err := s.saveTool(ctx, tx, actor, before, &after, "tool.health_changed",
		fmt.Sprintf("health changed from %s to %s: criterion %s met by improvement %d", before.Health, after.Health,
			done.CriterionID, done.ID)); err != nil {
		return err
	}
	return tx.Append(ctx, core.Event{
		Subject: toolSubject(before.ID), Type: "tool.assessed", Actor: actor.Username, At: a.AssessedAt,
		Summary: assessmentSummary(a, missing),
		Data:    map[string]any{"met": a.Met, "health": a.Health, "missing_for": missing.Level, "note": a.Note},
	})
}

// ImprovementPriority is how an improvement item is prioritised (rule 18).
type ImprovementPriority struct {
	Priority  int    // ProdSecEngPriority 1-3, or 0 for none
	Milestone string // the target milestone
}

// PrioritiseImprovement sets an improvement item's priority and target
// milestone (manager: priorities are the team's decisions); it then shows
// in the priorities list.
func (s *Service) PrioritiseImprovement(ctx context.Context, actor core.Actor, toolID, id int64, in ImprovementPriority) (Improvement, error) {
	if err := actor.Require(core.PermManage, "prioritising an improvement"); err != nil {
		return Improvement{}, err
	}
	var im Improvement
	err := s.store.InTx(ctx, func(tx Tx) error {
		items, err := tx.Improvements(ctx, toolID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(items, func(x Improvement) bool { return x.ID == id })
		if i < 0 {
			return core.Errorf(core.NotFound, "tool %d has no improvement item %d", toolID, id)
		}
		im = items[i]
		im.Priority, im.Milestone = in.Priority, in.Milestone
		if err := im.Validate(); err != nil {
			return err
		}
		if err := tx.UpdateImprovement(ctx, &im); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{
			Subject: toolSubject(toolID), Type: "improvement.prioritised", Actor: actor.Username, At: s.clock.Now(),
			Summary: fmt.Sprintf("improvement %d prioritised: ProdSecEngPriority::%d, milestone %s", im.ID, im.Priority, orNone(im.Milestone)),
			Data:    map[string]any{"improvement_id": im.ID, "priority": im.Priority, "milestone": im.Milestone},
		})
	})
	return im, err
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
