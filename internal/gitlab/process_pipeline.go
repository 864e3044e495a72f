package gitlab

import (
	"context"
	"fmt"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// pipelineKeyPrefix is the key prefix of the outages of one project's
// scheduled pipelines on one ref; each outage's key ends with the id of
// the pipeline whose failure opened it (ADR 0010).
func pipelineKeyPrefix(projectID int64, ref string) string {
	return fmt.Sprintf("gitlab:pipeline:%d:%s:", projectID, ref)
}

// pipelineEvent watches scheduled pipelines: a failure opens one blocking
// outage per project and ref, further failures while it is open add
// nothing, and the next success recovers and closes it.
func (h *Hooks) pipelineEvent(ctx context.Context, d Delivery, e *gl.PipelineEvent, page *pageCache) (string, string, error) {
	a := e.ObjectAttributes
	if a.Source != "schedule" {
		return DeliveryIgnored, fmt.Sprintf("interlock watches scheduled pipelines only; this one's source is %q", a.Source), nil
	}
	if a.Status != "failed" && a.Status != "success" {
		return DeliveryIgnored, fmt.Sprintf("a scheduled pipeline %s: only failed and success count", a.Status), nil
	}
	tool, ok, err := h.toolOf(ctx, page, e.Project.PathWithNamespace, e.Project.ID)
	if err != nil || !ok {
		return DeliveryIgnored, unknownProject(d.Project), err
	}
	at, err := PipelineTime(a)
	if err != nil {
		return "", "", err
	}
	if at.IsZero() {
		at = d.ReceivedAt
	}
	prefix := pipelineKeyPrefix(e.Project.ID, a.Ref)
	open, err := h.cfg.Issues.OpenExternal(ctx, maintenance.GitLabActor, prefix)
	if err != nil {
		return "", "", err
	}
	if a.Status == "failed" {
		if len(open) > 0 {
			return DeliveryProcessed, "", nil // one outage per ref: further failures add nothing
		}
		url := pipelineURL(e)
		ext := maintenance.ExternalIssue{Key: fmt.Sprintf("%s%d", prefix, a.ID), URL: url,
			Title: fmt.Sprintf("Scheduled pipeline on %s failed: %s", a.Ref, url), Kind: maintenance.Outage, Blocks: true,
			OpenedAt: at, UpdatedAt: at, EventUUID: d.EventUUID}
		return h.apply(ctx, tool, ext)
	}
	for _, link := range open {
		is, err := h.cfg.Issues.GetIssue(ctx, maintenance.GitLabActor, link.ToolID, link.IssueID)
		if err != nil {
			return "", "", err
		}
		ext := maintenance.ExternalIssue{Key: link.Key, URL: is.ExternalURL, Title: is.Title, Kind: is.Kind, Blocks: true,
			OpenedAt: is.OpenedAt, UpdatedAt: later(at, link.UpdatedAt.Add(time.Second)), Closed: true, ClosedAt: &at,
			EventUUID: d.EventUUID}
		if _, _, err := h.cfg.Issues.ApplyExternal(ctx, maintenance.GitLabActor, link.ToolID, ext); err != nil {
			return "", "", err
		}
	}
	return DeliveryProcessed, "", nil
}

// PipelineTime is when a pipeline ended, or when it was created.
func PipelineTime(a gl.PipelineEventObjectAttributes) (time.Time, error) {
	finished, err := ParseHookTime(a.FinishedAt)
	if err != nil || !finished.IsZero() {
		return finished, err
	}
	return ParseHookTime(a.CreatedAt)
}

// pipelineURL links the pipeline: its url, or one made from the project's.
func pipelineURL(e *gl.PipelineEvent) string {
	if e.ObjectAttributes.URL != "" {
		return e.ObjectAttributes.URL
	}
	return fmt.Sprintf("%s/-/pipelines/%d", strings.TrimSuffix(e.Project.WebURL, "/"), e.ObjectAttributes.ID)
}
