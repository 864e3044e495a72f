package cocreate

import (
	"context"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
)

// StartForRequest begins co-create of a need: an intake request decided
// build_in_product, built directly into the product with no internal tool.
// It has no sunset roadmap to keep and nothing to retire when it ships.
func (s *Service) StartForRequest(ctx context.Context, actor core.Actor, requestID int64, epicURL string) (CoCreate, error) {
	if err := actor.Require(core.PermEngineer, "starting co-create"); err != nil {
		return CoCreate{}, err
	}
	if err := checkURL("integration_epic_url", epicURL, s.epicRequired()); err != nil {
		return CoCreate{}, err
	}
	var c CoCreate
	err := s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.Request(ctx, requestID)
		if err != nil {
			return err
		}
		if r.State != intake.Decided || !r.NeedsCoCreate {
			return core.Errorf(core.Conflict, "request %d is not decided build_in_product (it is %s): co-create of a need follows that decision",
				r.ID, r.State)
		}
		if existing, err := tx.CoCreateOfRequest(ctx, requestID); err == nil {
			return core.Errorf(core.Conflict, "request %d already has a co-create (loop %s)", r.ID, existing.Loop)
		} else if !core.IsCode(err, core.NotFound) {
			return err
		}
		now := s.clock.Now()
		c = CoCreate{RequestID: &requestID, Loop: Validation, IntegrationEpicURL: strings.TrimSpace(epicURL),
			StartedBy: actor.Username, StartedAt: now, UpdatedAt: now, IntakeInputs: intakeInputs(r)}
		if err := tx.InsertCoCreate(ctx, &c); err != nil {
			return err
		}
		if err := s.queueEpics(ctx, tx, c, r.Title); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: c.subject(), Type: "cocreate.started", Actor: actor.Username, At: now,
			Summary: "co-create of the need started, loop 1 (validation): no internal tool; integration epic " + c.IntegrationEpicURL,
			Data:    map[string]any{"cocreate_id": c.ID}})
	})
	return c, err
}
