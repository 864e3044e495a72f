package inventory

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// ADRs lists a tool's decision records by number.
func (s *Service) ADRs(ctx context.Context, actor core.Actor, toolID int64) ([]ADR, error) {
	if _, err := s.Tool(ctx, actor, toolID); err != nil {
		return nil, err
	}
	return s.store.ADRs(ctx, toolID)
}

// ADR returns one decision record of a tool by its number.
func (s *Service) ADR(ctx context.Context, actor core.Actor, toolID int64, number int) (ADR, error) {
	if _, err := s.Tool(ctx, actor, toolID); err != nil {
		return ADR{}, err
	}
	return s.store.ADR(ctx, toolID, number)
}

// CreateADR records a decision for a tool. When a.Supersedes names an
// accepted ADR of the same tool, that one becomes superseded and the two are
// linked. A new ADR is proposed unless said otherwise.
func (s *Service) CreateADR(ctx context.Context, actor core.Actor, toolID int64, a ADR) (ADR, error) {
	if err := actor.Require(core.PermEngineer, "recording an ADR"); err != nil {
		return ADR{}, err
	}
	if a.Status == "" {
		a.Status = ADRProposed
	}
	if a.Status == ADRSuperseded {
		return ADR{}, invalidField("status", a.Status, "a new ADR cannot start superseded")
	}
	if err := a.Validate(); err != nil {
		return ADR{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if _, err := tx.Tool(ctx, toolID); err != nil {
			return err
		}
		return s.insertADR(ctx, tx, actor, toolID, &a)
	})
	return a, err
}

// insertADR stores a validated ADR for a tool inside tx, superseding the one
// it names. Intake uses it too, for the design decisions of a plan.
func (s *Service) insertADR(ctx context.Context, tx Tx, actor core.Actor, toolID int64, a *ADR) error {
	now := s.clock.Now()
	a.ToolID, a.CreatedBy, a.CreatedAt, a.UpdatedAt = toolID, actor.Username, now, now
	var old ADR
	if a.Supersedes != nil {
		var err error
		if old, err = tx.ADR(ctx, toolID, int(*a.Supersedes)); core.IsCode(err, core.NotFound) {
			return invalidField("supersedes", *a.Supersedes, "is not an ADR of this tool")
		} else if err != nil {
			return err
		}
		if old.Status != ADRAccepted {
			return invalidField("supersedes", *a.Supersedes,
				fmt.Sprintf("only an accepted ADR can be superseded; ADR %d is %s", old.Number, old.Status))
		}
	}
	if err := tx.InsertADR(ctx, a); err != nil {
		return err
	}
	summary := fmt.Sprintf("ADR %d recorded: %s (%s)", a.Number, a.Title, a.Status)
	if a.Supersedes != nil {
		num := int64(a.Number)
		old.Status, old.SupersededBy, old.UpdatedAt = ADRSuperseded, &num, now
		if err := tx.UpdateADR(ctx, &old); err != nil {
			return err
		}
		summary += fmt.Sprintf(", superseding ADR %d", old.Number)
	}
	return tx.Append(ctx, core.Event{
		Subject: toolSubject(toolID), Type: "adr.recorded", Actor: actor.Username, At: now, Summary: summary,
		Data: map[string]any{"number": a.Number, "title": a.Title, "status": a.Status, "supersedes": a.Supersedes,
			"retrospective": a.Retrospective},
	})
}

// ADRPatch is a partial update of an ADR.
type ADRPatch struct {
	Title, Context, Decision, Consequences *string
	Status                                 *ADRStatus
}

// UpdateADR edits an ADR if version is still its current one. Status moves
// are proposed → accepted or deprecated, accepted → deprecated; superseded is
// reached only by recording the ADR that replaces it.
func (s *Service) UpdateADR(ctx context.Context, actor core.Actor, toolID int64, number, version int, p ADRPatch) (ADR, error) {
	if err := actor.Require(core.PermEngineer, "editing an ADR"); err != nil {
		return ADR{}, err
	}
	var a ADR
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if a, err = tx.ADR(ctx, toolID, number); err != nil {
			return err
		}
		if err := core.CheckVersion("the ADR", a.Version, version, true); err != nil {
			return err
		}
		from := a.Status
		set(&a.Title, p.Title)
		set(&a.Context, p.Context)
		set(&a.Decision, p.Decision)
		set(&a.Consequences, p.Consequences)
		set(&a.Status, p.Status)
		if !CanMove(from, a.Status) {
			return &core.Error{Code: core.Conflict,
				Message: fmt.Sprintf("ADR %d is %s and cannot become %s", a.Number, from, a.Status),
				Fields: []core.FieldError{{Field: "status", Value: a.Status,
					Message: "allowed moves: proposed → accepted|deprecated, accepted → deprecated; supersede by recording a new ADR with supersedes"}}}
		}
		if err := a.Validate(); err != nil {
			return err
		}
		a.UpdatedAt = s.clock.Now()
		if err := tx.UpdateADR(ctx, &a); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{
			Subject: toolSubject(toolID), Type: "adr.updated", Actor: actor.Username, At: a.UpdatedAt,
			Summary: fmt.Sprintf("ADR %d updated: %s (%s)", a.Number, a.Title, a.Status),
			Data:    map[string]any{"number": a.Number, "status_from": from, "status": a.Status},
		})
	})
	return a, err
}

func invalidField(field string, value any, msg string) error {
	return &core.Error{Code: core.Invalid, Message: "the input is not valid",
		Fields: []core.FieldError{{Field: field, Message: msg, Value: value}}}
}
