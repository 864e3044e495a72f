package sunset

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Patch fills in a plan; nil fields stay as they are.
type Patch struct {
	Migration         *Migration
	ParityGaps        *[]Gap
	Alternatives      *[]string
	StakeholdersAgree *[]string
	Rollback          *Rollback
	LessonsLearned    *string
	Decommissioning   *Decommissioning // what shutting down has done so far
	Checks            map[Activity]CheckInput
}

// CheckInput ticks (or unticks) an activity of the checklist.
type CheckInput struct {
	Done bool
	Note string
}

// Limits of a plan's free text.
const (
	maxText  = 20000
	maxItems = 100
)

// Update fills in a tool's open plan (engineer). Ticking an activity needs
// what it produces: plan_migration its timeline, communication plan and
// success criteria; validate_parity the gaps (or a note that there are
// none); identify_alternatives the alternatives; validate_decision who
// confirmed; monitor_adoption a usage sample; migrate_users the success
// criteria met. communicate_timeline is ticked by announcing, decommission by
// decommissioning. Lessons learned can be written until the plan closes.
func (s *Service) Update(ctx context.Context, actor core.Actor, toolID int64, version int, p Patch) (Plan, error) {
	if err := actor.Require(core.PermEngineer, "working a sunset plan"); err != nil {
		return Plan{}, err
	}
	var plan Plan
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if plan, err = tx.SunsetPlan(ctx, toolID); err != nil {
			return err
		}
		if err := core.CheckVersion("the sunset plan", plan.Version, version, false); err != nil {
			return err
		}
		onlyLessons := p.Migration == nil && p.ParityGaps == nil && p.Alternatives == nil &&
			p.StakeholdersAgree == nil && p.Rollback == nil && p.Decommissioning == nil && len(p.Checks) == 0
		if plan.State != Open && !(plan.State == Decommissioned && onlyLessons) {
			return core.Errorf(core.Conflict, "the sunset plan is %s; only lessons learned can still be written", plan.State)
		}
		apply(&plan, p)
		if err := validate(plan); err != nil {
			return err
		}
		samples, err := tx.Samples(ctx, plan.ID)
		if err != nil {
			return err
		}
		var ticked []string
		for a, in := range p.Checks {
			if err := s.tick(&plan, a, in, actor, samples); err != nil {
				return err
			}
			ticked = append(ticked, fmt.Sprintf("%s=%t", a, in.Done))
		}
		return s.save(ctx, tx, actor, &plan, "sunset.updated", "sunset plan updated "+strings.Join(ticked, ", "), nil)
	})
	return plan, err
}

func apply(plan *Plan, p Patch) {
	if p.Migration != nil {
		plan.Migration = *p.Migration
	}
	if p.ParityGaps != nil {
		plan.ParityGaps = *p.ParityGaps
	}
	if p.Alternatives != nil {
		plan.Alternatives = *p.Alternatives
	}
	if p.StakeholdersAgree != nil {
		plan.StakeholdersAgree = *p.StakeholdersAgree
	}
	if p.Rollback != nil {
		plan.Rollback = *p.Rollback
	}
	if p.LessonsLearned != nil {
		plan.LessonsLearned = strings.TrimSpace(*p.LessonsLearned)
	}
	if d := p.Decommissioning; d != nil {
		plan.Decommissioning.InfrastructureShutDown = d.InfrastructureShutDown
		plan.Decommissioning.RepositoriesArchived = d.RepositoriesArchived
		plan.Decommissioning.DocumentationUpdated = d.DocumentationUpdated
	}
}

func validate(p Plan) error {
	var pr core.Problems
	pr.MaxLen("migration.timeline", p.Migration.Timeline, maxText)
	pr.MaxLen("migration.communication_plan", p.Migration.CommunicationPlan, maxText)
	sc := p.Migration.SuccessCriteria
	pr.Require(sc.MinProductShare == nil || (*sc.MinProductShare >= 0 && *sc.MinProductShare <= 1),
		"migration.success_criteria.min_product_share", "must be between 0 and 1", sc.MinProductShare)
	pr.Require(sc.MaxInternalUses == nil || *sc.MaxInternalUses >= 0,
		"migration.success_criteria.max_internal_uses", "must not be negative", sc.MaxInternalUses)
	pr.Require(len(p.ParityGaps) <= maxItems, "parity_gaps", "has too many gaps", len(p.ParityGaps))
	for i, g := range p.ParityGaps {
		pr.Require(strings.TrimSpace(g.Gap) != "", fmt.Sprintf("parity_gaps[%d].gap", i), "is required", nil)
	}
	pr.Require(len(p.Alternatives) <= maxItems, "alternatives", "has too many entries", len(p.Alternatives))
	pr.MaxLen("rollback.plan", p.Rollback.Plan, maxText)
	pr.MaxLen("lessons_learned", p.LessonsLearned, maxText)
	return pr.Err("the sunset plan is not valid")
}

// tick marks an activity done or not, refusing one whose output is missing.
func (s *Service) tick(p *Plan, a Activity, in CheckInput, actor core.Actor, samples []Sample) error {
	field := "checks." + string(a)
	if !has(p.Kind, a) {
		return invalid(field, a, "is not an activity of a %s sunset (%v)", p.Kind, Activities(p.Kind))
	}
	if a == CommunicateTimeline || a == Decommission {
		return invalid(field, a, "is ticked by %s", map[Activity]string{
			CommunicateTimeline: "announcing the decommission date (POST .../sunset/announce)",
			Decommission:        "decommissioning (POST .../sunset/decommission)"}[a])
	}
	if in.Done && a == ValidateParity && len(p.ParityGaps) == 0 && strings.TrimSpace(in.Note) == "" {
		return invalid(field, a, "cannot be done yet: record the parity gaps and how each is addressed, or say in a note that there are none")
	}
	if in.Done {
		if why := missingOutput(*p, a, samples); why != "" {
			return invalid(field, a, "cannot be done yet: %s", why)
		}
	}
	now := s.clock.Now()
	c := Check{Done: in.Done, Note: strings.TrimSpace(in.Note)}
	if in.Done {
		c.By, c.At = actor.Username, &now
	}
	p.Checklist[a] = c
	return nil
}

// missingOutput says what an activity lacks to be done, or "".
func missingOutput(p Plan, a Activity, samples []Sample) string {
	m := p.Migration
	switch a {
	case PlanMigration:
		if m.Timeline == "" || m.CommunicationPlan == "" || (m.SuccessCriteria.Description == "" &&
			m.SuccessCriteria.MinProductShare == nil && m.SuccessCriteria.MaxInternalUses == nil) {
			return "the migration needs a timeline, a communication plan and success criteria"
		}
	case NameAlternatives:
		if len(p.Alternatives) == 0 {
			return "name what users should use instead (alternatives)"
		}
	case ValidateDecision:
		if len(p.StakeholdersAgree) == 0 {
			return "record which stakeholders confirmed the tool is no longer needed (stakeholders_agree)"
		}
	case MonitorAdoption:
		if len(samples) == 0 {
			return "record at least one adoption sample"
		}
	case MigrateUsers:
		if done, why := MigrationDone(p, samples); !done {
			return why
		}
	}
	return ""
}
