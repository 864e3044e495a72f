package inventory

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Improvements lists a tool's improvement plan, open and done.
func (s *Service) Improvements(ctx context.Context, actor core.Actor, toolID int64) ([]Improvement, error) {
	if _, err := s.Tool(ctx, actor, toolID); err != nil {
		return nil, err
	}
	return s.store.Improvements(ctx, toolID)
}

// AddImprovement adds an item to a tool's improvement plan. While any item
// is open the tool's commitment is one level lower (rule 10).
func (s *Service) AddImprovement(ctx context.Context, actor core.Actor, toolID int64, im Improvement) (Improvement, error) {
	if err := actor.Require(core.PermEngineer, "planning improvements"); err != nil {
		return Improvement{}, err
	}
	if err := im.Validate(); err != nil {
		return Improvement{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := checkCriterion(ctx, tx, im.CriterionID); err != nil {
			return err
		}
		items := []Improvement{im}
		_, err := s.addImprovements(ctx, tx, actor, toolID, items)
		im = items[0]
		return err
	})
	return im, err
}

// addImprovements stores items of a tool's improvement plan inside tx, with
// their events and the commitment message if the plan lowers it.
func (s *Service) addImprovements(ctx context.Context, tx Tx, actor core.Actor, toolID int64, items []Improvement) (Tool, error) {
	before, err := tx.Tool(ctx, toolID)
	if err != nil {
		return Tool{}, err
	}
	now := s.clock.Now()
	for i := range items {
		im := &items[i]
		im.ToolID, im.CreatedBy, im.CreatedAt, im.DoneAt = toolID, actor.Username, now, nil
		if err := tx.InsertImprovement(ctx, im); err != nil {
			return Tool{}, err
		}
		if err := tx.Append(ctx, core.Event{
			Subject: toolSubject(toolID), Type: "improvement.planned", Actor: actor.Username, At: now,
			Summary: "improvement planned: " + im.Title,
			Data:    map[string]any{"improvement_id": im.ID, "title": im.Title, "criterion": im.CriterionID, "url": im.URL},
		}); err != nil {
			return Tool{}, err
		}
		if err := s.queueImprovement(ctx, tx, before, *im); err != nil {
			return Tool{}, err
		}
	}
	return s.afterPlanChange(ctx, tx, before)
}

// CompleteImprovement marks an item of the plan done; when the last open one
// is done, the commitment returns to its level. An item linked to a rubric
// criterion records the criterion as met, so that the tool's health follows
// (rule 17 of issue 14): the plan's items are the gaps against the rubric.
func (s *Service) CompleteImprovement(ctx context.Context, actor core.Actor, toolID, id int64) (Improvement, error) {
	if err := actor.Require(core.PermEngineer, "completing an improvement"); err != nil {
		return Improvement{}, err
	}
	var done Improvement
	err := s.store.InTx(ctx, func(tx Tx) error {
		before, err := tx.Tool(ctx, toolID)
		if err != nil {
			return err
		}
		items, err := tx.Improvements(ctx, toolID)
		if err != nil {
			return err
		}
		found := false
		for _, im := range items {
			if im.ID == id {
				done, found = im, true
			}
		}
		if !found {
			return core.Errorf(core.NotFound, "tool %d has no improvement item %d", toolID, id)
		}
		if done.DoneAt != nil {
			return core.Errorf(core.Conflict, "improvement item %d was already done on %s: there is nothing left to complete", id, done.DoneAt.Format("2006-01-02"))
		}
		now := s.clock.Now()
		done.DoneAt = &now
		if err := tx.UpdateImprovement(ctx, &done); err != nil {
			return err
		}
		if err := tx.Append(ctx, core.Event{
			Subject: toolSubject(toolID), Type: "improvement.done", Actor: actor.Username, At: now,
			Summary: "improvement done: " + done.Title, Data: map[string]any{"improvement_id": id, "criterion": done.CriterionID},
		}); err != nil {
			return err
		}
		if err := s.meetCriterion(ctx, tx, actor, before, done); err != nil {
			return err
		}
		_, err = s.afterPlanChange(ctx, tx, before)
		return err
	})
	return done, err
}

// afterPlanChange re-reads the tool after its plan changed and tells its
// teams if the commitment moved.
func (s *Service) afterPlanChange(ctx context.Context, tx Tx, before Tool) (Tool, error) {
	after, err := tx.Tool(ctx, before.ID)
	if err != nil {
		return Tool{}, err
	}
	msgs := commitmentMessage(before, after)
	for i := range msgs {
		msgs[i].CreatedAt = s.clock.Now()
		msgs[i].Body += fmt.Sprintf("\nOpen improvement items: %d.", after.OpenImprovements)
	}
	return after, tx.Enqueue(ctx, msgs...)
}
