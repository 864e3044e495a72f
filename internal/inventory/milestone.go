package inventory

import (
	"context"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Milestones checks a tool's milestone against the team's tracker (GitLab).
// It is nil when no tracker is configured, and then any milestone is taken
// as typed, as before.
type Milestones interface {
	// Upcoming reports whether title names an upcoming milestone (open, due
	// in the future or undated) where the tool's project or the team plans,
	// and when it does not, why not ("names no milestone in GitLab", "is
	// closed", ...). err is for a tracker that could not answer.
	Upcoming(ctx context.Context, title, project string) (ok bool, why string, err error)
}

// WithMilestones makes the service check milestones against the tracker.
func (s *Service) WithMilestones(m Milestones) *Service {
	s.milestones = m
	return s
}

// checkMilestone refuses a milestone the tracker does not know as upcoming.
// Only a new or changed milestone is checked, so that a milestone that has
// since passed does not block unrelated edits of the tool.
func (s *Service) checkMilestone(ctx context.Context, before, after Tool) error {
	title := strings.TrimSpace(after.Milestone)
	if s.milestones == nil || title == "" || title == strings.TrimSpace(before.Milestone) {
		return nil
	}
	ok, why, err := s.milestones.Upcoming(ctx, title, after.GitLabProject)
	if err != nil {
		return &core.Error{Code: core.Conflict, Err: err,
			Message: "the milestone could not be checked: GitLab did not answer; nothing was changed, try again"}
	}
	if !ok {
		return &core.Error{Code: core.Invalid, Message: "the tool is not valid",
			Fields: []core.FieldError{{Field: "milestone", Value: title,
				Message: "must name an upcoming milestone in GitLab: it " + why}}}
	}
	return nil
}

// checkPatchMilestone checks a patch's milestone before the change's
// transaction, so that no transaction waits on GitLab.
func (s *Service) checkPatchMilestone(ctx context.Context, id int64, p Patch) error {
	if s.milestones == nil || p.Milestone == nil {
		return nil
	}
	before, err := s.store.Tool(ctx, id)
	if err != nil {
		return nil // the transaction reports it
	}
	after := before
	p.apply(&after)
	after.normalize()
	return s.checkMilestone(ctx, before, after)
}
