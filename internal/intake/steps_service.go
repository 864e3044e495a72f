package intake

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// step runs one of steps 1-3: an engineer's work, refused out of order.
func (s *Service) step(ctx context.Context, actor core.Actor, id int64, version int, st Step,
	fn func(tx Tx, r *Request) (string, error)) (Request, error) {
	if err := actor.Require(core.PermEngineer, "working intake step "+urlOf(st)); err != nil {
		return Request{}, err
	}
	return s.change(ctx, id, version, func(tx Tx, r *Request) error {
		if err := ExpectStep(*r, st); err != nil {
			return err
		}
		detail, err := fn(tx, r)
		if err != nil {
			return err
		}
		advance(r, st)
		return s.event(ctx, tx, actor, *r, "request."+string(st), stepSummary(*r, st, detail), nil)
	})
}

// Understand completes step 1 once every required answer is present; new
// answers may come with it.
func (s *Service) Understand(ctx context.Context, actor core.Actor, id int64, version int, answers map[string]string) (Request, error) {
	return s.step(ctx, actor, id, version, Understanding, func(_ Tx, r *Request) (string, error) {
		var p core.Problems
		CheckTemplate(r.Kind, answers, &p)
		if err := p.Err("the answers are not valid"); err != nil {
			return "", err
		}
		r.Template = merge(r.Template, answers)
		if missing := MissingAnswers(r.Kind, r.Template); len(missing) > 0 {
			return "", &core.Error{Code: core.Invalid, Message: "the template is not complete", Fields: missing}
		}
		return "", nil
	})
}

// PathForwardInput is net-new step 2.
type PathForwardInput struct {
	Outcome        Outcome
	Basis          string
	Category       inventory.Category
	CoCreateInputs string
	EpicURL        string
	Milestone      string
}

// ChoosePathForward records step 2 of a net-new request. build_internal
// needs a path-forward category (and integrate an epic and a milestone).
func (s *Service) ChoosePathForward(ctx context.Context, actor core.Actor, id int64, version int, in PathForwardInput) (Request, error) {
	return s.step(ctx, actor, id, version, PathForwardStep, func(_ Tx, r *Request) (string, error) {
		var p core.Problems
		p.Require(slices.Contains(Outcomes[NetNew], in.Outcome), "outcome",
			"must be build_in_product, build_internal, wait_for_product, redirect_existing, defer_capacity or self_serve", in.Outcome)
		p.Require(strings.TrimSpace(in.Basis) != "", "basis", "is required: product fit, roadmap alignment, urgency", nil)
		p.MaxLen("basis", in.Basis, MaxBasis)
		p.MaxLen("cocreate_inputs", in.CoCreateInputs, MaxBasis)
		if in.Outcome == BuildInternal {
			p.Require(in.Category.Valid(), "path_forward", "is required for build_internal: the future path to product", in.Category)
			checkNoSunsetAtIntake(in.Category, &p)
		} else {
			p.Require(in.Category == "", "path_forward", "applies only to build_internal", in.Category)
		}
		checkIntegrate(in.Category, in.EpicURL, in.Milestone, r.Tool, &p)
		if err := p.Err("the path forward is not valid"); err != nil {
			return "", err
		}
		setEpic(r, in.EpicURL, in.Milestone)
		r.PathForward = &PathForward{Outcome: in.Outcome, Basis: strings.TrimSpace(in.Basis), Category: in.Category,
			CoCreateInputs: strings.TrimSpace(in.CoCreateInputs), By: actor.Username, At: s.clock.Now()}
		return ": " + string(in.Outcome), nil
	})
}

// checkIntegrate holds rule 4 already at intake: integrate needs an epic and a milestone.
func checkIntegrate(c inventory.Category, epic, milestone string, t ToolDetails, p *core.Problems) {
	if c != inventory.Integrate {
		return
	}
	p.Require(epic != "" || t.EpicURL != "", "epic_url", "is required for integrate: an epic must exist", nil)
	p.Require(milestone != "" || t.Milestone != "", "milestone", "is required for integrate: an upcoming milestone must be applied", nil)
}

func setEpic(r *Request, epic, milestone string) {
	if epic != "" {
		r.Tool.EpicURL = epic
	}
	if milestone != "" {
		r.Tool.Milestone = milestone
	}
}

// PlanInternal records step 3 of a net-new request decided build_internal:
// criticality (from which the SLO/RTO follow) and design decisions, which
// become the tool's ADRs.
func (s *Service) PlanInternal(ctx context.Context, actor core.Actor, id int64, version int, in Plan) (Request, error) {
	return s.step(ctx, actor, id, version, PlanStep, func(_ Tx, r *Request) (string, error) {
		var p core.Problems
		p.Require(in.Criticality.Valid(), "criticality", "must be "+core.OneOf(inventory.Criticalities), in.Criticality)
		p.Require(len(in.DesignDecisions) > 0, "design_decisions",
			"record at least one: language, deployment model, data handling, security", nil)
		p.Require(len(in.DesignDecisions) <= 50, "design_decisions", "has too many decisions", len(in.DesignDecisions))
		for i, d := range in.DesignDecisions {
			a := inventory.ADR{Title: d.Title, Status: inventory.ADRAccepted, Context: d.Context, Decision: d.Decision, Consequences: d.Consequences}
			if err, ok := a.Validate().(*core.Error); ok && err != nil {
				p.Merge(fmt.Sprintf("design_decisions[%d]", i), err.Fields)
			}
		}
		if err := p.Err("the plan is not valid"); err != nil {
			return "", err
		}
		in.By, in.At = actor.Username, s.clock.Now()
		r.Plan = &in
		c := inventory.CommitmentFor(inventory.CommitmentInput{Criticality: in.Criticality, Category: r.PathForward.Category,
			Health: inventory.Unassessed, Stage: inventory.Operational})
		return fmt.Sprintf(": %s, %s", in.Criticality, commitmentText(c)), nil
	})
}

func commitmentText(c inventory.Commitment) string {
	if c.SLO == nil {
		return "best effort"
	}
	return fmt.Sprintf("SLO %s, RTO %s", c.SLO, c.RTO)
}

// AssessMaintainability records handover step 2: criticality and the
// tool's health against the rubric as it is.
func (s *Service) AssessMaintainability(ctx context.Context, actor core.Actor, id int64, version int,
	crit inventory.Criticality, met []string) (Request, error) {
	return s.step(ctx, actor, id, version, Maintainability, func(tx Tx, r *Request) (string, error) {
		if !crit.Valid() {
			return "", &core.Error{Code: core.Invalid, Message: "the assessment is not valid",
				Fields: []core.FieldError{{Field: "criticality", Message: "must be " + core.OneOf(inventory.Criticalities), Value: crit}}}
		}
		rub, err := tx.Rubric(ctx)
		if core.IsCode(err, core.NotFound) {
			rub, err = inventory.DefaultRubric(), nil
		}
		if err != nil {
			return "", err
		}
		a, missing, err := inventory.Judge(rub, met, "")
		if err != nil {
			return "", err
		}
		as := &Assessment{Criticality: crit, Met: a.Met, Health: a.Health, MissingFor: missing.Level, By: actor.Username, At: s.clock.Now()}
		for _, c := range missing.Criteria {
			as.Missing = append(as.Missing, c.ID)
			if c.Level == inventory.Good {
				as.MissingGood = append(as.MissingGood, c.ID)
			}
		}
		if as.Met == nil {
			as.Met = []string{}
		}
		r.Maintainability = as
		return fmt.Sprintf(": %s, health %s", crit, a.Health), nil
	})
}

// ChoosePathToProduct records handover step 3.
func (s *Service) ChoosePathToProduct(ctx context.Context, actor core.Actor, id int64, version int,
	c inventory.Category, inputs, epic, milestone string) (Request, error) {
	return s.step(ctx, actor, id, version, PathToProduct, func(_ Tx, r *Request) (string, error) {
		var p core.Problems
		p.Require(c.Valid(), "path_forward", "must be a path-forward category", c)
		checkNoSunsetAtIntake(c, &p)
		p.MaxLen("cocreate_inputs", inputs, MaxBasis)
		checkIntegrate(c, epic, milestone, r.Tool, &p)
		if err := p.Err("the path to product is not valid"); err != nil {
			return "", err
		}
		setEpic(r, epic, milestone)
		r.PathToProduct = &PathToProductAnswer{Category: c, CoCreateInputs: strings.TrimSpace(inputs), By: actor.Username, At: s.clock.Now()}
		return ": " + string(c), nil
	})
}
