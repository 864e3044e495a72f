package backlog

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// snapshot is everything the rules read at once.
type snapshot struct {
	active    Scheme
	schemes   schemes
	settings  Settings
	items     []Item
	cocreates []cocreate.CoCreate
}

func (s *Service) snapshot(ctx context.Context, r Reader) (snapshot, error) {
	var sn snapshot
	var err error
	if sn.active, _, sn.schemes, err = active(ctx, r); err != nil {
		return sn, err
	}
	if sn.settings, err = settingsOf(ctx, r); err != nil {
		return sn, err
	}
	if sn.items, err = r.AllBacklogItems(ctx); err != nil {
		return sn, err
	}
	sn.cocreates, err = r.BacklogCoCreates(ctx)
	return sn, err
}

// findings checks every item under its own scheme, the team under the active one.
func (sn snapshot) findings(now time.Time) []Finding {
	out := []Finding{}
	for _, it := range sn.items {
		out = append(out, CheckItem(sn.schemes.of(it), sn.settings, it, now)...)
	}
	out = append(out, CheckTeam(sn.active, sn.items)...)
	for _, c := range sn.cocreates {
		for _, f := range c.Functionalities {
			if f.Status != cocreate.Dropped && !slices.Contains(f.Labels, ToolingMetricLabel) {
				out = append(out, Finding{Rule: RuleToolingEpicNoMetric, ItemURL: f.EpicURL, Profile: sn.active.Ref(),
					Message: fmt.Sprintf("functionality epic %q has no %s label", f.Title, ToolingMetricLabel)})
			}
		}
	}
	return out
}

// Findings checks every rule and returns what is broken, optionally of one rule.
func (s *Service) Findings(ctx context.Context, actor core.Actor, rule string) ([]Finding, error) {
	if err := actor.Require(core.PermRead, "reading the backlog"); err != nil {
		return nil, err
	}
	if rule != "" && !slices.Contains(Rules, rule) {
		return nil, &core.Error{Code: core.Invalid, Message: "there is no such rule",
			Fields: []core.FieldError{{Field: "rule", Message: fmt.Sprintf("must be one of %v", Rules), Value: rule}}}
	}
	sn, err := s.snapshot(ctx, s.store)
	if err != nil {
		return nil, err
	}
	all := sn.findings(s.clock.Now())
	if rule == "" {
		return all, nil
	}
	out := []Finding{}
	for _, f := range all {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out, nil
}

// TriageResult is what a triage run did, or in a dry run would do.
type TriageResult struct {
	DryRun   bool      `json:"dry_run"`
	Findings []Finding `json:"findings"`
	Actions  []Action  `json:"actions"`
}

// Triage runs the policies over the findings. A dry run only says what
// they would do; otherwise the actions are carried out (engineer).
func (s *Service) Triage(ctx context.Context, actor core.Actor, dryRun bool) (TriageResult, error) {
	if err := actor.Require(core.PermEngineer, "running the backlog policies"); err != nil {
		return TriageResult{}, err
	}
	return s.triage(ctx, actor, dryRun)
}

func (s *Service) triage(ctx context.Context, actor core.Actor, dryRun bool) (TriageResult, error) {
	sn, err := s.snapshot(ctx, s.store)
	if err != nil {
		return TriageResult{}, err
	}
	ps, err := policiesOf(ctx, s.store)
	if err != nil {
		return TriageResult{}, err
	}
	marks, err := s.store.BacklogPolicyMarks(ctx)
	if err != nil {
		return TriageResult{}, err
	}
	now := s.clock.Now()
	byID := make(map[int64]Item, len(sn.items))
	for _, it := range sn.items {
		byID[it.ID] = it
	}
	res := TriageResult{DryRun: dryRun, Findings: sn.findings(now)}
	res.Actions = Plan(ps, sn.active, sn.schemes.of, byID, res.Findings, marks, now)
	if res.Actions == nil {
		res.Actions = []Action{}
	}
	if dryRun || len(res.Actions) == 0 {
		return res, nil
	}
	_, err = s.carryOut(ctx, actor, res.Actions, byID, "triaged")
	return res, err
}

// RunScheduled runs triage when the schedule is on and its interval has
// passed since the last scheduled run; it reports whether it ran.
func (s *Service) RunScheduled(ctx context.Context) (bool, error) {
	set, err := settingsOf(ctx, s.store)
	if err != nil || !set.Schedule.Enabled {
		return false, err
	}
	last, err := s.store.BacklogLastTriage(ctx)
	if err != nil {
		return false, err
	}
	now := s.clock.Now()
	if !last.IsZero() && now.Sub(last) < time.Duration(set.Schedule.EveryMinutes)*time.Minute {
		return false, nil
	}
	if err := s.store.InTx(ctx, func(tx Tx) error { return tx.SaveBacklogLastTriage(ctx, now) }); err != nil {
		return false, err
	}
	_, err = s.triage(ctx, core.System, false)
	return true, err
}
