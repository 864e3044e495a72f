package inventory

import (
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// MaxReason bounds the reason of a manager's edit.
const MaxReason = 5000

// managerDecision holds rule 1 of issue 14 on an edit: a tool's criticality
// and category are the manager's decisions. They come from intake
// decisions, reviews and signals (through Apply), or from a manager's edit
// that says why; an engineer's edit cannot change them.
func managerDecision(actor core.Actor, before, after Tool, reason string) error {
	var changed []string
	if before.Criticality != after.Criticality {
		changed = append(changed, "criticality")
	}
	if before.Category != after.Category {
		changed = append(changed, "category")
	}
	if len(changed) == 0 {
		return nil
	}
	what := strings.Join(changed, " and ")
	if err := actor.Require(core.PermManage, "changing a tool's "+what+" (a manager's decision; engineers propose it in a review)"); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var p core.Problems
	p.Require(reason != "", "reason", fmt.Sprintf("is required: say why the %s changes", what), nil)
	p.MaxLen("reason", reason, MaxReason)
	return p.Err("the change is not valid")
}

// managerCreation holds rule 1 of issue 14 on a tool created directly
// (outside intake): an engineer may add a tool to the inventory, but only
// with the least commitment, criticality low and category maintain. Any
// other criticality or category is a manager's decision, made by a manager
// creating the tool, by an intake decision, or later by a review or a
// manager's edit with a reason.
func managerCreation(actor core.Actor, t Tool) error {
	if t.Criticality == Low && t.Category == Maintain {
		return nil
	}
	if actor.Role.Can(core.PermManage) {
		return nil
	}
	return &core.Error{Code: core.Forbidden,
		Message: fmt.Sprintf("creating a tool with criticality %s and category %s is a manager's decision; "+
			"an engineer adds it as criticality low, category maintain, and a manager changes that with a reason", t.Criticality, t.Category),
		Fields: []core.FieldError{
			{Field: "criticality", Value: t.Criticality, Message: "only low unless a manager creates the tool"},
			{Field: "category", Value: t.Category, Message: "only maintain unless a manager creates the tool"}}}
}

// checkSunsetCategory holds rule 2 of issue 14: category sunset means the
// tool is going through Transition & Sunset. Only opening a sunset plan
// sets it (stage transition with it), so no tool is created or edited into
// sunset; while the plan is open (stage transition) the category stays
// sunset, and only closing or rolling back the plan changes it.
func checkSunsetCategory(before *Tool, after Tool) error {
	switch {
	case after.Stage == Transition && after.Category != Sunset:
		return &core.Error{Code: core.Conflict,
			Message: fmt.Sprintf("%s is being sunset: its category stays sunset while the sunset plan is open; roll the plan back to change it", after.Name),
			Fields:  []core.FieldError{{Field: "category", Value: after.Category, Message: "stays sunset while the sunset plan is open"}}}
	case after.Category == Sunset && (after.Stage == Planned || after.Stage == Operational || after.Stage == CoCreate):
		if before != nil && before.Category == Sunset {
			return nil // an older tool already in sunset: leave it be until its plan moves it
		}
		return &core.Error{Code: core.Conflict,
			Message: "category sunset is set by opening a sunset plan (POST /api/v1/tools/{id}/sunset, or a review that sunsets the tool)",
			Fields:  []core.FieldError{{Field: "category", Value: after.Category, Message: "only opening a sunset plan sets sunset"}}}
	}
	return nil
}
