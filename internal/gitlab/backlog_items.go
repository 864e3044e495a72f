package gitlab

import (
	"fmt"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/backlog"
)

// Backlog item keys: GitLab's global ids, which never change when an issue
// is edited (a moved issue gets a new one).
func backlogKey(kind backlog.Kind, id int64) string { return fmt.Sprintf("gitlab:%s:%d", kind, id) }

// BacklogIssueFromEvent turns an Issue Hook (project or group hook) into the
// backlog's view of the issue. The hook's weight is 0 when the issue has
// none, so 0 reads as no weight.
func BacklogIssueFromEvent(ev *gl.IssueEvent) backlog.ObservedItem {
	a := ev.ObjectAttributes
	o := backlog.ObservedItem{Key: backlogKey(backlog.Issue, a.ID), Kind: backlog.Issue, URL: a.URL, Title: a.Title,
		Description: a.Description, Project: ev.Project.PathWithNamespace, ProjectID: a.ProjectID, IID: a.IID, State: a.State,
		Labels: eventLabels(ev.Labels, a.Labels), Weight: weightOf(a.Weight), Confidential: a.Confidential,
		CreatedAt: hookTime(a.CreatedAt), UpdatedAt: hookTime(a.UpdatedAt)}
	if o.ProjectID == 0 {
		o.ProjectID = ev.Project.ID
	}
	if ev.Assignees != nil {
		for _, u := range *ev.Assignees {
			o.Assignees = append(o.Assignees, u.Username)
		}
	}
	if ev.User != nil && ev.User.ID == a.AuthorID {
		o.Author = ev.User.Username
	}
	if o.State == backlog.Closed {
		at := o.UpdatedAt
		o.ClosedAt = &at
	}
	return o
}

// BacklogMergeRequestFromEvent turns a Merge Request Hook into the
// backlog's view of the merge request. The hook names the author only by
// id: reviewers who are the author are left out here, and the author's
// username is known only when the author caused the event.
func BacklogMergeRequestFromEvent(ev *gl.MergeEvent) backlog.ObservedItem {
	a := ev.ObjectAttributes
	o := backlog.ObservedItem{Key: backlogKey(backlog.MergeRequest, a.ID), Kind: backlog.MergeRequest, URL: a.URL, Title: a.Title,
		Description: a.Description, Project: ev.Project.PathWithNamespace, ProjectID: a.TargetProjectID, IID: a.IID, State: a.State,
		Labels: eventLabels(ev.Labels, a.Labels), CreatedAt: hookTime(a.CreatedAt), UpdatedAt: hookTime(a.UpdatedAt)}
	if o.ProjectID == 0 {
		o.ProjectID = ev.Project.ID
	}
	if a.Action == "merge" {
		o.State = backlog.Merged
	}
	for _, u := range ev.Assignees {
		if u != nil {
			o.Assignees = append(o.Assignees, u.Username)
		}
	}
	for _, u := range ev.Reviewers {
		if u != nil && u.ID != a.AuthorID {
			o.Reviewers = append(o.Reviewers, u.Username)
		}
	}
	if ev.User != nil && ev.User.ID == a.AuthorID {
		o.Author = ev.User.Username
	}
	if o.State == backlog.Merged {
		at := o.UpdatedAt
		o.MergedAt, o.ClosedAt = &at, &at
	}
	return o
}

// BacklogIssue turns an issue read from the REST API (the sync) into the
// backlog's view of it. project is the project's full path, which the
// issue itself names only inside its references.
func BacklogIssue(is *gl.Issue, project string) backlog.ObservedItem {
	o := backlog.ObservedItem{Key: backlogKey(backlog.Issue, is.ID), Kind: backlog.Issue, URL: is.WebURL, Title: is.Title,
		Description: is.Description, Project: project, ProjectID: is.ProjectID, IID: is.IID, State: is.State,
		Labels: append([]string{}, is.Labels...), Weight: weightOf(is.Weight), Confidential: is.Confidential,
		CreatedAt: timeOf(is.CreatedAt), UpdatedAt: timeOf(is.UpdatedAt), ClosedAt: is.ClosedAt}
	if o.Project == "" && is.References != nil {
		o.Project, _, _ = strings.Cut(is.References.Full, "#")
	}
	for _, a := range is.Assignees {
		if a != nil {
			o.Assignees = append(o.Assignees, a.Username)
		}
	}
	if is.Author != nil {
		o.Author = is.Author.Username
	}
	if is.Milestone != nil {
		o.Milestone = is.Milestone.Title
	}
	return o
}

// BacklogEpic turns an epic read from the (deprecated but still served)
// Epics API into the backlog's view of it; group is the group's full path.
func BacklogEpic(e *gl.Epic, group string) backlog.ObservedItem {
	o := backlog.ObservedItem{Key: backlogKey(backlog.Epic, e.ID), Kind: backlog.Epic, URL: e.WebURL, Title: e.Title,
		Description: e.Description, Project: group, ProjectID: e.GroupID, IID: e.IID, State: e.State,
		Labels: append([]string{}, e.Labels...), CreatedAt: timeOf(e.CreatedAt), UpdatedAt: timeOf(e.UpdatedAt), ClosedAt: e.ClosedAt}
	if e.Author != nil {
		o.Author = e.Author.Username
	}
	return o
}

// BacklogNote is what a comment hook says to the backlog: the key of the
// issue or merge request commented on, the comment, and when.
func BacklogNote(ev *gl.IssueCommentEvent) (key, body string, at time.Time) {
	return backlogKey(backlog.Issue, ev.Issue.ID), ev.ObjectAttributes.Note, hookTime(ev.ObjectAttributes.CreatedAt)
}

func eventLabels(lists ...[]*gl.EventLabel) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range lists {
		for _, x := range l {
			if x != nil && !seen[x.Title] {
				seen[x.Title] = true
				out = append(out, x.Title)
			}
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

func weightOf(w int64) *int {
	if w <= 0 {
		return nil
	}
	v := int(w)
	return &v
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// hookTime is ParseHookTime that reads an unreadable time as the zero time.
func hookTime(s string) time.Time {
	t, _ := ParseHookTime(s)
	return t
}
