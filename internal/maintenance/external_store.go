package maintenance

import (
	"context"
	"time"
)

// ExternalLink ties a support issue to the issue an outside tracker keeps
// for it: the tracker's stable key, where to comment back, and the
// tracker's updated_at of the newest change applied.
type ExternalLink struct {
	IssueID   int64
	ToolID    int64
	Key       string
	Ref       string
	UpdatedAt time.Time
	// ClocksFrom is when the issue's clocks started: when it opened, or
	// when it began to block; zero when no clock ever ran.
	ClocksFrom time.Time
}

// ExternalReader reads the links between support issues and outside issues.
type ExternalReader interface {
	// ExternalLink returns the link of key; NotFound when no issue has it.
	ExternalLink(ctx context.Context, key string) (ExternalLink, error)
	// ExternalLinkOf returns the link of a support issue; NotFound when it has none.
	ExternalLinkOf(ctx context.Context, issueID int64) (ExternalLink, error)
	// OpenExternalLinks lists the links whose key starts with prefix and
	// whose issue is not closed, oldest first.
	OpenExternalLinks(ctx context.Context, prefix string) ([]ExternalLink, error)
}

// ExternalWriter stores what an outside tracker says about an issue.
type ExternalWriter interface {
	// SaveExternalLink sets the key, ref and updated_at of link.IssueID.
	SaveExternalLink(ctx context.Context, link ExternalLink) error
	// UpdateIssueDetails stores every field of an issue that an outside
	// tracker may change (title, kind, blocking, URL, commitment and clocks
	// besides its progress) if the stored version is still is.Version.
	UpdateIssueDetails(ctx context.Context, is *Issue) error
}
