package sunset

import "gitlab.com/prodseceng/interlock/internal/core"

// Policy is how much notice stakeholders get before a tool is decommissioned.
type Policy struct {
	NoticePeriodDays   int // the decommission date must be at least this many days after the announcement
	ReminderDaysBefore int // stakeholders are reminded this many days before the date
	Version            int
}

// DefaultPolicy is a new install's policy: 30 days' notice, a reminder 7 days before.
func DefaultPolicy() Policy { return Policy{NoticePeriodDays: 30, ReminderDaysBefore: 7} }

// Validate checks the policy's numbers.
func (p Policy) Validate() error {
	var pr core.Problems
	pr.Require(p.NoticePeriodDays >= 0 && p.NoticePeriodDays <= 365, "notice_period_days", "must be 0 to 365", p.NoticePeriodDays)
	pr.Require(p.ReminderDaysBefore >= 0 && p.ReminderDaysBefore <= p.NoticePeriodDays, "reminder_days_before",
		"must be 0 to the notice period", p.ReminderDaysBefore)
	return pr.Err("the sunset policy is not valid")
}
