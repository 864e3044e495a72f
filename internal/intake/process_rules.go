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

// MilestoneChecker says whether a milestone is upcoming where the work is
// tracked (GitLab). It has the method of inventory.Milestones, so the same
// adapter serves both. Without one, a target milestone is checked for its
// due date only.
type MilestoneChecker interface {
	// Upcoming reports whether title names an upcoming milestone for the
	// project (or the team), and when not, why not.
	Upcoming(ctx context.Context, title, project string) (ok bool, why string, err error)
}

// WithMilestones makes the service check that a build_internal decision's
// target milestone exists (rule 13 of issue 14), and returns the service.
func (s *Service) WithMilestones(m MilestoneChecker) *Service {
	s.milestones = m
	return s
}

// takesOver lists the handover decisions that make ProdSecEng the tool's
// owner: the README and documentation must be updated first (rule 4).
var takesOver = []Outcome{Accept, AcceptWithPlan, BestEffort, Reprioritise}

// checkStepRules holds the rules of issue 14 on a decision: it is the path
// forward of step 2 (rule 10); build_in_product names Product and
// Engineering (rule 11, as agreements); reprioritise documents its impact
// (rule 12); build_internal scopes work items and an upcoming milestone
// (rule 13); a handover that changes the owner has its documentation
// updated (rule 4).
func (s *Service) checkStepRules(ctx context.Context, r Request, in DecisionInput) error {
	if r.Kind == NetNew && r.PathForward != nil && in.Decision != r.PathForward.Outcome {
		return &core.Error{Code: core.Conflict,
			Message: fmt.Sprintf("step 2 chose %s: a different decision needs step 2 redone, which a manager does with "+
				"POST /api/v1/requests/%d/reassess (the history is kept)", r.PathForward.Outcome, r.ID),
			Fields: []core.FieldError{{Field: "decision", Value: in.Decision,
				Message: "must be the path forward chosen in step 2, " + string(r.PathForward.Outcome)}}}
	}
	var p core.Problems
	switch in.Decision {
	case Reprioritise:
		p.Require(strings.TrimSpace(in.Impact) != "", "impact", "is required for reprioritise: document the impact on other commitments", nil)
	case BuildInternal:
		p.Require(len(in.WorkItems) > 0, "work_items", "is required for build_internal: scope the work into work items", nil)
		for i, w := range in.WorkItems {
			p.Require(strings.TrimSpace(w) != "" && len(w) <= inventory.MaxTitle, fmt.Sprintf("work_items[%d]", i),
				"must be a title of at most 200 characters", w)
		}
		s.checkMilestone(in.TargetMilestone, &p)
	case BuildInProduct:
		p.MaxLen("product", in.Product, inventory.MaxTeam)
		p.MaxLen("engineering", in.Engineering, inventory.MaxTeam)
	}
	if slices.Contains(takesOver, in.Decision) {
		p.Require(in.DocumentationUpdated, "documentation_updated",
			"tick it once the README and documentation say ProdSecEng owns the tool: the transfer is not complete before", in.DocumentationUpdated)
	}
	p.MaxLen("impact", in.Impact, MaxBasis)
	return p.Err("the decision is not valid")
}

// checkMilestone wants a target milestone that is upcoming: due after
// today (checkMilestoneExists asks GitLab, before the transaction).
func (s *Service) checkMilestone(m *Milestone, p *core.Problems) {
	if m == nil || strings.TrimSpace(m.Title) == "" {
		p.Add("target_milestone.title", "is required for build_internal: the upcoming milestone the work is planned for", nil)
		return
	}
	p.MaxLen("target_milestone.title", m.Title, inventory.MaxMilestone)
	due, err := time.Parse(time.DateOnly, m.DueOn)
	if err != nil {
		p.Add("target_milestone.due_on", "must be the milestone's due date, YYYY-MM-DD", m.DueOn)
		return
	}
	today := s.clock.Now().UTC().Format(time.DateOnly)
	if due.Format(time.DateOnly) <= today {
		p.Add("target_milestone.due_on", "must be in the future: the milestone must be upcoming", m.DueOn)
	}
}

// checkMilestoneExists asks the tracker, outside any transaction, whether
// a build_internal decision's target milestone exists and is upcoming.
func (s *Service) checkMilestoneExists(ctx context.Context, id int64, in DecisionInput) error {
	if s.milestones == nil || in.TargetMilestone == nil || strings.TrimSpace(in.TargetMilestone.Title) == "" {
		return nil
	}
	r, err := s.store.Request(ctx, id)
	if err != nil {
		return nil // the decision's transaction reports it
	}
	if r.PathForward == nil || r.PathForward.Outcome != BuildInternal {
		return nil
	}
	ok, why, err := s.milestones.Upcoming(ctx, strings.TrimSpace(in.TargetMilestone.Title), r.Tool.GitLabProject)
	if err != nil {
		return &core.Error{Code: core.Conflict, Err: err,
			Message: "the target milestone could not be checked: GitLab did not answer; nothing was changed, try again"}
	}
	if !ok {
		return invalidField("target_milestone.title", in.TargetMilestone.Title, "must name an upcoming milestone in GitLab: it "+why)
	}
	return nil
}

// namedAgreements records the Product and Engineering agreements a
// build_in_product decision names as it is recorded.
func namedAgreements(in DecisionInput, actor core.Actor, now time.Time) []Agreement {
	var out []Agreement
	for _, a := range []struct {
		party Party
		name  string
	}{{Product, in.Product}, {Engineering, in.Engineering}} {
		if n := strings.TrimSpace(a.name); n != "" {
			out = append(out, Agreement{Party: a.party, By: actor.Username, At: now, Name: n})
		}
	}
	return out
}

// AgreeAs records the agreement of one party, naming who agreed for it:
// Product and Engineering are recorded by ProdSecEng (an engineer) with the
// name of the person who agreed; the others agree as Agree says.
func (s *Service) AgreeAs(ctx context.Context, actor core.Actor, id int64, party Party, name string) (Request, error) {
	if party != Product && party != Engineering {
		return s.Agree(ctx, actor, id)
	}
	name = strings.TrimSpace(name)
	if err := actor.Require(core.PermEngineer, "recording the agreement of "+string(party)); err != nil {
		return Request{}, err
	}
	if name == "" || len(name) > inventory.MaxTeam {
		return Request{}, invalidField("name", name, "is required: who agreed for "+string(party))
	}
	return s.change(ctx, id, core.NoVersion, func(tx Tx, r *Request) error {
		if r.State != AwaitingAgreement || !slices.Contains(r.Decision.Pending(), party) {
			return core.Errorf(core.Conflict, "request %d does not wait for %s's agreement", r.ID, party)
		}
		r.Decision.Agreements = append(r.Decision.Agreements, Agreement{Party: party, By: actor.Username, At: s.clock.Now(), Name: name})
		if err := s.event(ctx, tx, actor, *r, "request.agreed", fmt.Sprintf("%s agreed for %s (recorded by %s)", name, party, actor.Username),
			map[string]any{"party": party, "name": name}); err != nil {
			return err
		}
		return s.settle(ctx, tx, actor, r)
	})
}

// ReassessInput says why a request goes back to step 2.
type ReassessInput struct {
	Reason        string
	RoadmapChange bool // the product roadmap changed (rule 14)
}

// Reassess takes a net-new request back to step 2, keeping what it
// replaces in its history (manager). It redoes step 2 when a different
// decision is wanted (rule 10): the request is at plan, decision or
// awaiting agreement. It re-assesses a request decided wait_for_product or
// defer_capacity on or after its revisit date, or at once when the roadmap
// changed (rule 14).
func (s *Service) Reassess(ctx context.Context, actor core.Actor, id int64, version int, in ReassessInput) (Request, error) {
	if err := actor.Require(core.PermManage, "re-assessing a request through step 2"); err != nil {
		return Request{}, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" || len(in.Reason) > MaxBasis {
		return Request{}, invalidField("reason", nil, "is required: why step 2 is redone")
	}
	return s.change(ctx, id, version, func(tx Tx, r *Request) error {
		if err := mayReassess(*r, in, s.clock.Now()); err != nil {
			return err
		}
		was := r.State
		r.History = append(r.History, Reassessment{By: actor.Username, At: s.clock.Now(), Reason: in.Reason,
			RoadmapChange: in.RoadmapChange, State: was, PathForward: r.PathForward, Plan: r.Plan, Decision: r.Decision})
		r.PathForward, r.Plan, r.Decision = nil, nil, nil
		r.State, r.Step = Open, PathForwardStep
		return s.event(ctx, tx, actor, *r, "request.reassessed", fmt.Sprintf("back to step 2 (was %s): %s", was, in.Reason),
			map[string]any{"reason": in.Reason, "roadmap_change": in.RoadmapChange, "history": len(r.History)})
	})
}

// mayReassess refuses a re-assessment the process has no place for.
func mayReassess(r Request, in ReassessInput, now time.Time) error {
	if r.Kind != NetNew {
		return core.Errorf(core.Conflict, "request %d is %s: only net-new requests have a step 2 path forward to redo", r.ID, r.Kind)
	}
	switch r.State {
	case Open:
		if r.PathForward == nil {
			return core.Errorf(core.Conflict, "request %d has no path forward yet: step 2 is still to do", r.ID)
		}
		return nil
	case AwaitingAgreement:
		return nil
	case Decided:
		if r.Decision == nil || !rules[r.Decision.Decision].revisit {
			return core.Errorf(core.Conflict, "request %d is decided %s: only wait_for_product and defer_capacity come back", r.ID,
				r.Decision.Decision)
		}
		if !in.RoadmapChange && !revisitDue(r, now) {
			return &core.Error{Code: core.Conflict,
				Message: fmt.Sprintf("request %d is to be revisited on %s; before then, only a roadmap change brings it back", r.ID, r.Decision.RevisitOn),
				Fields:  []core.FieldError{{Field: "roadmap_change", Value: false, Message: "set it when the product roadmap changed"}}}
		}
		return nil
	}
	return core.Errorf(core.Conflict, "request %d is %s: only an open, awaiting or revisitable decided request is re-assessed; open a new request instead", r.ID, r.State)
}

// Due reports whether a deferred or waiting request has come back: its
// revisit date is today or past (rule 14).
func (r Request) Due(today time.Time) bool { return revisitDue(r, today) }

// checkNoSunsetAtIntake refuses the sunset category at intake: it is set
// only by opening a sunset plan (rule 2).
func checkNoSunsetAtIntake(c inventory.Category, p *core.Problems) {
	p.Require(c != inventory.Sunset, "path_forward", "cannot be sunset at intake: only opening a sunset plan sets it", c)
}

// retrospectiveADR is the request a handover without ADRs leaves to the
// transferring team: document the key decisions retrospectively. It is a
// proposed ADR of the tool, tracked until it is accepted (rule 15).
func retrospectiveADR(r Request) inventory.ADR {
	return inventory.ADR{Title: "Key decisions, to be documented retrospectively by " + r.RequestingTeam,
		Status: inventory.ADRProposed, Retrospective: true,
		Context: fmt.Sprintf("%s was handed over to ProdSecEng (intake request %d) without architectural decision records.", toolName(r), r.ID),
		Decision: fmt.Sprintf("Requested of the transferring team %s: record the key decisions (language, deployment, data handling, "+
			"security) retrospectively with the ADR template; this record stays proposed until they are written, then is accepted.", r.RequestingTeam)}
}

// adrRequestMessage asks the transferring team for the retrospective ADRs.
func (s *Service) adrRequestMessage(r Request, toolID int64) core.Message {
	return core.Message{Topic: "adr.requested", Subject: core.Subject{Type: "tool", ID: toolID}, CreatedAt: s.clock.Now(),
		Recipients: []core.Recipient{{Kind: "team", Name: r.RequestingTeam, Reason: "the transferring team knows the decisions"},
			{Kind: "user", Name: r.Requester, Reason: "opened the handover"}},
		Title: fmt.Sprintf("%s: please document its key decisions retrospectively", toolName(r)),
		Body: fmt.Sprintf("%s came to ProdSecEng without ADRs. Please record its key decisions with the ADR template; "+
			"ProdSecEng tracks this as ADR 1 of the tool (proposed) until it is done.", toolName(r))}
}

// toolName is the name of the tool a request adds.
func toolName(r Request) string {
	if r.Tool.Name != "" {
		return r.Tool.Name
	}
	return r.Title
}

// linkCriteria names the rubric criterion of each improvement item it can,
// and adds an item for each Good criterion the tool misses that no item
// covers, so that doing the plan brings the tool to Good (rule 17).
func linkCriteria(rub inventory.Rubric, items []string, missingGood []string) []inventory.Improvement {
	var out []inventory.Improvement
	covered := map[string]bool{}
	for _, item := range items {
		im := inventory.Improvement{Title: strings.TrimSpace(item)}
		if id, ok := inventory.CriterionFor(rub, item); ok {
			im.CriterionID, covered[id] = id, true
			if strings.EqualFold(im.Title, id) {
				im.Title = criterionTitle(rub, id)
			}
		}
		out = append(out, im)
	}
	for _, id := range missingGood {
		if !covered[id] {
			out = append(out, inventory.Improvement{Title: criterionTitle(rub, id), CriterionID: id})
		}
	}
	return out
}

func criterionTitle(rub inventory.Rubric, id string) string {
	for _, c := range rub.Criteria {
		if c.ID == id {
			t := c.Description
			if len(t) > inventory.MaxTitle {
				t = t[:inventory.MaxTitle-1] + "…"
			}
			return t
		}
	}
	return id
}

// commitmentLines say what the tool's commitment is, ending with no RPO (rule 3).
func commitmentLines(t inventory.Tool) string {
	c := t.Commitment()
	return fmt.Sprintf("Commitment for %s: %s.\n- %s\n", t.Name, commitmentText(c), strings.Join(c.Reasons, "\n- "))
}

func invalidField(field string, value any, msg string) error {
	return &core.Error{Code: core.Invalid, Message: "the input is not valid",
		Fields: []core.FieldError{{Field: field, Message: msg, Value: value}}}
}
