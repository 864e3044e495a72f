package maintenance

import (
	"context"
	"errors"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// CheckClocks moves clocks to at_risk and breached as time passes, writing
// an outbox message for each change so that people are warned before a
// breach, and raising signals after repeated breaches. It runs as a
// background job under a lease; it returns how many clocks changed. An
// issue that fails is skipped (and reported in the error, which the job
// runner logs) so that it never keeps the others' clocks back; it stays due
// and the next run tries it again.
func (s *Service) CheckClocks(ctx context.Context) (int, error) {
	changed := 0
	var failed []error
	skip := map[int64]bool{}
	for {
		due, err := s.store.Issues.ClocksDue(ctx, s.clock.Now(), 200+len(skip))
		if err != nil {
			return changed, errors.Join(append(failed, err)...)
		}
		progress := false
		for _, d := range due {
			if skip[d.ID] {
				continue
			}
			n, err := s.advanceClocks(ctx, d.ToolID, d.ID)
			if err != nil {
				skip[d.ID] = true
				failed = append(failed, fmt.Errorf("clocks of issue %d on tool %d: %w", d.ID, d.ToolID, err))
				continue
			}
			changed += n
			progress = progress || n > 0
		}
		if len(due) < 200+len(skip) || !progress {
			return changed, errors.Join(failed...)
		}
	}
}

func (s *Service) advanceClocks(ctx context.Context, toolID, id int64) (int, error) {
	changed := 0
	err := s.store.Issues.InTx(ctx, func(tx IssueTx) error {
		is, err := tx.Issue(ctx, toolID, id)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		slo, rto := is.ClockStates(now)
		var msgs []core.Message
		breach := false
		for _, c := range []struct {
			name  string
			clock *Clock
			state ClockState
		}{{"SLO", &is.SLO, slo}, {"RTO", &is.RTO, rto}} {
			if c.clock.State == c.state {
				continue
			}
			c.clock.State = c.state
			changed++
			breach = breach || c.state == Breached
			msg, err := s.clockMessage(ctx, tx, is, c.name, c.state)
			if err != nil {
				return err
			}
			msgs = append(msgs, msg)
		}
		if changed == 0 {
			return nil
		}
		if err := tx.UpdateIssue(ctx, &is); err != nil {
			return err
		}
		if err := tx.Append(ctx, core.Event{Subject: toolSubject(toolID), Type: "issue.clock", Actor: core.System.Username, At: now,
			Summary: fmt.Sprintf("issue %d: SLO %s, RTO %s", is.ID, is.SLO.State, is.RTO.State),
			Data:    map[string]any{"issue_id": is.ID, "slo_state": is.SLO.State, "rto_state": is.RTO.State}}); err != nil {
			return err
		}
		if err := tx.Enqueue(ctx, msgs...); err != nil {
			return err
		}
		if breach {
			return s.checkSignal(ctx, tx, toolID)
		}
		return nil
	})
	return changed, err
}

func (s *Service) clockMessage(ctx context.Context, tx IssueTx, is Issue, clock string, state ClockState) (core.Message, error) {
	t, err := tx.Tool(ctx, is.ToolID)
	if err != nil {
		return core.Message{}, err
	}
	name, owner := t.Name, t.OwnerTeam
	due := is.SLO.DueAt
	if clock == "RTO" {
		due = is.RTO.DueAt
	}
	recipients := []core.Recipient{{Kind: "team", Name: owner, Reason: "owner team of the tool"},
		{Kind: "role", Name: string(core.RoleManager), Reason: "managers watch commitments"}}
	if is.Assignee != "" {
		recipients = append(recipients, core.Recipient{Kind: "user", Name: is.Assignee, Reason: "assigned to the issue"})
	}
	recipients = append(recipients, externalRecipients(ctx, tx, is)...)
	verb := "is at risk"
	if state == Breached {
		verb = "was breached"
	}
	return core.Message{Topic: "clock." + string(state), Subject: toolSubject(is.ToolID), CreatedAt: s.clock.Now(),
		Recipients: recipients,
		Title:      fmt.Sprintf("%s: the %s of issue %d %s (due %s)", name, clock, is.ID, verb, due.Format("2006-01-02 15:04 MST")),
		Body:       fmt.Sprintf("%s\n%s", is.Title, is.CommitmentNote),
		Data:       map[string]any{"issue_id": is.ID, "clock": clock, "state": state, "due_at": due}}, nil
}
