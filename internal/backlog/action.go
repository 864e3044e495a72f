package backlog

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// The kinds of action.
const (
	ActionLabels  = "label_change"
	ActionComment = "comment"
	ActionNotify  = "notification"
)

// Action is one change the backlog asks for: labels added and removed and
// comments in GitLab, and notifications through the outbox.
type Action struct {
	Kind       string           `json:"kind" enum:"label_change,comment,notification"`
	Policy     string           `json:"policy,omitempty" doc:"The policy that asked for it, for triage"`
	ItemID     int64            `json:"item_id,omitempty"`
	ItemURL    string           `json:"item_url,omitempty"`
	Add        []string         `json:"add,omitempty"`
	Remove     []string         `json:"remove,omitempty"`
	Body       string           `json:"body,omitempty"`
	Recipients []core.Recipient `json:"recipients,omitempty"`
	// Once marks an action done at most once for its item (or, team-level,
	// once a day): its key is recorded when it is carried out.
	Once string `json:"-"`
}

// Ref is what GitLab needs to find an item.
type Ref struct {
	Kind      Kind
	ProjectID int64
	Project   string // full path, used when ProjectID is 0
	IID       int64
	URL       string
}

// RefOf is the GitLab reference of an item.
func RefOf(it Item) Ref {
	return Ref{Kind: it.Kind, ProjectID: it.ProjectID, Project: it.Project, IID: it.IID, URL: it.URL}
}

// GitLab carries out the label changes and comments the backlog decides.
// The GitLab adapter implements it with the API; without GitLab, items are
// local and only the stored labels change.
type GitLab interface {
	// SetLabels adds and removes labels of an issue, epic or merge request.
	SetLabels(ctx context.Context, ref Ref, add, remove []string) error
	// Comment adds a comment (note).
	Comment(ctx context.Context, ref Ref, body string) error
	// CreateIssue opens an issue in a project with labels and returns its
	// observed state.
	CreateIssue(ctx context.Context, project, title, description string, labels []string) (ObservedItem, error)
}
