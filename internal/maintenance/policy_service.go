package maintenance

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// ClockPolicy returns when clocks are at risk and when misses raise signals.
func (s *Service) ClockPolicy(ctx context.Context, actor core.Actor) (ClockPolicy, error) {
	if err := actor.Require(core.PermRead, "reading the clock policy"); err != nil {
		return ClockPolicy{}, err
	}
	return clockPolicyOf(ctx, s.store.Policy)
}

// SetClockPolicy changes the at-risk point and the signal threshold
// (manager). Open issues keep the at-risk point they were opened with.
func (s *Service) SetClockPolicy(ctx context.Context, actor core.Actor, version int, p ClockPolicy) (ClockPolicy, error) {
	if err := actor.Require(core.PermManage, "changing the clock policy"); err != nil {
		return ClockPolicy{}, err
	}
	if err := p.Validate(); err != nil {
		return ClockPolicy{}, err
	}
	err := s.store.Policy.InTx(ctx, func(tx ClockPolicyTx) error {
		cur, err := clockPolicyOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the clock policy", cur.Version, version, true); err != nil {
			return err
		}
		p.Version = cur.Version
		now := s.clock.Now()
		if err := tx.SaveClockPolicy(ctx, &p, actor.Username, now); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: core.Subject{Type: "settings"}, Type: "clock_policy.changed", Actor: actor.Username,
			At: now, Summary: fmt.Sprintf("at risk at %.0f%%; a signal after %d breaches in %d days",
				p.AtRiskFraction*100, p.SignalBreaches, p.SignalWindowDays)})
	})
	return p, err
}
