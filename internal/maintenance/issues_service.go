package maintenance

import (
	"context"
	"fmt"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// OpenIssue records a support issue on a tool and starts its clocks. For an
// issue that keeps the tool from working, both clocks run from when it was
// opened, against the tool's commitment at that moment; a later change of
// criticality does not move them. A feature request on a tool in maintain,
// sunset or redirect is refused with the seeds' reason, or, when it comes
// from outside, accepted and closed at once with that reason. An outage
// blocks the tool unless the reporter said otherwise (rule 5); only an
// engineer or a manager may give a past opened_at here (rule 7: imports come
// through ApplyExternal); an issue already at risk or breached when it is
// recorded warns and counts toward signals like a live one (rule 8).
func (s *Service) OpenIssue(ctx context.Context, actor core.Actor, toolID int64, is Issue) (Issue, error) {
	if err := actor.Require(core.PermRequest, "opening a support issue"); err != nil {
		return Issue{}, err
	}
	err := s.store.Issues.InTx(ctx, func(tx IssueTx) error {
		return s.RecordNewIssue(ctx, tx, actor, toolID, &is, false)
	})
	return is, err
}

// RecordNewIssue is the one way a new support issue is stored, inside the
// caller's transaction: OpenIssue uses it, and so must ApplyExternal (with
// imported true) so that the rules of the clocks hold for GitLab issues too:
// an outage blocks unless stated otherwise (rule 5), a past opened_at is
// allowed for imports (rule 7), the clocks start from the commitment in
// force and an issue recorded already at risk or breached warns and raises
// signals as a live one would (rule 8: for an import, the caller records
// the opening event and calls WarnOnArrival once its history is applied).
// It fills in is (ID, clocks, state).
func (s *Service) RecordNewIssue(ctx context.Context, tx IssueTx, actor core.Actor, toolID int64, is *Issue, imported bool) error {
	now := s.clock.Now()
	if is.OpenedAt.IsZero() {
		is.OpenedAt = now
	}
	is.OpenedAt = is.OpenedAt.UTC()
	if is.Kind == Outage && !is.BlocksStated {
		is.BlocksFunctionality = true
	}
	if err := checkBackdate(actor, *is, now, imported); err != nil {
		return err
	}
	if err := is.Validate(now); err != nil {
		return err
	}
	cal, _, err := s.calendar.Current(ctx)
	if err != nil {
		return err
	}
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
	s.startClocks(is, tool, cal, policy)
	is.ToolID, is.Reporter, is.State = toolID, actor.Username, Open
	if refusal != "" {
		is.State, is.ClosedAt, is.CloseReason = Closed, &now, "closed on arrival: "+refusal
		is.SLO.State, is.RTO.State = is.ClockStates(now)
	}
	if err := tx.InsertIssue(ctx, is); err != nil {
		return err
	}
	if err := s.issueEvent(ctx, tx, actor, *is, "issue.opened", fmt.Sprintf("issue %d opened: %s (%s%s)", is.ID, is.Title, is.Kind, blocking(*is))); err != nil {
		return err
	}
	if imported {
		// an import brings its history (triage, recovery) after this: the
		// importer calls WarnOnArrival once that is applied
		return nil
	}
	return s.WarnOnArrival(ctx, tx, *is)
}

// backdateSlack is how far in the past an opened_at may be without counting
// as back-dating (clocks of clients differ).
const backdateSlack = 5 * time.Minute

// checkBackdate refuses a past opened_at from anyone but an engineer, a
// manager or an import (rule 7): the clock starts when the issue is opened,
// and a requester cannot make it look older (or, by being late, breached).
func checkBackdate(actor core.Actor, is Issue, now time.Time, imported bool) error {
	if imported || is.OpenedAt.IsZero() || !is.OpenedAt.Before(now.Add(-backdateSlack)) || actor.Role.Can(core.PermEngineer) {
		return nil
	}
	return &core.Error{Code: core.Forbidden,
		Message: fmt.Sprintf("only engineers, managers and imports may set a past opened_at; %s is a %s", actor.Username, actor.Role),
		Fields: []core.FieldError{{Field: "opened_at", Value: is.OpenedAt,
			Message: "leave it out: the clock starts when the issue is opened"}}}
}

// WarnOnArrival sends the warnings a clock that is already at risk or
// breached when its issue is recorded would have sent live, and checks the
// tool's signal for breaches (rule 8). RecordNewIssue calls it for issues
// opened here; an import calls it after applying the issue's history, with
// the clock states that history leaves.
func (s *Service) WarnOnArrival(ctx context.Context, tx IssueTx, is Issue) error {
	var msgs []core.Message
	breach := false
	for _, c := range []struct {
		name  string
		state ClockState
	}{{"SLO", is.SLO.State}, {"RTO", is.RTO.State}} {
		if c.state == AtRisk || c.state == Breached {
			msg, err := s.clockMessage(ctx, tx, is, c.name, c.state)
			if err != nil {
				return err
			}
			msgs = append(msgs, msg)
			breach = breach || c.state == Breached
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	if err := tx.Append(ctx, core.Event{Subject: toolSubject(is.ToolID), Type: "issue.clock", Actor: core.System.Username, At: s.clock.Now(),
		Summary: fmt.Sprintf("issue %d recorded with SLO %s, RTO %s", is.ID, is.SLO.State, is.RTO.State),
		Data:    map[string]any{"issue_id": is.ID, "slo_state": is.SLO.State, "rto_state": is.RTO.State, "on_arrival": true}}); err != nil {
		return err
	}
	if err := tx.Enqueue(ctx, msgs...); err != nil {
		return err
	}
	if breach {
		return s.checkSignal(ctx, tx, is.ToolID)
	}
	return nil
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
		note := "the issue does not keep the tool from working: no SLO or RTO clock runs; " + inventory.NoRPO
		is.SLO, is.RTO, is.CommitmentNote = Clock{State: None, Note: note}, Clock{State: None, Note: note}, note
		return
	case tool.Stage == inventory.Planned:
		note := "the tool is planned: its commitment applies once it is operational; " + inventory.NoRPO
		is.SLO, is.RTO, is.CommitmentNote = Clock{State: None, Note: note}, Clock{State: None, Note: note}, note
		return
	}
	is.SLO = StartClock(cal, is.OpenedAt, c.SLO, policy.AtRiskFraction)
	is.RTO = StartClock(cal, is.OpenedAt, c.RTO, policy.AtRiskFraction)
	is.CommitmentNote = fmt.Sprintf("deadlines follow the commitment in force when the issue opened (%s: SLO %s, RTO %s); "+
		"a later change of the tool's criticality, category or health does not move them; %s", c.Level,
		describeTarget(c.SLO), describeTarget(c.RTO), inventory.NoRPO)
	is.SLO.State, is.RTO.State = is.ClockStates(s.clock.Now())
}

func (s *Service) issueEvent(ctx context.Context, tx IssueTx, actor core.Actor, is Issue, typ, summary string) error {
	return tx.Append(ctx, core.Event{Subject: toolSubject(is.ToolID), Type: typ, Actor: actor.Username, At: s.clock.Now(),
		Summary: summary, Data: map[string]any{"issue_id": is.ID, "state": is.State, "slo_due_at": is.SLO.DueAt, "rto_due_at": is.RTO.DueAt}})
}
