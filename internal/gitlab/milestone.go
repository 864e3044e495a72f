package gitlab

import (
	"context"
	"fmt"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// Milestones checks tools' milestones against GitLab: the milestones of the
// tool's project and of the team's project and group, with their ancestors.
type Milestones struct {
	client *Client
	clock  core.Clock
}

var _ inventory.Milestones = (*Milestones)(nil)

// NewMilestones returns the milestone check.
func NewMilestones(c *Client, clock core.Clock) *Milestones {
	return &Milestones{client: c, clock: clock}
}

// milestoneTimeout bounds a check, so that an edit never waits long on GitLab.
const milestoneTimeout = 20 * time.Second

// Upcoming reports whether title names an upcoming milestone: one that is
// active and due today or later, or has no due date. When it is not, why
// says what the milestone found is (closed, past due) or that none was found.
func (m *Milestones) Upcoming(ctx context.Context, title, project string) (bool, string, error) {
	ctx, cancel := context.WithTimeout(ctx, milestoneTimeout)
	defer cancel()
	today := m.clock.Now().UTC().Format(time.DateOnly)
	var found []*gl.Milestone
	for _, where := range m.places(project) {
		ms, err := where(ctx, title)
		if err != nil {
			return false, "", err
		}
		for _, x := range ms {
			if x.Title != title {
				continue
			}
			if upcoming(x, today) {
				return true, "", nil
			}
			found = append(found, x)
		}
	}
	if len(found) == 0 {
		return false, fmt.Sprintf("names no milestone in GitLab (looked in %s)", strings.Join(m.placeNames(project), ", ")), nil
	}
	x := found[0]
	if x.State != "active" {
		return false, fmt.Sprintf("is %s in GitLab", x.State), nil
	}
	return false, fmt.Sprintf("was due on %s: it is not upcoming", time.Time(*x.DueDate).Format(time.DateOnly)), nil
}

func upcoming(x *gl.Milestone, today string) bool {
	if x.State != "active" {
		return false
	}
	return x.DueDate == nil || time.Time(*x.DueDate).Format(time.DateOnly) >= today
}

type milestoneList func(ctx context.Context, title string) ([]*gl.Milestone, error)

// places are where a tool's milestone may live, most specific first.
func (m *Milestones) places(project string) []milestoneList {
	var out []milestoneList
	for _, p := range m.projects(project) {
		out = append(out, func(ctx context.Context, title string) ([]*gl.Milestone, error) {
			ms, _, err := m.client.api.Milestones.ListMilestones(projectRef(p), &gl.ListMilestonesOptions{
				Title: gl.Ptr(title), IncludeAncestors: gl.Ptr(true), ListOptions: gl.ListOptions{PerPage: 100}}, gl.WithContext(ctx))
			if StatusOf(err) == 404 {
				return nil, nil // a project interlock cannot see has no milestones for it
			}
			return ms, err
		})
	}
	if g := m.client.TeamGroup(); g != "" {
		out = append(out, func(ctx context.Context, title string) ([]*gl.Milestone, error) {
			ms, _, err := m.client.api.GroupMilestones.ListGroupMilestones(projectRef(g), &gl.ListGroupMilestonesOptions{
				Title: gl.Ptr(title), IncludeAncestors: gl.Ptr(true), ListOptions: gl.ListOptions{PerPage: 100}}, gl.WithContext(ctx))
			var out []*gl.Milestone
			for _, x := range ms {
				out = append(out, &gl.Milestone{ID: x.ID, Title: x.Title, State: x.State, DueDate: x.DueDate})
			}
			return out, err
		})
	}
	return out
}

func (m *Milestones) projects(project string) []string {
	var out []string
	for _, p := range []string{project, m.client.TeamProject()} {
		if p != "" && (len(out) == 0 || out[0] != p) {
			out = append(out, p)
		}
	}
	return out
}

func (m *Milestones) placeNames(project string) []string {
	var out []string
	for _, p := range m.projects(project) {
		out = append(out, "project "+p)
	}
	if g := m.client.TeamGroup(); g != "" {
		out = append(out, "group "+g)
	}
	return out
}
