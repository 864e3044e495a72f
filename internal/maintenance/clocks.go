package maintenance

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// CalendarSource gives the business-time calendar in force.
type CalendarSource interface {
	Current(ctx context.Context) (*bizhours.Calendar, int, error)
}

// ClockPolicy says when a clock is at risk and when misses raise a signal.
type ClockPolicy struct {
	AtRiskFraction   float64 // share of the target elapsed at which a clock is at risk
	SignalBreaches   int     // this many breaches on one tool ...
	SignalWindowDays int     // ... within this many days raise a signal
	Version          int
}

// DefaultClockPolicy: at risk at 75%; two breaches in 90 days raise a signal.
func DefaultClockPolicy() ClockPolicy {
	return ClockPolicy{AtRiskFraction: 0.75, SignalBreaches: 2, SignalWindowDays: 90}
}

// Validate checks the policy's numbers.
func (p ClockPolicy) Validate() error {
	var pr core.Problems
	pr.Require(p.AtRiskFraction > 0 && p.AtRiskFraction < 1, "at_risk_fraction", "must be between 0 and 1", p.AtRiskFraction)
	pr.Require(p.SignalBreaches >= 1 && p.SignalBreaches <= 100, "signal_breaches", "must be 1 to 100", p.SignalBreaches)
	pr.Require(p.SignalWindowDays >= 1 && p.SignalWindowDays <= 730, "signal_window_days", "must be 1 to 730", p.SignalWindowDays)
	return pr.Err("the clock policy is not valid")
}

// StartClock fixes a clock's deadlines from its target on the calendar.
func StartClock(cal *bizhours.Calendar, opened time.Time, t *inventory.Target, atRisk float64) Clock {
	if t == nil {
		return Clock{State: None, Note: "best effort: no clock runs"}
	}
	var due time.Time
	if t.Unit == inventory.BusinessHours {
		due = cal.Add(opened, time.Duration(t.Amount)*time.Hour)
	} else {
		due = cal.AddBusinessDays(opened, t.Amount)
	}
	risk := cal.Add(opened, time.Duration(atRisk*float64(cal.Between(opened, due))))
	target := *t
	return Clock{Target: &target, DueAt: &due, AtRisk: &risk, State: Running}
}

// StopClock records the business time a clock ran for, and its verdict.
func StopClock(c *Clock, cal *bizhours.Calendar, opened, at time.Time) {
	if c.DueAt == nil {
		return
	}
	elapsed := cal.Between(opened, at)
	c.Elapsed = &elapsed
	if !at.Before(*c.DueAt) { // the targets are "less than": at the deadline is too late
		c.State = Breached
	} else {
		c.State = Met
	}
}

func clockPolicyOf(ctx context.Context, r ClockPolicyReader) (ClockPolicy, error) {
	p, err := r.ClockPolicy(ctx)
	if core.IsCode(err, core.NotFound) {
		return DefaultClockPolicy(), nil
	}
	return p, err
}
