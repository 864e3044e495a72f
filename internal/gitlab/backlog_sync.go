package gitlab

import (
	"context"
	"fmt"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// BacklogSink is what the webhook worker and the sync ask of the backlog;
// backlog.Service is one.
type BacklogSink interface {
	Upsert(ctx context.Context, actor core.Actor, o backlog.ObservedItem) (backlog.Item, backlog.Change, error)
	ObserveNote(ctx context.Context, actor core.Actor, key, body string, at time.Time) error
	SyncTargets(ctx context.Context) (backlog.SyncTargets, error)
}

var _ BacklogSink = (*backlog.Service)(nil)

// BacklogFromHook hands an Issue, Merge Request or Note (on an issue) Hook,
// from a project or a group hook, to the backlog, which keeps what it
// follows and ignores the rest. It reports whether the backlog kept the
// event: an item it follows was created or updated (or was already newer),
// or a comment on such an item was recorded.
func BacklogFromHook(ctx context.Context, sink BacklogSink, ev any) (bool, error) {
	actor := maintenance.GitLabActor
	upsert := func(o backlog.ObservedItem) (bool, error) {
		_, ch, err := sink.Upsert(ctx, actor, o)
		return err == nil && ch != backlog.Ignored, err
	}
	switch e := ev.(type) {
	case *gl.IssueEvent:
		return upsert(BacklogIssueFromEvent(e))
	case *gl.MergeEvent:
		return upsert(BacklogMergeRequestFromEvent(e))
	case *gl.IssueCommentEvent:
		key, body, at := BacklogNote(e)
		err := sink.ObserveNote(ctx, actor, key, body, at)
		if core.IsCode(err, core.NotFound) {
			return false, nil
		}
		return err == nil, err
	}
	return false, nil
}

// BacklogSyncResult counts what a backlog sync read and changed.
type BacklogSyncResult struct {
	Read    int
	Created int
	Updated int
}

// SyncBacklog reads the issues, epics and merge requests carrying the
// backlog's labels in the configured groups and projects, and merged
// merge requests of the configured projects, and hands each to the
// backlog. The lead wires it into `interlock sync gitlab`.
func SyncBacklog(ctx context.Context, c *Client, sink BacklogSink, since *time.Time) (BacklogSyncResult, error) {
	var res BacklogSyncResult
	tg, err := sink.SyncTargets(ctx)
	if err != nil {
		return res, err
	}
	put := func(o backlog.ObservedItem) error {
		res.Read++
		_, ch, err := sink.Upsert(ctx, maintenance.GitLabActor, o)
		switch ch {
		case backlog.Created:
			res.Created++
		case backlog.Updated:
			res.Updated++
		}
		return err
	}
	api := c.api
	all := gl.Ptr("all")
	for _, label := range tg.Labels {
		labels := gl.LabelOptions{label}
		for _, g := range tg.Groups {
			err := eachPage(ctx, func(page int64) (*gl.Response, error) {
				list, r, err := api.Issues.ListGroupIssues(g, &gl.ListGroupIssuesOptions{ListOptions: gl.ListOptions{PerPage: 100, Page: page},
					Labels: &labels, State: all, UpdatedAfter: since}, gl.WithContext(ctx))
				for _, is := range list {
					if err == nil {
						err = put(BacklogIssue(is, ""))
					}
				}
				return r, err
			})
			if err != nil {
				return res, fmt.Errorf("backlog sync of group %s: %w", g, err)
			}
			err = eachPage(ctx, func(page int64) (*gl.Response, error) {
				list, r, err := api.Epics.ListGroupEpics(g, &gl.ListGroupEpicsOptions{ListOptions: gl.ListOptions{PerPage: 100, Page: page},
					Labels: &labels, State: all}, gl.WithContext(ctx))
				for _, e := range list {
					if err == nil {
						err = put(BacklogEpic(e, g))
					}
				}
				return r, err
			})
			if err != nil && StatusOf(err) != 404 && StatusOf(err) != 403 { // epics need a licence; without one, skip them
				return res, fmt.Errorf("backlog sync of the epics of %s: %w", g, err)
			}
		}
		for _, p := range tg.Projects {
			err := eachPage(ctx, func(page int64) (*gl.Response, error) {
				list, r, err := api.Issues.ListProjectIssues(projectRef(p), &gl.ListProjectIssuesOptions{ListOptions: gl.ListOptions{PerPage: 100, Page: page},
					Labels: &labels, State: all, UpdatedAfter: since}, gl.WithContext(ctx))
				for _, is := range list {
					if err == nil {
						err = put(BacklogIssue(is, p))
					}
				}
				return r, err
			})
			if err != nil {
				return res, fmt.Errorf("backlog sync of project %s: %w", p, err)
			}
		}
	}
	for _, p := range tg.Projects {
		err := eachPage(ctx, func(page int64) (*gl.Response, error) {
			list, r, err := api.MergeRequests.ListProjectMergeRequests(projectRef(p), &gl.ListProjectMergeRequestsOptions{
				ListOptions: gl.ListOptions{PerPage: 100, Page: page}, State: gl.Ptr("merged"), UpdatedAfter: since}, gl.WithContext(ctx))
			for _, mr := range list {
				if err == nil {
					err = put(BacklogMergeRequest(mr, p))
				}
			}
			return r, err
		})
		if err != nil && StatusOf(err) != 404 {
			return res, fmt.Errorf("backlog sync of the merge requests of %s: %w", p, err)
		}
	}
	return res, nil
}

// BacklogMergeRequest turns a merge request read from the REST API into
// the backlog's view of it. Reviewers are the requested reviewers, the
// author left out.
func BacklogMergeRequest(mr *gl.BasicMergeRequest, project string) backlog.ObservedItem {
	o := backlog.ObservedItem{Key: backlogKey(backlog.MergeRequest, mr.ID), Kind: backlog.MergeRequest, URL: mr.WebURL, Title: mr.Title,
		Description: mr.Description, Project: project, ProjectID: mr.ProjectID, IID: mr.IID, State: mr.State,
		Labels: append([]string{}, mr.Labels...), CreatedAt: timeOf(mr.CreatedAt), UpdatedAt: timeOf(mr.UpdatedAt),
		ClosedAt: mr.ClosedAt, MergedAt: mr.MergedAt}
	if o.Project == "" && mr.References != nil {
		o.Project, _, _ = strings.Cut(mr.References.Full, "!")
	}
	if mr.Author != nil {
		o.Author = mr.Author.Username
	}
	for _, a := range mr.Assignees {
		if a != nil {
			o.Assignees = append(o.Assignees, a.Username)
		}
	}
	for _, r := range mr.Reviewers {
		if r != nil && r.Username != o.Author {
			o.Reviewers = append(o.Reviewers, r.Username)
		}
	}
	return o
}
