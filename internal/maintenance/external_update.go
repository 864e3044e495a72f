package maintenance

import (
	"context"
	"fmt"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// closedInGitLab is the close reason of an issue closed in GitLab.
const closedInGitLab = "closed in GitLab"

// updateExternal applies a newer state of an outside issue to its support
// issue; an update not newer than the last one applied changes nothing.
func (s *Service) updateExternal(ctx context.Context, tx ExternalTx, actor core.Actor, cal *bizhours.Calendar, link ExternalLink,
	ext ExternalIssue) (Issue, error) {
	is, err := tx.Issue(ctx, link.ToolID, link.IssueID)
	if err != nil {
		return Issue{}, err
	}
	if !ext.UpdatedAt.After(link.UpdatedAt) {
		return is, nil
	}
	tool, err := tx.Tool(ctx, is.ToolID)
	if err != nil {
		return Issue{}, err
	}
	before := is
	link.UpdatedAt = ext.UpdatedAt
	if ext.Ref != "" {
		link.Ref = ext.Ref
	}
	var did []string
	var msgs []core.Message
	if ext.Title != "" && ext.Title != is.Title {
		is.Title = ext.Title
		did = append(did, "retitled")
	}
	if ext.URL != "" && ext.URL != is.ExternalURL {
		is.ExternalURL = ext.URL
	}
	if ext.TimeSpent != nil && (is.TimeSpent == nil || *is.TimeSpent != *ext.TimeSpent) {
		is.TimeSpent = ext.TimeSpent
		did = append(did, "time spent "+ext.TimeSpent.String())
	}
	if ext.Kind != is.Kind {
		did = append(did, fmt.Sprintf("kind %s instead of %s", ext.Kind, is.Kind))
		is.Kind = ext.Kind
		if refusal := refusalOf(is, tool); refusal != "" && is.State != Closed {
			now := s.clock.Now()
			is.State, is.ClosedAt, is.CloseReason = Closed, &now, "closed: "+refusal
			is.SLO.State, is.RTO.State = is.ClockStates(now)
			did = append(did, "closed: "+refusal)
			if ext.Ref != "" {
				msgs = append(msgs, s.refusalMessage(is, tool, ext, refusal))
			}
		}
	}
	if is.State == Closed && !ext.Closed {
		did = append(did, s.reopenExternal(&is, tool, ext))
	}
	started := false
	switch {
	case is.State == Closed:
	case ext.Blocks && !is.BlocksFunctionality:
		start := ext.at(ext.BlocksSince, is.OpenedAt)
		if err := s.beginBlocking(ctx, tx, &is, &link, tool, cal, start); err != nil {
			return Issue{}, err
		}
		started = is.SLO.DueAt != nil
		did = append(did, fmt.Sprintf("keeps the tool from working since %s", start.Format(time.RFC3339)))
	case !ext.Blocks && is.BlocksFunctionality && is.RecoveredAt == nil:
		did = append(did, s.unblockExternal(&is, cal, clocksFrom(is, link), ext))
	}
	did = append(did, s.progressExternal(&is, cal, clocksFrom(is, link), ext)...)
	if started && is.State != Closed {
		msgs = append(msgs, s.commitmentMessage(is, tool, ext))
	}
	return is, s.finishExternal(ctx, tx, actor, before, is, link, msgs, did)
}

// refusalOf is why the tool's category refuses this issue, or "".
func refusalOf(is Issue, tool inventory.Tool) string {
	if is.Kind != FeatureRequest {
		return ""
	}
	return featureRequestRefusal(tool.Category)
}

// clocksFrom is when an issue's clocks started.
func clocksFrom(is Issue, link ExternalLink) time.Time {
	if !link.ClocksFrom.IsZero() {
		return link.ClocksFrom
	}
	return is.OpenedAt
}

// progressExternal applies the first assignee (a triage) and a close (a
// recovery too, when the issue blocks) at the times GitLab gives.
func (s *Service) progressExternal(is *Issue, cal *bizhours.Calendar, start time.Time, ext ExternalIssue) []string {
	var did []string
	switch {
	case ext.Assignee != "" && is.SLOStoppedAt() == nil && is.State != Closed:
		at := ext.at(ext.AssignedAt, is.OpenedAt)
		is.TriagedAt, is.Assignee = &at, ext.Assignee
		if is.State == Open {
			is.State = Triaged
		}
		stopAt(&is.SLO, cal, start, at)
		did = append(did, "triaged and assigned to "+ext.Assignee)
	case ext.Assignee != "" && ext.Assignee != is.Assignee:
		is.Assignee = ext.Assignee
		did = append(did, "reassigned to "+ext.Assignee)
	}
	if !ext.Closed || is.State == Closed {
		return did
	}
	at := ext.at(ext.ClosedAt, is.OpenedAt)
	if is.BlocksFunctionality && is.RecoveredAt == nil {
		if is.SLOStoppedAt() == nil {
			is.TriagedAt, is.Assignee = &at, actorOr(is.Assignee, GitLabActor.Username)
			stopAt(&is.SLO, cal, start, at)
		}
		is.RecoveredAt = &at
		stopAt(&is.RTO, cal, start, at)
		did = append(did, "the tool works again")
	}
	is.State, is.ClosedAt, is.CloseReason = Closed, &at, closedInGitLab
	is.SLO.State, is.RTO.State = is.ClockStates(s.clock.Now())
	return append(did, closedInGitLab)
}

// unblockExternal records that GitLab no longer marks an open issue as
// blocking: the tool works again (ADR 0010), so the RTO clock stops then.
func (s *Service) unblockExternal(is *Issue, cal *bizhours.Calendar, start time.Time, ext ExternalIssue) string {
	at := ext.at(nil, is.OpenedAt)
	if is.SLOStoppedAt() == nil {
		is.TriagedAt, is.Assignee = &at, actorOr(is.Assignee, actorOr(ext.Assignee, GitLabActor.Username))
		stopAt(&is.SLO, cal, start, at)
	}
	is.RecoveredAt, is.State = &at, Recovered
	stopAt(&is.RTO, cal, start, at)
	if is.RTO.DueAt != nil {
		is.RTO.Note = "GitLab no longer marks the issue as blocking: taken as recovered"
	}
	return "no longer marked as blocking: the tool works again"
}

// reopenExternal applies a reopen in GitLab (ADR 0010): the close is undone
// and, for an issue that blocks, so is the recovery: the RTO clock runs
// again towards its first deadline, since the tool did not in fact work
// again. A triage stands. A feature request the category still refuses
// stays closed.
func (s *Service) reopenExternal(is *Issue, tool inventory.Tool, ext ExternalIssue) string {
	if refusal := refusalOf(*is, tool); refusal != "" {
		return "reopened in GitLab; stays closed: " + refusal
	}
	at := ext.at(nil, is.OpenedAt)
	is.ClosedAt, is.CloseReason = nil, ""
	is.State = Open
	if is.SLOStoppedAt() != nil {
		is.State = Triaged
	} else if is.SLO.DueAt != nil && is.SLO.State != Breached {
		is.SLO.State, is.SLO.Note = Running, ""
	}
	if is.BlocksFunctionality && is.RecoveredAt != nil {
		is.RecoveredAt, is.RTO.Elapsed = nil, nil
		if is.RTO.DueAt != nil {
			is.RTO.Note = fmt.Sprintf("reopened in GitLab at %s: the recovery did not hold; the RTO runs on to its first deadline",
				at.Format(time.RFC3339))
			if is.RTO.State != Breached {
				is.RTO.State = Running
			}
		}
	} else if is.RTO.DueAt != nil && is.RTO.State != Breached {
		is.RTO.State, is.RTO.Note = Running, ""
	}
	return "reopened in GitLab"
}
