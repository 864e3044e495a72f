package gitlab

import (
	"context"
	"fmt"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/backlog"
)

// BacklogPort carries out the backlog's label changes and comments with
// the API.
type BacklogPort struct {
	client *Client
}

var _ backlog.GitLab = (*BacklogPort)(nil)

// NewBacklogPort returns the backlog's way into GitLab.
func NewBacklogPort(c *Client) *BacklogPort { return &BacklogPort{client: c} }

// where is the project (or group) of an item: its id, or its path when the
// id is unknown.
func where(ref backlog.Ref) any {
	if ref.ProjectID != 0 {
		return ref.ProjectID
	}
	return ref.Project
}

// SetLabels adds and removes labels with add_labels and remove_labels, so
// that labels changed meanwhile by someone else are kept.
func (p *BacklogPort) SetLabels(ctx context.Context, ref backlog.Ref, add, remove []string) error {
	a, r := gl.LabelOptions(add), gl.LabelOptions(remove)
	var addp, remp *gl.LabelOptions
	if len(add) > 0 {
		addp = &a
	}
	if len(remove) > 0 {
		remp = &r
	}
	api := p.client.api
	var err error
	switch ref.Kind {
	case backlog.Issue:
		_, _, err = api.Issues.UpdateIssue(where(ref), ref.IID, &gl.UpdateIssueOptions{AddLabels: addp, RemoveLabels: remp}, gl.WithContext(ctx))
	case backlog.MergeRequest:
		_, _, err = api.MergeRequests.UpdateMergeRequest(where(ref), ref.IID,
			&gl.UpdateMergeRequestOptions{AddLabels: addp, RemoveLabels: remp}, gl.WithContext(ctx))
	case backlog.Epic:
		_, _, err = api.Epics.UpdateEpic(where(ref), ref.IID, &gl.UpdateEpicOptions{AddLabels: addp, RemoveLabels: remp}, gl.WithContext(ctx))
	default:
		err = fmt.Errorf("a %s item is not in GitLab", ref.Kind)
	}
	return err
}

// Comment adds a note to the issue, merge request or epic.
func (p *BacklogPort) Comment(ctx context.Context, ref backlog.Ref, body string) error {
	api := p.client.api
	var err error
	switch ref.Kind {
	case backlog.Issue:
		_, _, err = api.Notes.CreateIssueNote(where(ref), ref.IID, &gl.CreateIssueNoteOptions{Body: &body}, gl.WithContext(ctx))
	case backlog.MergeRequest:
		_, _, err = api.Notes.CreateMergeRequestNote(where(ref), ref.IID, &gl.CreateMergeRequestNoteOptions{Body: &body}, gl.WithContext(ctx))
	case backlog.Epic:
		_, _, err = api.Notes.CreateEpicNote(where(ref), ref.IID, &gl.CreateEpicNoteOptions{Body: &body}, gl.WithContext(ctx))
	default:
		err = fmt.Errorf("a %s item is not in GitLab", ref.Kind)
	}
	return err
}

// CreateIssue opens an issue in a project (path or id) with labels.
func (p *BacklogPort) CreateIssue(ctx context.Context, project, title, description string, labels []string) (backlog.ObservedItem, error) {
	l := gl.LabelOptions(labels)
	is, _, err := p.client.api.Issues.CreateIssue(projectRef(project), &gl.CreateIssueOptions{Title: &title, Description: &description,
		Labels: &l}, gl.WithContext(ctx))
	if err != nil {
		return backlog.ObservedItem{}, err
	}
	o := BacklogIssue(is, "")
	if o.Project == "" {
		o.Project = project
	}
	return o, nil
}
