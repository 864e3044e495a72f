package intake

import (
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// pathOf is each kind's steps, in order.
var pathOf = map[Kind][]Step{
	NetNew:   {Understanding, PathForwardStep, PlanStep, DecisionStep, Done},
	Handover: {Understanding, Maintainability, PathToProduct, DecisionStep, Done},
	Other:    {DecisionStep, Done},
}

// StepAfter is the step after s for r: a net-new request goes to plan only
// after build_internal (rule 8).
func StepAfter(r Request, s Step) Step {
	steps := pathOf[r.Kind]
	for i, x := range steps {
		if x != s || i+1 == len(steps) {
			continue
		}
		n := steps[i+1]
		if n == PlanStep && (r.PathForward == nil || r.PathForward.Outcome != BuildInternal) {
			return DecisionStep
		}
		return n
	}
	return Done
}

// urlOf is how each step is named in the API path.
func urlOf(s Step) string { return strings.ReplaceAll(string(s), "_", "-") }

// ExpectStep refuses a step the request is not at, naming where it is and what
// may come next (409).
func ExpectStep(r Request, s Step) error {
	if r.State == Decided || r.State == Withdrawn {
		return core.Errorf(core.Conflict, "request %d is %s: no step can change it", r.ID, r.State)
	}
	if r.State == AwaitingAgreement {
		return core.Errorf(core.Conflict, "request %d is decided and awaiting agreement from %s; next: each of them agrees (POST /api/v1/requests/%d/decision/agreements)",
			r.ID, partyList(r.Decision.Pending()), r.ID)
	}
	if r.Step == s {
		return nil
	}
	return core.Errorf(core.Conflict, "request %d is at step %s, not %s; next: %s", r.ID, r.Step, s, urlOf(r.Step))
}

// advance records that step s is done and moves to the next.
func advance(r *Request, s Step) {
	r.Step = StepAfter(*r, s)
}

func stepSummary(r Request, s Step, detail string) string {
	return fmt.Sprintf("step %s done%s; next: %s", s, detail, urlOf(r.Step))
}
