package sunset

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Announce sets the decommission date and tells the stakeholders. The date
// must leave at least the policy's notice period after today (UTC); a later
// announcement may move it, never inside the notice period.
func (s *Service) Announce(ctx context.Context, actor core.Actor, toolID int64, version int, decommissionOn string) (Plan, error) {
	if err := actor.Require(core.PermEngineer, "announcing a decommission date"); err != nil {
		return Plan{}, err
	}
	day, err := time.Parse(time.DateOnly, decommissionOn)
	if err != nil {
		return Plan{}, invalid("decommission_on", decommissionOn, "must be a date, YYYY-MM-DD")
	}
	var p Plan
	err = s.store.InTx(ctx, func(tx Tx) error {
		if p, err = openPlan(ctx, tx, toolID, version); err != nil {
			return err
		}
		policy, err := policyOf(ctx, tx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		earliest := today.AddDate(0, 0, policy.NoticePeriodDays)
		if day.Before(earliest) {
			return invalid("decommission_on", decommissionOn,
				"leaves less than the %d days' notice stakeholders are owed: the earliest date is %s",
				policy.NoticePeriodDays, earliest.Format(time.DateOnly))
		}
		tool, err := tx.Tool(ctx, toolID)
		if err != nil {
			return err
		}
		previous := p.Notice.DecommissionOn
		p.Notice = Notice{AnnouncedAt: &now, AnnouncedBy: actor.Username, DecommissionOn: decommissionOn,
			NoticePeriodDays: policy.NoticePeriodDays, ReminderDays: policy.ReminderDaysBefore}
		p.Checklist[CommunicateTimeline] = Check{Done: true, By: actor.Username, At: &now,
			Note: "decommission date announced: " + decommissionOn}
		summary := "decommission announced for " + decommissionOn
		if previous != "" {
			summary += " (was " + previous + ")"
		}
		if err := s.save(ctx, tx, actor, &p, "sunset.announced", summary,
			map[string]any{"decommission_on": decommissionOn, "previous": previous}); err != nil {
			return err
		}
		return tx.Enqueue(ctx, core.Message{Topic: "sunset.announced", Subject: toolSubject(toolID), CreatedAt: now,
			Recipients: stakeholders(tool, "the tool will be decommissioned"),
			Title:      fmt.Sprintf("%s will be decommissioned on %s", tool.Name, decommissionOn),
			Body: fmt.Sprintf("%s will be shut down on %s.%s\nAlternatives: %v", tool.Name, decommissionOn,
				migrationNote(p), p.Alternatives),
			Data: map[string]any{"decommission_on": decommissionOn, "previous": previous}})
	})
	return p, err
}

func migrationNote(p Plan) string {
	if p.Kind == PostCoCreate && p.Migration.Timeline != "" {
		return " Migration to the product feature: " + p.Migration.Timeline
	}
	return ""
}

// SendReminders tells the stakeholders of every plan whose decommission date
// is near that it is coming, once per announcement. It runs as a background
// job and returns how many reminders it wrote.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	due, err := s.store.RemindersDue(ctx, s.clock.Now())
	if err != nil {
		return 0, err
	}
	sent := 0
	var failed []error
	for _, d := range due {
		err := s.store.InTx(ctx, func(tx Tx) error {
			p, err := tx.SunsetPlan(ctx, d.ToolID)
			if err != nil || p.ID != d.ID || p.State != Open || p.Notice.ReminderSentAt != nil {
				return err
			}
			tool, err := tx.Tool(ctx, p.ToolID)
			if err != nil {
				return err
			}
			now := s.clock.Now()
			p.Notice.ReminderSentAt = &now
			if err := s.save(ctx, tx, core.System, &p, "sunset.reminded",
				"stakeholders reminded of the decommission on "+p.Notice.DecommissionOn, nil); err != nil {
				return err
			}
			if err := tx.Enqueue(ctx, core.Message{Topic: "sunset.reminder", Subject: toolSubject(p.ToolID), CreatedAt: now,
				Recipients: stakeholders(tool, "the tool is about to be decommissioned"),
				Title:      fmt.Sprintf("Reminder: %s will be decommissioned on %s", tool.Name, p.Notice.DecommissionOn),
				Body:       fmt.Sprintf("%s shuts down on %s. Alternatives: %v", tool.Name, p.Notice.DecommissionOn, p.Alternatives),
				Data:       map[string]any{"decommission_on": p.Notice.DecommissionOn}}); err != nil {
				return err
			}
			sent++
			return nil
		})
		if err != nil {
			// One plan that fails must not keep the others' reminders back:
			// it stays due, and the next run tries it again.
			failed = append(failed, fmt.Errorf("sunset reminder for tool %d: %w", d.ToolID, err))
		}
	}
	return sent, errors.Join(failed...)
}

// policyOf returns the stored policy, or the default on a new install.
func policyOf(ctx context.Context, r PolicyReader) (Policy, error) {
	p, err := r.SunsetPolicy(ctx)
	if core.IsCode(err, core.NotFound) {
		return DefaultPolicy(), nil
	}
	return p, err
}

// Policy returns the notice policy.
func (s *Service) Policy(ctx context.Context, actor core.Actor) (Policy, error) {
	if err := actor.Require(core.PermRead, "reading the sunset policy"); err != nil {
		return Policy{}, err
	}
	return policyOf(ctx, s.store)
}

// SetPolicy replaces the notice policy (admin). Dates already announced keep
// the notice they were announced with.
func (s *Service) SetPolicy(ctx context.Context, actor core.Actor, version int, p Policy) (Policy, error) {
	if err := actor.Require(core.PermAdminister, "changing the sunset policy"); err != nil {
		return Policy{}, err
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		cur, err := policyOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the sunset policy", cur.Version, version, true); err != nil {
			return err
		}
		p.Version = cur.Version
		now := s.clock.Now()
		if err := tx.SaveSunsetPolicy(ctx, &p, actor.Username, now); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: core.Subject{Type: "settings"}, Type: "sunset_policy.changed",
			Actor: actor.Username, At: now,
			Summary: fmt.Sprintf("sunset notice %d days, reminder %d days before", p.NoticePeriodDays, p.ReminderDaysBefore)})
	})
	return p, err
}
