package inventory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Patch is a partial update of a tool: nil fields are left as they are.
// Health is not here: it follows from an assessment.
type Patch struct {
	Name             *string
	Summary          *string
	OwnerTeam        *string
	StakeholderTeams *[]string
	RepositoryURL    *string
	GitLabProject    *string
	Criticality      *Criticality
	Category         *Category
	Stage            *Stage
	EpicURL          *string
	Milestone        *string
	// Reason says why criticality or category changes; a manager's edit of
	// either needs one (rule 1).
	Reason string
}

func (p Patch) apply(t *Tool) {
	set(&t.Name, p.Name)
	set(&t.Summary, p.Summary)
	set(&t.OwnerTeam, p.OwnerTeam)
	if p.StakeholderTeams != nil {
		t.StakeholderTeams = slices.Clone(*p.StakeholderTeams)
	}
	set(&t.RepositoryURL, p.RepositoryURL)
	set(&t.GitLabProject, p.GitLabProject)
	set(&t.Criticality, p.Criticality)
	set(&t.Category, p.Category)
	set(&t.Stage, p.Stage)
	set(&t.EpicURL, p.EpicURL)
	set(&t.Milestone, p.Milestone)
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// UpdateTool applies a patch to the tool if version is still its current
// one (optimistic concurrency; version 0 means the client sent none, which
// is refused). The change, its event and any commitment message commit together.
func (s *Service) UpdateTool(ctx context.Context, actor core.Actor, id int64, version int, p Patch) (Tool, error) {
	if err := actor.Require(core.PermEngineer, "editing the inventory"); err != nil {
		return Tool{}, err
	}
	if err := s.checkPatchMilestone(ctx, id, p); err != nil {
		return Tool{}, err
	}
	var after Tool
	err := s.store.InTx(ctx, func(tx Tx) error {
		before, err := tx.Tool(ctx, id)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the tool", before.Version, version, true); err != nil {
			return err
		}
		after = before
		after.StakeholderTeams = slices.Clone(before.StakeholderTeams)
		p.apply(&after)
		if p.Stage != nil && *p.Stage != before.Stage {
			if err := editableStage(*p.Stage); err != nil {
				return err
			}
		}
		if err := after.Validate(); err != nil {
			return err
		}
		if err := managerDecision(actor, before, after, p.Reason); err != nil {
			return err
		}
		summary := ""
		if r := strings.TrimSpace(p.Reason); r != "" && len(diff(before, after)) > 0 {
			summary = "changed " + strings.Join(changeNames(diff(before, after)), ", ") + ": " + r
		}
		return s.saveTool(ctx, tx, actor, before, &after, "tool.updated", summary)
	})
	return after, err
}

// saveTool stores a changed tool with an event listing what changed and, when
// the commitment moved, a message to its teams. A change that changes nothing
// is stored as nothing.
func (s *Service) saveTool(ctx context.Context, tx ToolTx, actor core.Actor, before Tool, after *Tool, event, summary string) error {
	changes := diff(before, *after)
	if len(changes) == 0 {
		*after = before
		return nil
	}
	if err := checkSunsetCategory(&before, *after); err != nil {
		return err
	}
	now := s.clock.Now()
	after.UpdatedAt = now
	if err := tx.UpdateTool(ctx, after, actor.Username); err != nil {
		return err
	}
	if summary == "" {
		summary = "changed " + strings.Join(changeNames(changes), ", ")
	}
	if err := tx.Append(ctx, core.Event{
		Subject: toolSubject(after.ID), Type: event, Actor: actor.Username, At: now,
		Summary: summary, Data: map[string]any{"changes": changes},
	}); err != nil {
		return err
	}
	msgs := commitmentMessage(before, *after)
	for i := range msgs {
		msgs[i].CreatedAt = now
	}
	return tx.Enqueue(ctx, msgs...)
}

// Change is one field's old and new value, as shown on the timeline.
type Change struct {
	Field string `json:"field"`
	From  any    `json:"from"`
	To    any    `json:"to"`
}

func diff(a, b Tool) []Change {
	var out []Change
	add := func(field string, from, to any) {
		if fmt.Sprint(from) != fmt.Sprint(to) {
			out = append(out, Change{field, from, to})
		}
	}
	add("name", a.Name, b.Name)
	add("summary", a.Summary, b.Summary)
	add("owner_team", a.OwnerTeam, b.OwnerTeam)
	add("stakeholder_teams", a.StakeholderTeams, b.StakeholderTeams)
	add("repository_url", a.RepositoryURL, b.RepositoryURL)
	add("gitlab_project", a.GitLabProject, b.GitLabProject)
	add("criticality", a.Criticality, b.Criticality)
	add("category", a.Category, b.Category)
	add("stage", a.Stage, b.Stage)
	add("epic_url", a.EpicURL, b.EpicURL)
	add("milestone", a.Milestone, b.Milestone)
	add("health", a.Health, b.Health)
	return out
}

func changeNames(cs []Change) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Field
	}
	return names
}

// toolSnapshot is the data of a creation event.
func toolSnapshot(t Tool) map[string]any {
	return map[string]any{
		"name": t.Name, "owner_team": t.OwnerTeam, "stakeholder_teams": t.StakeholderTeams,
		"criticality": t.Criticality, "category": t.Category, "stage": t.Stage, "health": t.Health,
		"epic_url": t.EpicURL, "milestone": t.Milestone,
	}
}
