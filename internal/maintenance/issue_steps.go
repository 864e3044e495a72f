package maintenance

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// changeIssue loads an issue for a change by an engineer, lets step change
// it, stores it with an event, and re-checks the tool's signal when a clock
// was breached.
func (s *Service) changeIssue(ctx context.Context, actor core.Actor, toolID, id int64, what string,
	step func(is *Issue) (string, error)) (Issue, error) {
	if err := actor.Require(core.PermEngineer, what); err != nil {
		return Issue{}, err
	}
	cal, _, err := s.calendar.Current(ctx)
	if err != nil {
		return Issue{}, err
	}
	var is Issue
	err = s.store.Issues.InTx(ctx, func(tx IssueTx) error {
		var err error
		if is, err = tx.Issue(ctx, toolID, id); err != nil {
			return err
		}
		if is.State == Closed {
			return core.Errorf(core.Conflict, "issue %d is closed and changes no more; if the tool fails again, open a new issue", id)
		}
		before := is
		summary, err := step(&is)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if is.SLOStoppedAt() != nil && before.SLOStoppedAt() == nil {
			StopClock(&is.SLO, cal, is.OpenedAt, *is.SLOStoppedAt())
		}
		if is.RecoveredAt != nil && before.RecoveredAt == nil {
			StopClock(&is.RTO, cal, is.OpenedAt, now)
		}
		if is.ClosedAt != nil {
			is.SLO.State, is.RTO.State = is.ClockStates(now)
		}
		if err := tx.UpdateIssue(ctx, &is); err != nil {
			return err
		}
		if err := s.issueEvent(ctx, tx, actor, is, "issue."+string(is.State), summary); err != nil {
			return err
		}
		if is.SLO.State == Breached && before.SLO.State != Breached || is.RTO.State == Breached && before.RTO.State != Breached {
			return s.checkSignal(ctx, tx, is.ToolID)
		}
		return nil
	})
	return is, err
}

// Triage records that an issue was triaged and assigned: its SLO clock stops.
func (s *Service) Triage(ctx context.Context, actor core.Actor, toolID, id int64, assignee string) (Issue, error) {
	assignee = strings.TrimSpace(assignee)
	if assignee == "" || len(assignee) > 100 {
		return Issue{}, &core.Error{Code: core.Invalid, Message: "the triage is not valid",
			Fields: []core.FieldError{{Field: "assignee", Message: "is required: who the issue is assigned to", Value: assignee}}}
	}
	return s.changeIssue(ctx, actor, toolID, id, "triaging an issue", func(is *Issue) (string, error) {
		if is.SLOStoppedAt() != nil {
			is.Assignee = assignee
			return fmt.Sprintf("issue %d reassigned to %s", is.ID, assignee), nil
		}
		now := s.clock.Now()
		is.TriagedAt, is.Assignee = &now, assignee
		if is.State == Open {
			is.State = Triaged
		}
		return fmt.Sprintf("issue %d triaged and assigned to %s", is.ID, assignee), nil
	})
}

// Recover records that the tool works again: the RTO clock stops. An issue
// recovered before it was triaged and assigned is triaged by the same act
// and assigned to the person recovering it, at that time (rule 6): the SLO
// clock stops then, never earlier.
func (s *Service) Recover(ctx context.Context, actor core.Actor, toolID, id int64) (Issue, error) {
	return s.changeIssue(ctx, actor, toolID, id, "recovering an issue", func(is *Issue) (string, error) {
		if is.RecoveredAt != nil {
			return "", core.Errorf(core.Conflict, "issue %d was already recovered; what is left is to close it", is.ID)
		}
		now := s.clock.Now()
		if is.SLOStoppedAt() == nil {
			is.TriagedAt, is.Assignee = &now, actorOr(is.Assignee, actor.Username)
		}
		is.RecoveredAt, is.State = &now, Recovered
		return fmt.Sprintf("issue %d: the tool works again", is.ID), nil
	})
}

// Close closes an issue, with or without recovery; without, the reason is
// required and says why, and a clock not yet met stops without a verdict
// (unless it was already breached).
func (s *Service) Close(ctx context.Context, actor core.Actor, toolID, id int64, reason string) (Issue, error) {
	reason = strings.TrimSpace(reason)
	if len(reason) > maxReason {
		return Issue{}, &core.Error{Code: core.Invalid, Message: "the reason is too long",
			Fields: []core.FieldError{{Field: "reason", Message: "is longer than the limit", Value: len(reason)}}}
	}
	return s.changeIssue(ctx, actor, toolID, id, "closing an issue", func(is *Issue) (string, error) {
		if is.RecoveredAt == nil && is.BlocksFunctionality && reason == "" {
			return "", &core.Error{Code: core.Invalid, Message: "closing an issue that keeps the tool from working without recovering it needs a reason",
				Fields: []core.FieldError{{Field: "reason", Message: "say why it is closed without the tool working again", Value: nil}}}
		}
		now := s.clock.Now()
		is.ClosedAt, is.State, is.CloseReason = &now, Closed, reason
		if is.RecoveredAt == nil && is.RTO.DueAt != nil {
			is.RTO.Note = "closed without recovery: " + reason
		}
		if is.SLOStoppedAt() == nil && is.SLO.DueAt != nil {
			is.SLO.Note = "closed without triage: " + reason
		}
		return fmt.Sprintf("issue %d closed: %s", is.ID, orNone(reason)), nil
	})
}

func actorOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func orNone(s string) string {
	if s == "" {
		return "resolved"
	}
	return s
}

// GetIssue returns one issue of a tool.
func (s *Service) GetIssue(ctx context.Context, actor core.Actor, toolID, id int64) (Issue, error) {
	if err := actor.Require(core.PermRead, "reading issues"); err != nil {
		return Issue{}, err
	}
	return s.store.Issues.Issue(ctx, toolID, id)
}

// ListIssues lists issues, oldest first, one page at a time.
func (s *Service) ListIssues(ctx context.Context, actor core.Actor, f IssueFilter, page core.Page) ([]Issue, string, error) {
	if err := actor.Require(core.PermRead, "reading issues"); err != nil {
		return nil, "", err
	}
	return core.PageByID(page, func(after int64, limit int) ([]Issue, error) {
		return s.store.Issues.Issues(ctx, f, after, limit)
	}, func(is Issue) int64 { return is.ID })
}
