package inventory

import (
	"context"
	"fmt"
	"slices"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Service applies the inventory's rules on behalf of an actor.
type Service struct {
	store Store
	clock core.Clock
	// tracker and milestones are GitLab's ports; nil without GitLab.
	tracker    Tracker
	milestones Milestones
}

// NewService returns a service over the given store and clock.
func NewService(store Store, clock core.Clock) *Service {
	return &Service{store: store, clock: clock}
}

// toolSubject names a tool as the subject of events and messages.
func toolSubject(id int64) core.Subject { return core.Subject{Type: "tool", ID: id} }

// stakeholders lists who hears about changes to a tool: its owner team and
// its stakeholder teams.
func stakeholders(t Tool, reason string) []core.Recipient {
	out := []core.Recipient{{Kind: "team", Name: t.OwnerTeam, Reason: "owner team; " + reason}}
	for _, s := range t.StakeholderTeams {
		if s != t.OwnerTeam {
			out = append(out, core.Recipient{Kind: "team", Name: s, Reason: "stakeholder team; " + reason})
		}
	}
	return out
}

// commitmentMessage tells the tool's teams that its commitment changed, or
// returns nil when it did not.
func commitmentMessage(before, after Tool) []core.Message {
	b, a := before.Commitment(), after.Commitment()
	if b.Level == a.Level && sameTarget(b.SLO, a.SLO) && sameTarget(b.RTO, a.RTO) {
		return nil
	}
	return []core.Message{{
		Topic:      "commitment.changed",
		Subject:    toolSubject(after.ID),
		Recipients: stakeholders(after, "the support commitment for this tool changed"),
		Title:      fmt.Sprintf("%s: support commitment is now %s", after.Name, describe(a)),
		Body: fmt.Sprintf("The commitment for %s changed from %s to %s.\n%s",
			after.Name, describe(b), describe(a), bullet(a.Reasons)),
		Data: map[string]any{"from": commitmentData(b), "to": commitmentData(a)},
	}}
}

func sameTarget(a, b *Target) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func describe(c Commitment) string {
	if c.SLO == nil {
		return fmt.Sprintf("%s (best effort)", c.Level)
	}
	return fmt.Sprintf("%s (SLO %s, RTO %s)", c.Level, c.SLO, c.RTO)
}

func bullet(lines []string) string {
	s := ""
	for _, l := range lines {
		s += "- " + l + "\n"
	}
	return s
}

func commitmentData(c Commitment) map[string]any {
	return map[string]any{"level": c.Level, "slo": c.SLO, "rto": c.RTO}
}

// rubric returns the stored rubric, or the default one on a new install.
func rubricOf(ctx context.Context, r RubricReader) (Rubric, error) {
	rub, err := r.Rubric(ctx)
	if core.IsCode(err, core.NotFound) {
		return DefaultRubric(), nil
	}
	return rub, err
}

// editableStage fails unless s may be set by editing a tool.
func editableStage(s Stage) error {
	if slices.Contains(EditableStages, s) {
		return nil
	}
	return &core.Error{Code: core.Invalid, Message: "that stage is entered through its workflow, not by editing the tool",
		Fields: []core.FieldError{{Field: "stage", Value: s,
			Message: "may be set to planned or operational; co_create, transition, retired and transferred follow from co-create, sunset and transfer"}}}
}
