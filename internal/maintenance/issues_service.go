package maintenance

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// OpenIssue records a support issue on a tool and starts its clocks. For an
// issue that keeps the tool from working, both clocks run from when it was
// opened, against the tool's commitment at that moment; a later change of
// criticality does not move them. A feature request on a tool in maintain,
// sunset or redirect is refused with the seeds' reason, or, when it comes
// from outside, accepted and closed at once with that reason.
func (s *Service) OpenIssue(ctx context.Context, actor core.Actor, toolID int64, is Issue) (Issue, error) {
	if err := actor.Require(core.PermRequest, "opening a support issue"); err != nil {
		return Issue{}, err
	}
	now := s.clock.Now()
	if is.OpenedAt.IsZero() {
		is.OpenedAt = now
	}
	is.OpenedAt = is.OpenedAt.UTC()
	if err := is.Validate(now); err != nil {
		return Issue{}, err
	}
	cal, _, err := s.calendar.Current(ctx)
	if err != nil {
		return Issue{}, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		tool, err := tx.Tool(ctx, toolID)
		if err != nil {
			return err
		}
		if tool.Stage.Ended() {
			return core.Errorf(core.Conflict, "%s is %s: ProdSecEng no longer supports it", tool.Name, tool.Stage)
		}
		refusal := ""
		if is.Kind == FeatureRequest {
			refusal = featureRequestRefusal(tool.Category)
		}
		if refusal != "" && !is.External {
			return &core.Error{Code: core.Conflict, Message: "feature request refused: " + refusal,
				Fields: []core.FieldError{{Field: "kind", Message: refusal, Value: is.Kind}}}
		}
		policy, err := clockPolicyOf(ctx, tx)
		if err != nil {
			return err
		}
		s.startClocks(&is, tool, cal, policy)
		is.ToolID, is.Reporter, is.State = toolID, actor.Username, Open
		if refusal != "" {
			is.State, is.ClosedAt, is.CloseReason = Closed, &now, "closed on arrival: "+refusal
		}
		if err := tx.InsertIssue(ctx, &is); err != nil {
			return err
		}
		return s.issueEvent(ctx, tx, actor, is, "issue.opened", fmt.Sprintf("issue %d opened: %s (%s%s)", is.ID, is.Title, is.Kind, blocking(is)))
	})
	return is, err
}

func blocking(is Issue) string {
	if is.BlocksFunctionality {
		return ", keeps the tool from working"
	}
	return ""
}

// startClocks fixes both clocks from the tool's commitment now (rule 5).
func (s *Service) startClocks(is *Issue, tool inventory.Tool, cal *bizhours.Calendar, policy ClockPolicy) {
	c := tool.Commitment()
	is.Level = c.Level
	switch {
	case !is.BlocksFunctionality:
		note := "the issue does not keep the tool from working: no SLO or RTO clock runs"
		is.SLO, is.RTO, is.CommitmentNote = Clock{State: None, Note: note}, Clock{State: None, Note: note}, note
		return
	case tool.Stage == inventory.Planned:
		note := "the tool is planned: its commitment applies once it is operational"
		is.SLO, is.RTO, is.CommitmentNote = Clock{State: None, Note: note}, Clock{State: None, Note: note}, note
		return
	}
	is.SLO = StartClock(cal, is.OpenedAt, c.SLO, policy.AtRiskFraction)
	is.RTO = StartClock(cal, is.OpenedAt, c.RTO, policy.AtRiskFraction)
	is.CommitmentNote = fmt.Sprintf("deadlines follow the commitment in force when the issue opened (%s: SLO %s, RTO %s); "+
		"a later change of the tool's criticality, category or health does not move them", c.Level,
		describeTarget(c.SLO), describeTarget(c.RTO))
	is.SLO.State, is.RTO.State = is.ClockStates(s.clock.Now())
}

func (s *Service) issueEvent(ctx context.Context, tx Tx, actor core.Actor, is Issue, typ, summary string) error {
	return tx.Append(ctx, core.Event{Subject: toolSubject(is.ToolID), Type: typ, Actor: actor.Username, At: s.clock.Now(),
		Summary: summary, Data: map[string]any{"issue_id": is.ID, "state": is.State, "slo_due_at": is.SLO.DueAt, "rto_due_at": is.RTO.DueAt}})
}
