package intake

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// DecisionInput is what a decision records.
type DecisionInput struct {
	Decision         Outcome // for net-new, defaults to the path forward chosen in step 2
	Basis            string
	Conditions       string
	RevisitOn        string
	ImprovementItems []string
	// Impact documents reprioritise's impact on other commitments (required there).
	Impact string
	// WorkItems and TargetMilestone scope build_internal's work (required there).
	WorkItems       []string
	TargetMilestone *Milestone
	// DocumentationUpdated ticks "README and documentation updated for the
	// new owner", required by a handover decision that takes the tool over.
	DocumentationUpdated bool
	// Product and Engineering name who agreed to build_in_product for each;
	// a decision without them waits for their agreement.
	Product, Engineering string
}

// Decide records step 4 (rule 11). It needs If-Match: of two people deciding
// at once, one wins and the other's decision is refused whole (412). A
// decision the seeds give to more than one party waits for their agreement;
// only the final decision changes the inventory.
func (s *Service) Decide(ctx context.Context, actor core.Actor, id int64, version int, in DecisionInput) (Request, error) {
	if err := s.checkMilestoneExists(ctx, id, in); err != nil {
		return Request{}, err
	}
	var r Request
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if r, err = tx.Request(ctx, id); err != nil {
			return err
		}
		if err := mayDecideSomething(r, in.Decision, actor); err != nil {
			return err // the role first: who may not decide is told so, whatever the request's state
		}
		if err := core.CheckVersion("the request", r.Version, version, true); err != nil {
			return err
		}
		if err := ExpectStep(r, DecisionStep); err != nil {
			return err
		}
		if in.Decision == "" && r.PathForward != nil {
			in.Decision = r.PathForward.Outcome
		}
		if err := s.checkDecision(ctx, tx, r, &in); err != nil {
			return err
		}
		if err := MayDecide(r, in.Decision, actor); err != nil {
			return err
		}
		if err := s.checkStepRules(ctx, r, in); err != nil {
			return err
		}
		now := s.clock.Now()
		d := &Decision{Decision: in.Decision, Basis: strings.TrimSpace(in.Basis), Conditions: strings.TrimSpace(in.Conditions),
			RevisitOn: in.RevisitOn, ImprovementItems: in.ImprovementItems, DecidedBy: actor.Username, DecidedAt: now,
			RequiredParties: slices.Clone(rules[in.Decision].parties), Agreements: []Agreement{},
			Impact: strings.TrimSpace(in.Impact), WorkItems: in.WorkItems, TargetMilestone: in.TargetMilestone,
			DocumentationUpdated: in.DocumentationUpdated}
		if in.Decision == BuildInProduct {
			d.Agreements = append(d.Agreements, namedAgreements(in, actor, now)...)
		}
		if rules[in.Decision].requesterDecides && actor.Username == r.Requester {
			d.Agreements = append(d.Agreements, Agreement{Party: RequestingTeam, By: actor.Username, At: now})
		}
		r.Decision, r.State = d, AwaitingAgreement
		if err := s.event(ctx, tx, actor, r, "request.decided", fmt.Sprintf("decided %s by %s: %s", d.Decision, actor.Username, d.Basis),
			map[string]any{"decision": d.Decision, "required_parties": d.RequiredParties}); err != nil {
			return err
		}
		if err := s.settle(ctx, tx, actor, &r); err != nil {
			return err
		}
		r.UpdatedAt = now
		return tx.UpdateRequest(ctx, &r)
	})
	return r, err
}

// checkDecision refuses a decision its kind does not allow or whose
// requirements are not met, naming each bad field.
func (s *Service) checkDecision(ctx context.Context, tx Tx, r Request, in *DecisionInput) error {
	var p core.Problems
	ok := slices.Contains(Outcomes[r.Kind], in.Decision)
	p.Require(ok, "decision", fmt.Sprintf("must be one of %v for a %s request", Outcomes[r.Kind], r.Kind), in.Decision)
	p.Require(strings.TrimSpace(in.Basis) != "", "basis", "is required: say why", nil)
	p.MaxLen("basis", in.Basis, MaxBasis)
	p.MaxLen("conditions", in.Conditions, MaxBasis)
	if in.RevisitOn != "" {
		d, err := time.Parse(time.DateOnly, in.RevisitOn)
		p.Require(err == nil, "revisit_on", "must be a date, YYYY-MM-DD", in.RevisitOn)
		p.Require(err != nil || d.After(s.clock.Now()), "revisit_on", "must be in the future", in.RevisitOn)
	}
	if ok && rules[in.Decision].revisit {
		p.Require(in.RevisitOn != "", "revisit_on", "is required for "+string(in.Decision)+": when is it re-assessed?", nil)
	}
	if in.Decision == BuildInternal && r.Plan == nil {
		p.Add("decision", "build_internal needs the plan step (criticality and design decisions), which follows choosing build_internal as the path forward", in.Decision)
	}
	for i, item := range in.ImprovementItems {
		p.Require(strings.TrimSpace(item) != "" && len(item) <= inventory.MaxTitle, fmt.Sprintf("improvement_items[%d]", i),
			"must be a title of at most 200 characters", item)
	}
	if err := p.Err("the decision is not valid"); err != nil {
		return err
	}
	switch in.Decision {
	case Accept:
		if h := r.Maintainability.Health; !h.AtLeastGood() {
			return &core.Error{Code: core.Conflict, Message: fmt.Sprintf("accept needs the tool to meet Good or better; it is %s: "+
				"accept with an improvement plan, or give best-effort support", h),
				Fields: []core.FieldError{{Field: "decision", Message: "accept is refused below Good (rule 10)", Value: in.Decision}}}
		}
	case AcceptWithPlan:
		if len(in.ImprovementItems) == 0 {
			items, err := s.defaultPlan(ctx, tx, r)
			if err != nil {
				return err
			}
			in.ImprovementItems = items
		}
		if len(in.ImprovementItems) == 0 {
			return &core.Error{Code: core.Invalid, Message: "an improvement plan needs items",
				Fields: []core.FieldError{{Field: "improvement_items", Message: "the tool meets Good: name the improvements, or accept it"}}}
		}
	}
	return nil
}

// defaultPlan is one improvement item per Good criterion the tool misses.
func (s *Service) defaultPlan(ctx context.Context, tx Tx, r Request) ([]string, error) {
	rub, err := rubricOf(ctx, tx)
	if err != nil {
		return nil, err
	}
	var items []string
	for _, id := range r.Maintainability.MissingGood {
		title := id
		for _, c := range rub.Criteria {
			if c.ID == id {
				title = c.Description
			}
		}
		if len(title) > inventory.MaxTitle {
			title = title[:inventory.MaxTitle-1] + "…"
		}
		items = append(items, title)
	}
	return items, nil
}

// rubricOf returns the rubric in force: the stored one, or the default on
// an install that never changed it. Any other failure is returned.
func rubricOf(ctx context.Context, tx inventory.RubricReader) (inventory.Rubric, error) {
	rub, err := tx.Rubric(ctx)
	if core.IsCode(err, core.NotFound) {
		return inventory.DefaultRubric(), nil
	}
	return rub, err
}

// Agree records the agreement of a party the decision waits for; the last
// one makes it final.
func (s *Service) Agree(ctx context.Context, actor core.Actor, id int64) (Request, error) {
	return s.change(ctx, id, core.NoVersion, func(tx Tx, r *Request) error {
		if r.State != AwaitingAgreement {
			return core.Errorf(core.Conflict, "request %d is %s: there is nothing to agree to", r.ID, r.State)
		}
		pending := r.Decision.Pending()
		i := slices.IndexFunc(pending, func(p Party) bool { return CanAgree(*r, p, actor) })
		if i < 0 {
			var who []string
			for _, p := range pending {
				who = append(who, partyName(*r, p))
			}
			if slices.ContainsFunc(r.Decision.RequiredParties, func(p Party) bool { return CanAgree(*r, p, actor) }) {
				return core.Errorf(core.Conflict, "%s has already agreed; still waiting for %s", actor.Username, strings.Join(who, " and "))
			}
			return core.Errorf(core.Forbidden, "%s is not a party to this decision; it waits for %s", actor.Username, strings.Join(who, " and "))
		}
		r.Decision.Agreements = append(r.Decision.Agreements, Agreement{Party: pending[i], By: actor.Username, At: s.clock.Now()})
		if err := s.event(ctx, tx, actor, *r, "request.agreed", fmt.Sprintf("%s agreed as %s", actor.Username, pending[i]),
			map[string]any{"party": pending[i]}); err != nil {
			return err
		}
		return s.settle(ctx, tx, actor, r)
	})
}

// settle makes the decision final when nobody else has to agree, and
// otherwise asks the parties it waits for.
func (s *Service) settle(ctx context.Context, tx Tx, actor core.Actor, r *Request) error {
	if pending := r.Decision.Pending(); len(pending) > 0 {
		return s.askForAgreement(ctx, tx, *r, pending)
	}
	r.State, r.Step = Decided, Done
	if err := s.apply(ctx, tx, actor, r); err != nil {
		return err
	}
	if err := s.event(ctx, tx, actor, *r, "request.final", "decision final: "+string(r.Decision.Decision), nil); err != nil {
		return err
	}
	msg := s.notifyStakeholders(*r)
	if r.ToolID != nil {
		t, err := tx.Tool(ctx, *r.ToolID)
		if err != nil {
			return err
		}
		msg.Body += "\n" + commitmentLines(t)
		if data, ok := msg.Data.(map[string]any); ok {
			data["commitment"] = map[string]any{"level": t.Commitment().Level, "rpo": "none"}
		}
	}
	return tx.Enqueue(ctx, msg)
}
