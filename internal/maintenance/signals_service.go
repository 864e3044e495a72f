package maintenance

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// checkSignal raises a signal on a tool whose breaches in the trailing
// window reached the policy's count, unless one is already open (rule 6).
func (s *Service) checkSignal(ctx context.Context, tx IssueTx, toolID int64) error {
	open, err := tx.Signals(ctx, toolID, true)
	if err != nil || len(open) > 0 {
		return err
	}
	policy, err := clockPolicyOf(ctx, tx)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	n, err := tx.BreachesSince(ctx, toolID, now.AddDate(0, 0, -policy.SignalWindowDays))
	if err != nil || n < policy.SignalBreaches {
		return err
	}
	tool, err := tx.Tool(ctx, toolID)
	if err != nil {
		return err
	}
	sig := Signal{ToolID: toolID, RaisedAt: now, Breaches: n, WindowDays: policy.SignalWindowDays, State: SignalOpen,
		Recommendation: recommendation(tool)}
	if err := tx.InsertSignal(ctx, &sig); err != nil {
		return err
	}
	summary := fmt.Sprintf("signal: %d SLO/RTO breaches in %d days. %s", n, policy.SignalWindowDays, sig.Recommendation)
	if err := tx.Append(ctx, core.Event{Subject: toolSubject(toolID), Type: "signal.raised", Actor: core.System.Username,
		At: now, Summary: summary, Data: map[string]any{"signal_id": sig.ID, "breaches": n}}); err != nil {
		return err
	}
	return tx.Enqueue(ctx, core.Message{Topic: "signal.raised", Subject: toolSubject(toolID), CreatedAt: now,
		Recipients: []core.Recipient{{Kind: "role", Name: string(core.RoleManager), Reason: "managers resolve signals"},
			{Kind: "team", Name: tool.OwnerTeam, Reason: "owner team"}},
		Title: fmt.Sprintf("%s keeps missing its commitment: %d breaches in %d days", tool.Name, n, policy.SignalWindowDays),
		Body:  sig.Recommendation})
}

func recommendation(t inventory.Tool) string {
	improve := "improve_then_maintain"
	if t.Category == inventory.Integrate || t.Category == inventory.ImproveThenIntegrate {
		improve = "improve_then_integrate"
	}
	return fmt.Sprintf("Move %s to %s to make it easier to maintain and recover, or lower its criticality (now %s) "+
		"if the SLO and RTO do not match the department's priorities.", t.Name, improve, t.Criticality)
}

// Signals lists a tool's signals, or every tool's when toolID is 0.
func (s *Service) Signals(ctx context.Context, actor core.Actor, toolID int64, openOnly bool) ([]Signal, error) {
	if err := actor.Require(core.PermRead, "reading signals"); err != nil {
		return nil, err
	}
	return s.store.Signals.Signals(ctx, toolID, openOnly)
}

// Resolution is how a manager resolves a signal: by acting on it (a new
// category or a lower criticality) or by dismissing it with a reason.
type Resolution struct {
	Category    inventory.Category
	Criticality inventory.Criticality
	Dismiss     bool
	Reason      string
}

// ResolveSignal acts on or dismisses an open signal (manager); either way it
// is on the tool's timeline.
func (s *Service) ResolveSignal(ctx context.Context, actor core.Actor, toolID, id int64, r Resolution) (Signal, error) {
	if err := actor.Require(core.PermManage, "resolving a signal"); err != nil {
		return Signal{}, err
	}
	if err := r.validate(); err != nil {
		return Signal{}, err
	}
	var sig Signal
	err := s.store.Signals.InTx(ctx, func(tx SignalTx) error {
		sigs, err := tx.Signals(ctx, toolID, false)
		if err != nil {
			return err
		}
		found := false
		for _, x := range sigs {
			if x.ID == id {
				sig, found = x, true
			}
		}
		if !found {
			return core.Errorf(core.NotFound, "tool %d has no signal %d", toolID, id)
		}
		if sig.State != SignalOpen {
			return core.Errorf(core.Conflict, "signal %d is already %s: only an open signal is acted on or dismissed", id, sig.State)
		}
		now := s.clock.Now()
		sig.ResolvedBy, sig.ResolvedAt = actor.Username, &now
		if r.Dismiss {
			sig.State, sig.Resolution = SignalDismissed, "dismissed: "+r.Reason
		} else {
			sig.State = SignalActed
			if sig.Resolution, err = s.act(ctx, tx, actor, toolID, r); err != nil {
				return err
			}
		}
		if err := tx.UpdateSignal(ctx, &sig); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: toolSubject(toolID), Type: "signal." + string(sig.State), Actor: actor.Username,
			At: now, Summary: fmt.Sprintf("signal %d %s", id, sig.Resolution), Data: map[string]any{"signal_id": id}})
	})
	return sig, err
}

func (r Resolution) validate() error {
	var p core.Problems
	r.Reason = strings.TrimSpace(r.Reason)
	acts := 0
	if r.Category != "" {
		acts++
		p.Require(r.Category.Improving(), "category", "acting on a signal moves the tool to improve_then_integrate or improve_then_maintain", r.Category)
	}
	if r.Criticality != "" {
		acts++
		p.Require(r.Criticality.Valid(), "criticality", "must be "+core.OneOf(inventory.Criticalities), r.Criticality)
	}
	if r.Dismiss {
		p.Require(acts == 0, "dismiss", "dismiss, or act with a category or criticality, not both", true)
		p.Require(r.Reason != "", "reason", "is required to dismiss a signal", nil)
	} else {
		p.Require(acts > 0, "category", "give a category or a lower criticality to act on, or dismiss with a reason", nil)
	}
	return p.Err("the resolution is not valid")
}

// act applies a signal's resolution to the tool.
func (s *Service) act(ctx context.Context, tx SignalTx, actor core.Actor, toolID int64, r Resolution) (string, error) {
	var did []string
	_, err := s.inventory.Apply(ctx, tx, actor, toolID, "tool.updated", "changed to resolve a signal of repeated misses",
		func(t *inventory.Tool) error {
			if r.Criticality != "" {
				if !lower(r.Criticality, t.Criticality) {
					return &core.Error{Code: core.Invalid, Message: "the resolution is not valid", Fields: []core.FieldError{{
						Field: "criticality", Message: fmt.Sprintf("must be lower than the current %s", t.Criticality), Value: r.Criticality}}}
				}
				did = append(did, fmt.Sprintf("criticality %s → %s", t.Criticality, r.Criticality))
				t.Criticality = r.Criticality
			}
			if r.Category != "" {
				did = append(did, fmt.Sprintf("category %s → %s", t.Category, r.Category))
				t.Category = r.Category
			}
			return nil
		})
	return "acted: " + strings.Join(did, ", "), err
}

func lower(a, b inventory.Criticality) bool {
	rank := map[inventory.Criticality]int{inventory.Critical: 0, inventory.High: 1, inventory.Medium: 2, inventory.Low: 3}
	return rank[a] > rank[b]
}
