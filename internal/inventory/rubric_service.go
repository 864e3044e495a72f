package inventory

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Rubric returns the rubric tools are assessed against.
func (s *Service) Rubric(ctx context.Context, actor core.Actor) (Rubric, error) {
	if err := actor.Require(core.PermRead, "reading the rubric"); err != nil {
		return Rubric{}, err
	}
	return rubricOf(ctx, s.store)
}

// SetRubric replaces the rubric. version is the rubric's version from
// If-Match (0 to skip the check). Existing assessments keep their health:
// they were judged against the rubric of their time.
func (s *Service) SetRubric(ctx context.Context, actor core.Actor, version int, r Rubric) (Rubric, error) {
	if err := actor.Require(core.PermAdminister, "changing the rubric"); err != nil {
		return Rubric{}, err
	}
	if err := r.Validate(); err != nil {
		return Rubric{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		cur, err := rubricOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the rubric", cur.Version, version, true); err != nil {
			return err
		}
		r.Version = cur.Version
		if err := tx.SaveRubric(ctx, &r, actor.Username, s.clock.Now()); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{
			Subject: core.Subject{Type: "rubric"}, Type: "rubric.changed", Actor: actor.Username,
			At: s.clock.Now(), Summary: fmt.Sprintf("rubric replaced: %d criteria", len(r.Criteria)),
			Data: map[string]any{"criteria": len(r.Criteria), "version": r.Version},
		})
	})
	return r, err
}
