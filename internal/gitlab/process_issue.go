package gitlab

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// IssueExtras are the two attributes of an issue event that client-go's
// IssueEvent does not carry: the work item type (GitLab 17.2+) and closed_at.
// They are read by the worker only, so that the receiver decodes a body once.
type IssueExtras struct {
	ObjectAttributes struct {
		Type     string `json:"type"`
		ClosedAt string `json:"closed_at"`
		// TotalTimeSpent is GitLab's time tracking in seconds; nil when the
		// payload does not carry it.
		TotalTimeSpent *int64 `json:"total_time_spent"`
	} `json:"object_attributes"`
}

// workItemTypes are the work item types that are issues to interlock.
var workItemTypes = []string{"Issue", "Incident"}

// issueEvent applies an Issue Hook (also confidential issues and work
// items of type Issue or Incident) to the support issue of that GitLab issue.
func (h *Hooks) issueEvent(ctx context.Context, d Delivery, e *gl.IssueEvent, m LabelMapping, page *pageCache) (string, string, error) {
	var extras IssueExtras
	_ = json.Unmarshal(d.Body, &extras) // the body parsed once already
	typ := extras.ObjectAttributes.Type
	if e.ObjectKind == "work_item" && !slices.Contains(workItemTypes, typ) {
		return DeliveryIgnored, fmt.Sprintf("interlock does not use work items of type %q", typ), nil
	}
	if e.ObjectKind != "issue" && e.ObjectKind != "work_item" {
		return DeliveryIgnored, fmt.Sprintf("interlock does not use %q objects", e.ObjectKind), nil
	}
	tool, ok, err := h.toolOf(ctx, page, e.Project.PathWithNamespace, projectIDOf(e))
	if err != nil || !ok {
		return DeliveryIgnored, unknownProject(d.Project), err
	}
	ext, err := IssueToExternal(e, extras, m, d.EventUUID)
	if err != nil {
		return "", "", err
	}
	return h.apply(ctx, tool, ext)
}

// IssueToExternal reads an issue event as the maintenance workflow takes it.
func IssueToExternal(e *gl.IssueEvent, extras IssueExtras, m LabelMapping, eventUUID string) (maintenance.ExternalIssue, error) {
	a := e.ObjectAttributes
	var errs []error
	parse := func(s string) time.Time {
		t, err := ParseHookTime(s)
		if err != nil {
			errs = append(errs, err)
		}
		return t
	}
	opened := parse(a.CreatedAt)
	updated := later(parse(a.UpdatedAt), parse(e.Changes.UpdatedAt.Current))
	closedAt := parse(e.Changes.ClosedAt.Current)
	if len(errs) > 0 {
		return maintenance.ExternalIssue{}, errs[0]
	}
	if t, err := ParseHookTime(extras.ObjectAttributes.ClosedAt); err == nil { // not checked at receipt: a bad one is left out
		closedAt = later(closedAt, t)
	}
	labels := labelTitles(e.Labels)
	if len(labels) == 0 {
		labels = labelTitles(a.Labels)
	}
	confidential := a.Confidential || e.EventType == "confidential_issue"
	kind, blocks := m.Classify(labels, confidential)
	if kind == maintenance.Other && extras.ObjectAttributes.Type == "Incident" {
		kind = maintenance.Outage
	}
	ext := maintenance.ExternalIssue{Key: IssueKey(a.ID), Ref: formatRef(projectIDOf(e), a.IID), URL: a.URL,
		Title: a.Title, Kind: kind, Blocks: blocks, OpenedAt: opened, UpdatedAt: updated, EventUUID: eventUUID,
		Closed: a.State == "closed" || a.Action == "close"}
	if ext.UpdatedAt.IsZero() {
		ext.UpdatedAt = opened
	}
	ext.TimeSpent = timeSpent(extras.ObjectAttributes.TotalTimeSpent)
	if blocks && blockingLabelAdded(e.Changes.Labels, m) {
		since := ext.UpdatedAt
		ext.BlocksSince = &since
	}
	if u := firstAssignee(e); u != "" {
		ext.Assignee = u
		switch {
		case a.Action == "open":
			ext.AssignedAt = &ext.OpenedAt
		case len(e.Changes.Assignees.Current) > 0:
			ext.AssignedAt = &ext.UpdatedAt
		}
	}
	if ext.Closed {
		if closedAt.IsZero() {
			closedAt = ext.UpdatedAt
		}
		ext.ClosedAt = &closedAt
	}
	return ext, nil
}

// timeSpent reads GitLab's total_time_spent (seconds) as a duration; nil
// when GitLab did not report it or reports a negative amount.
func timeSpent(seconds *int64) *time.Duration {
	if seconds == nil || *seconds < 0 {
		return nil
	}
	d := time.Duration(*seconds) * time.Second
	return &d
}

// blockingLabelAdded reports whether this event added a blocking label.
func blockingLabelAdded(c gl.EventChangesLabels, m LabelMapping) bool {
	return c.Current != nil && m.blocking(labelTitles(c.Current)) && !m.blocking(labelTitles(c.Previous))
}

func labelTitles(ls []*gl.EventLabel) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		if l != nil && strings.TrimSpace(l.Title) != "" {
			out = append(out, l.Title)
		}
	}
	return out
}

// firstAssignee is the username of the issue's first assignee, "" when none.
func firstAssignee(e *gl.IssueEvent) string {
	if e.Assignees != nil {
		for _, u := range *e.Assignees {
			if u.Username != "" {
				return u.Username
			}
		}
		return ""
	}
	if e.Assignee != nil {
		return e.Assignee.Username
	}
	return ""
}
