package gitlab

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// run does one sync and records its progress as it goes.
func (s *Syncer) run(ctx context.Context, r SyncRun) SyncRun {
	defer func() {
		s.mu.Lock()
		delete(s.running, r.ID)
		s.mu.Unlock()
	}()
	now := s.cfg.Clock.Now()
	r.State, r.StartedAt = SyncRunning, &now
	tools, err := s.linkedTools(ctx, r.ToolID)
	if err != nil {
		r.fail("listing the tools: " + err.Error())
	}
	r.ProjectsTotal = len(tools)
	s.save(ctx, &r)
	for _, t := range tools {
		if err := s.syncProject(ctx, &r, t); err != nil {
			r.fail(fmt.Sprintf("%s (%s): %v", t.Name, t.GitLabProject, err))
		}
		r.ProjectsDone++
		s.save(ctx, &r)
	}
	s.syncBacklog(ctx, &r)
	end := s.cfg.Clock.Now()
	r.FinishedAt, r.State = &end, SyncSucceeded
	if len(r.Errors) > 0 {
		r.State = SyncFailed
	}
	s.save(ctx, &r)
	s.cfg.Logger.Info("GitLab sync finished", "sync", r.ID, "state", r.State, "projects", r.ProjectsDone,
		"seen", r.IssuesSeen, "created", r.Created, "updated", r.Updated, "closed", r.Closed, "errors", len(r.Errors))
	return r
}

// syncBacklog reads the backlog's groups and projects as part of a sync of
// all tools (a sync of one tool leaves the backlog alone). It reads every
// labelled item each time rather than those updated since the last sync:
// the backlog ignores updates it already holds, and a missed webhook older
// than the last sync is caught up too. A failure goes into the sync's errors.
func (s *Syncer) syncBacklog(ctx context.Context, r *SyncRun) {
	if s.cfg.Backlog == nil || r.ToolID != nil {
		return
	}
	res, err := SyncBacklog(ctx, s.cfg.Client, s.cfg.Backlog, nil)
	if err != nil {
		r.fail("backlog: " + err.Error())
	}
	s.cfg.Logger.Info("GitLab backlog sync", "sync", r.ID, "read", res.Read, "created", res.Created, "updated", res.Updated)
}

// save records progress; a failure to record is logged, not fatal to the sync.
func (s *Syncer) save(ctx context.Context, r *SyncRun) {
	if err := s.cfg.Store.SaveSync(ctx, *r); err != nil {
		s.cfg.Logger.Error("recording GitLab sync progress", "sync", r.ID, "error", err)
	}
}

// syncProject lists a tool's project issues, 100 a page, following
// x-next-page, and applies each one that changed since it was last applied.
func (s *Syncer) syncProject(ctx context.Context, r *SyncRun, t inventory.Tool) error {
	api := s.cfg.Client.api
	return eachPage(ctx, func(page int64) (*gl.Response, error) {
		opt := &gl.ListProjectIssuesOptions{ListOptions: gl.ListOptions{PerPage: 100, Page: page}, State: gl.Ptr("all")}
		issues, res, err := api.Issues.ListProjectIssues(projectRef(t.GitLabProject), opt, gl.WithContext(ctx))
		if err != nil {
			return nil, err
		}
		for _, is := range issues {
			r.IssuesSeen++
			if err := s.syncIssue(ctx, r, t, is); err != nil {
				r.fail(fmt.Sprintf("%s: issue %s: %v", t.Name, issueRef(is), err))
			}
		}
		s.save(ctx, r)
		return res, nil
	})
}

// syncIssue applies one GitLab issue unless interlock already holds that
// update, and counts what it changed.
func (s *Syncer) syncIssue(ctx context.Context, r *SyncRun, t inventory.Tool, is *gl.Issue) error {
	ext, err := s.External(ctx, is)
	if err != nil {
		return err
	}
	seenAt, wasClosed, err := s.cfg.Store.ExternalSeen(ctx, ext.Key)
	known := err == nil
	switch {
	case err != nil && !core.IsCode(err, core.NotFound):
		return err
	case known && !ext.UpdatedAt.After(seenAt):
		return nil // nothing new: a second sync changes nothing
	}
	if ext.Blocks {
		if ext.BlocksSince, err = s.blocksSince(ctx, t, is); err != nil {
			return err
		}
	}
	_, created, err := s.cfg.Issues.ApplyExternal(ctx, maintenance.GitLabActor, t.ID, ext)
	if err != nil {
		return err
	}
	if created {
		r.Created++
	} else {
		r.Updated++
	}
	if ext.Closed && (!known || !wasClosed) {
		r.Closed++
	}
	return nil
}

// External is a GitLab issue as interlock's maintenance workflow takes it.
func (s *Syncer) External(ctx context.Context, is *gl.Issue) (maintenance.ExternalIssue, error) {
	kind, blocks, err := s.cfg.Classify(ctx, is.Labels, is.Confidential)
	if err != nil {
		return maintenance.ExternalIssue{}, err
	}
	ext := maintenance.ExternalIssue{
		Key: IssueKey(is.ID), Ref: issueRef(is), URL: is.WebURL, Title: is.Title, Kind: kind, Blocks: blocks,
		Closed: is.State == "closed", ClosedAt: is.ClosedAt,
	}
	if is.CreatedAt != nil {
		ext.OpenedAt = *is.CreatedAt
	}
	if is.UpdatedAt != nil {
		ext.UpdatedAt = *is.UpdatedAt
	}
	if len(is.Assignees) > 0 && is.Assignees[0] != nil {
		ext.Assignee = is.Assignees[0].Username
	}
	if is.TimeStats != nil {
		ext.TimeSpent = timeSpent(&is.TimeStats.TotalTimeSpent)
	}
	return ext, nil
}

// blocksSince replays an issue's label events to find when it last became
// blocking, so that its clocks start then and not when it opened; nil when
// it blocked from the start or GitLab kept no events.
func (s *Syncer) blocksSince(ctx context.Context, t inventory.Tool, is *gl.Issue) (*time.Time, error) {
	var events []*gl.LabelEvent
	err := eachPage(ctx, func(page int64) (*gl.Response, error) {
		evs, res, err := s.cfg.Client.api.ResourceLabelEvents.ListIssueLabelEvents(projectRef(t.GitLabProject), is.IID,
			&gl.ListLabelEventsOptions{ListOptions: gl.ListOptions{PerPage: 100, Page: page}}, gl.WithContext(ctx))
		events = append(events, evs...)
		return res, err
	})
	if err != nil {
		return nil, fmt.Errorf("reading its label events: %w", err)
	}
	slices.SortStableFunc(events, func(a, b *gl.LabelEvent) int { return eventTime(a.CreatedAt).Compare(eventTime(b.CreatedAt)) })
	labels := map[string]bool{}
	blocking := false
	var since *time.Time
	for _, e := range events {
		labels[e.Label.Name] = e.Action == "add"
		var names []string
		for l, on := range labels {
			if on {
				names = append(names, l)
			}
		}
		_, b, err := s.cfg.Classify(ctx, names, is.Confidential)
		if err != nil {
			return nil, err
		}
		if b && !blocking {
			at := eventTime(e.CreatedAt)
			since = &at
		}
		blocking = b
	}
	if since == nil || is.CreatedAt == nil || !since.After(*is.CreatedAt) {
		return nil, nil
	}
	return since, nil
}

func eventTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// IssueKey is the stable identity of a GitLab issue in interlock: its global id.
func IssueKey(globalID int64) string { return fmt.Sprintf("gitlab:issue:%d", globalID) }

// issueRef is where to comment back: "<project id>#<iid>".
func issueRef(is *gl.Issue) string { return formatRef(is.ProjectID, is.IID) }

// DefaultClassify is the issue's default label mapping: severity::1 and
// severity::2 block; type::bug is a bug, type::feature a feature request,
// the security label or a confidential issue security; anything else other.
func DefaultClassify(_ context.Context, labels []string, confidential bool) (maintenance.IssueKind, bool, error) {
	has := func(l string) bool {
		return slices.ContainsFunc(labels, func(x string) bool { return strings.EqualFold(strings.TrimSpace(x), l) })
	}
	blocks := has("severity::1") || has("severity::2")
	switch {
	case has("security") || confidential:
		return maintenance.Security, blocks, nil
	case has("type::bug"):
		return maintenance.Bug, blocks, nil
	case has("type::feature"):
		return maintenance.FeatureRequest, blocks, nil
	}
	return maintenance.Other, blocks, nil
}
