package sunset

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// Decommission shuts the tool down: it needs a rollback plan, the announced
// date reached (never inside the notice period), every other activity done,
// and the infrastructure shut down, repositories archived and documentation
// updated (recorded on the plan beforehand, or confirmed here). The tool's
// stage becomes retired; lessons learned then close the plan.
func (s *Service) Decommission(ctx context.Context, actor core.Actor, toolID int64, version int, confirm Decommissioning) (Plan, error) {
	if err := actor.Require(core.PermEngineer, "decommissioning a tool"); err != nil {
		return Plan{}, err
	}
	var p Plan
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if p, err = openPlan(ctx, tx, toolID, version); err != nil {
			return err
		}
		tool, err := tx.Tool(ctx, toolID)
		if err != nil {
			return err
		}
		if tool.Category == inventory.Redirect {
			return core.Errorf(core.Conflict, "%s is in redirect: it must end in a transfer to another owner", tool.Name)
		}
		now := s.clock.Now()
		d := p.Decommissioning
		d.InfrastructureShutDown = d.InfrastructureShutDown || confirm.InfrastructureShutDown
		d.RepositoriesArchived = d.RepositoriesArchived || confirm.RepositoriesArchived
		d.DocumentationUpdated = d.DocumentationUpdated || confirm.DocumentationUpdated
		if missing := s.missingToDecommission(p, d, now); len(missing) > 0 {
			return &core.Error{Code: core.Conflict, Message: "the tool cannot be decommissioned yet", Fields: missing}
		}
		d.At, d.By = &now, actor.Username
		p.Decommissioning, p.State = d, Decommissioned
		p.Checklist[Decommission] = Check{Done: true, By: actor.Username, At: &now}
		if err := s.save(ctx, tx, actor, &p, "sunset.decommissioned",
			"decommissioned: infrastructure shut down, repositories archived, documentation updated", nil); err != nil {
			return err
		}
		tool, err = s.inventory.Apply(ctx, tx, actor, toolID, "tool.retired", "retired after its sunset",
			func(t *inventory.Tool) error { t.Stage = inventory.Retired; return nil })
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, core.Message{Topic: "sunset.decommissioned", Subject: toolSubject(toolID), CreatedAt: now,
			Recipients: stakeholders(tool, "the tool was decommissioned"),
			Title:      fmt.Sprintf("%s has been decommissioned", tool.Name),
			Body:       fmt.Sprintf("%s is shut down and its repositories archived. Use instead: %s", tool.Name, strings.Join(p.Alternatives, "; ")),
		})
	})
	return p, err
}

// missingToDecommission names everything that stands in the way.
func (s *Service) missingToDecommission(p Plan, d Decommissioning, now time.Time) []core.FieldError {
	var out []core.FieldError
	add := func(field, msg string) { out = append(out, core.FieldError{Field: field, Message: msg}) }
	if p.Rollback.CanKeepRunning == nil || strings.TrimSpace(p.Rollback.Plan) == "" {
		add("rollback", "a rollback plan is required: can the internal tool be kept running if the product feature has critical issues?")
	}
	if p.Notice.DecommissionOn == "" {
		add("notice.decommission_on", "no decommission date was announced to stakeholders")
	} else if day, err := time.Parse(time.DateOnly, p.Notice.DecommissionOn); err == nil && now.Before(day) {
		add("notice.decommission_on", fmt.Sprintf("the announced date %s has not come: stakeholders were promised until then", p.Notice.DecommissionOn))
	}
	for _, a := range Activities(p.Kind) {
		if a != Decommission && !p.Checklist[a].Done {
			add("checklist."+string(a), "is not done")
		}
	}
	if !d.InfrastructureShutDown {
		add("decommissioning.infrastructure_shut_down", "shut the infrastructure down first")
	}
	if !d.RepositoriesArchived {
		add("decommissioning.repositories_archived", "archive the repositories first")
	}
	if !d.DocumentationUpdated {
		add("decommissioning.documentation_updated", "update the documentation first")
	}
	return out
}

// Close ends a decommissioned plan; lessons learned are required.
func (s *Service) Close(ctx context.Context, actor core.Actor, toolID int64, version int, lessons string) (Plan, error) {
	if err := actor.Require(core.PermEngineer, "closing a sunset plan"); err != nil {
		return Plan{}, err
	}
	var p Plan
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if p, err = tx.SunsetPlan(ctx, toolID); err != nil {
			return err
		}
		if err := core.CheckVersion("the sunset plan", p.Version, version, false); err != nil {
			return err
		}
		if p.State != Decommissioned {
			return core.Errorf(core.Conflict, "the sunset plan is %s: it closes after the tool is decommissioned", p.State)
		}
		if l := strings.TrimSpace(lessons); l != "" {
			p.LessonsLearned = l
		}
		if p.LessonsLearned == "" {
			return invalid("lessons_learned", nil, "are required to close the plan: what went well, what to do differently")
		}
		if len(p.LessonsLearned) > maxText {
			return invalid("lessons_learned", len(p.LessonsLearned), "is longer than the limit")
		}
		now := s.clock.Now()
		p.State, p.ClosedAt = Closed, &now
		return s.save(ctx, tx, actor, &p, "sunset.closed", "sunset plan closed with lessons learned",
			map[string]any{"lessons_learned": p.LessonsLearned})
	})
	return p, err
}
