package gitlab

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// maxErrorLen bounds the error kept on a delivery.
const maxErrorLen = 1000

// Run is the worker on its own: it drains the inbox at start (what was
// queued before a restart), whenever deliveries are committed, and on a
// tick as a safety net, until ctx ends. The service runs the same work as
// a job (Work, woken by Wakeups) so that one replica works at a time.
func (h *Hooks) Run(ctx context.Context) {
	t := time.NewTicker(h.cfg.Every)
	defer t.Stop()
	for {
		if err := h.Work(ctx); err != nil && ctx.Err() == nil {
			h.cfg.Logger.Error("gitlab webhook worker", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-h.wake:
		case <-t.C:
		}
	}
}

// Work drains the inbox once. While deliveries keep arriving it pauses
// between pages, so that acknowledging GitLab (which gives up after 10 s
// and disables a hook that fails) comes before processing, which may lag a
// burst by a few seconds.
func (h *Hooks) Work(ctx context.Context) error {
	n, err := h.drain(ctx, h.yield)
	if h.drained != nil {
		h.drained(n)
	}
	return err
}

// burstPause is the worker's pause before each page during a burst of
// deliveries: a page of 100 per pause, about 100 deliveries a second, while
// the receiver takes all that arrives; the backlog is processed at full
// speed once the burst ends.
const burstPause = time.Second

// yield pauses while deliveries arrive in a burst.
func (h *Hooks) yield(ctx context.Context) {
	if !h.commit.Busy() {
		return
	}
	t := time.NewTimer(burstPause)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Wakeups receives when deliveries were committed.
func (h *Hooks) Wakeups() <-chan struct{} { return h.wake }

// Every is the worker's safety-net period.
func (h *Hooks) Every() time.Duration { return h.cfg.Every }

// Drain processes every due delivery in arrival order and returns how many
// it processed. A delivery that fails is set to be retried later and the
// ones behind it go on. The outcomes of a page of deliveries are stored in
// one transaction; a delivery processed again after a crash before that
// changes nothing, since every change it causes is keyed and ordered by
// GitLab's updated_at.
func (h *Hooks) Drain(ctx context.Context) (int, error) { return h.drain(ctx, nil) }

// drain is Drain that calls between (when set) before each page.
func (h *Hooks) drain(ctx context.Context, between func(context.Context)) (int, error) {
	n := 0
	var after int64
	for {
		if between != nil {
			between(ctx)
		}
		due, err := h.cfg.Store.DueHookDeliveries(ctx, h.cfg.Clock.Now(), after, 100)
		if err != nil || len(due) == 0 {
			return n, err
		}
		page := &pageCache{}
		outcomes := make([]Delivery, 0, len(due))
		for _, d := range due {
			if ctx.Err() != nil {
				break
			}
			outcomes = append(outcomes, h.attempt(ctx, d, page))
			after = d.ID
		}
		if err := h.cfg.Store.SaveHookOutcomes(ctx, outcomes); err != nil {
			return n, err
		}
		n += len(outcomes)
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
	}
}

// pageCache holds what the deliveries of one page share.
type pageCache struct {
	tools   []inventory.Tool
	loaded  bool
	mapping *LabelMapping
}

// permanent marks a failure that retrying cannot fix.
type permanent struct{ error }

// attempt makes one attempt at a delivery and returns its outcome.
func (h *Hooks) attempt(ctx context.Context, d Delivery, page *pageCache) Delivery {
	status, note, err := h.handle(ctx, &d, page)
	now := h.cfg.Clock.Now()
	d.Attempts++
	d.NextAttemptAt = nil
	d.Body = nil
	switch {
	case err != nil:
		d.Status, d.Error = DeliveryFailed, clip(err.Error(), maxErrorLen)
		var p permanent
		if !errors.As(err, &p) && d.Attempts < h.cfg.MaxAttempts {
			next := now.Add(h.backoff(d.Attempts))
			d.NextAttemptAt = &next
		}
		h.cfg.Logger.Warn("gitlab webhook delivery failed", "id", d.ID, "event", d.Event, "attempts", d.Attempts, "error", err)
	default:
		d.Status, d.Error = status, ""
		if status == DeliveryIgnored {
			d.Error = clip(note, maxErrorLen) // why: shown in the list of deliveries
		}
		d.ProcessedAt = &now
	}
	return d
}

// backoff is the wait before attempt n+1: Retry doubled per attempt, capped.
func (h *Hooks) backoff(n int) time.Duration {
	return DoublingBackoff(h.cfg.Retry, h.cfg.MaxRetryWait, n)
}

// handle parses one delivery with client-go and turns it into calls on
// the workflows. It returns processed or ignored with a note, or an error.
func (h *Hooks) handle(ctx context.Context, d *Delivery, page *pageCache) (string, string, error) {
	seen, ev, err := InspectDelivery(d.Event, d.Body)
	if err != nil {
		return "", "", permanent{err}
	}
	d.Project = clip(seen.project, 255)
	kept := false
	if h.cfg.Backlog != nil { // the team's backlog reads issues, merge requests and comments of any project
		if kept, err = BacklogFromHook(ctx, h.cfg.Backlog, ev); err != nil {
			return "", "", err
		}
	}
	if seen.Status == DeliveryIgnored {
		if kept {
			return DeliveryProcessed, "recorded on the team's backlog", nil
		}
		return DeliveryIgnored, seen.note, nil
	}
	if page.mapping == nil {
		m, err := h.cfg.Labels.current(ctx)
		if err != nil {
			return "", "", err
		}
		page.mapping = &m
	}
	switch e := ev.(type) {
	case *gl.IssueEvent:
		status, note, err := h.issueEvent(ctx, *d, e, *page.mapping, page)
		if err == nil && status == DeliveryIgnored && kept {
			return DeliveryProcessed, "recorded on the team's backlog", nil
		}
		return status, note, err
	case *gl.PipelineEvent:
		return h.pipelineEvent(ctx, *d, e, page)
	case *gl.VulnerabilityEvent:
		return h.vulnerabilityEvent(ctx, *d, e, *page.mapping, page)
	}
	return DeliveryIgnored, "interlock does not use " + d.Event + " events", nil
}

// toolOf finds the active tool linked to a GitLab project by its path
// (regardless of case) or its numeric id.
func (h *Hooks) toolOf(ctx context.Context, page *pageCache, path string, id int64) (inventory.Tool, bool, error) {
	if !page.loaded {
		tools, err := h.cfg.Tools.ActiveTools(ctx)
		if err != nil {
			return inventory.Tool{}, false, err
		}
		page.tools, page.loaded = tools, true
	}
	tools := page.tools
	ids := ""
	if id != 0 {
		ids = strconv.FormatInt(id, 10)
	}
	for _, t := range tools {
		p := strings.Trim(strings.TrimSpace(t.GitLabProject), "/")
		if p == "" {
			continue
		}
		if (path != "" && strings.EqualFold(p, path)) || (ids != "" && p == ids) {
			return t, true, nil
		}
	}
	return inventory.Tool{}, false, nil
}

// unknownProject is the note of a delivery for a project no tool links to.
func unknownProject(name string) string {
	return fmt.Sprintf("no tool is linked to the GitLab project %q", name)
}

// apply hands an issue to the maintenance workflow as GitLab's actor.
func (h *Hooks) apply(ctx context.Context, tool inventory.Tool, ext maintenance.ExternalIssue) (string, string, error) {
	is, created, err := h.cfg.Issues.ApplyExternal(ctx, maintenance.GitLabActor, tool.ID, ext)
	if err != nil {
		return "", "", err
	}
	verb := "updated"
	if created {
		verb = "opened"
	}
	return DeliveryProcessed, fmt.Sprintf("%s issue %d on %s", verb, is.ID, tool.Name), nil
}
