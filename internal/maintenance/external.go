package maintenance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// ExternalIssue is an issue as an outside tracker (GitLab) reports it.
type ExternalIssue struct {
	Key         string // stable identity, e.g. "gitlab:issue:<GitLab's global issue id>"
	Ref         string // where to comment back: "<project id>#<iid>", e.g. "15#3"
	URL         string // the issue's web URL
	Title       string
	Kind        IssueKind
	Blocks      bool
	BlocksSince *time.Time // when it became blocking, if after it opened
	OpenedAt    time.Time  // GitLab's created_at
	Assignee    string     // first assignee's username, "" when none
	AssignedAt  *time.Time
	Closed      bool
	ClosedAt    *time.Time
	UpdatedAt   time.Time // GitLab's updated_at: an older update than the stored one changes nothing
	EventUUID   string    // X-Gitlab-Event-UUID of the hook that caused this, forwarded on write-back
	// TimeSpent is the time logged on the issue (GitLab's total_time_spent);
	// nil when the tracker does not report it.
	TimeSpent *time.Duration
}

// GitLabActor is the actor of every change GitLab causes, through its
// webhooks or a sync: an engineer, since a GitLab assignee triages.
var GitLabActor = core.Actor{Username: "gitlab", Role: core.RoleEngineer}

// RecipientGitLabIssue is the outbox recipient kind of a comment on a
// GitLab issue; the recipient's name is the issue's ref, "<project id>#<iid>".
const RecipientGitLabIssue = "gitlab_issue"

// Limits of an external issue's identity.
const (
	maxExternalKey = 200
	maxExternalRef = 200
)

// ApplyExternal creates or updates the one support issue of that Key on the tool, and reports whether it was created.
// An update whose UpdatedAt is not newer than the last one applied changes
// nothing. Clocks start at OpenedAt, or at BlocksSince for an issue that
// blocks only later; the first assignee triages; closing recovers (when it
// blocked) and closes; a reopen undoes the close and the recovery (ADR 0010).
func (s *Service) ApplyExternal(ctx context.Context, actor core.Actor, toolID int64, ext ExternalIssue) (Issue, bool, error) {
	if err := actor.Require(core.PermEngineer, "applying an issue from GitLab"); err != nil {
		return Issue{}, false, err
	}
	if err := ext.normalise(); err != nil {
		return Issue{}, false, err
	}
	cal, _, err := s.calendar.Current(ctx)
	if err != nil {
		return Issue{}, false, err
	}
	var is Issue
	created := false
	err = s.store.External.InTx(ctx, func(tx ExternalTx) error {
		link, err := tx.ExternalLink(ctx, ext.Key)
		switch {
		case core.IsCode(err, core.NotFound):
			created = true
			is, err = s.createExternal(ctx, tx, actor, cal, toolID, ext)
			return err
		case err != nil:
			return err
		}
		is, err = s.updateExternal(ctx, tx, actor, cal, link, ext)
		return err
	})
	if err != nil {
		return Issue{}, false, err
	}
	return is, created, nil
}

// normalise trims and checks what an issue from outside must have.
func (ext *ExternalIssue) normalise() error {
	var p core.Problems
	ext.Key, ext.Ref, ext.Title = strings.TrimSpace(ext.Key), strings.TrimSpace(ext.Ref), strings.TrimSpace(ext.Title)
	p.Require(ext.Key != "", "key", "is required: the outside issue's stable identity", nil)
	p.MaxLen("key", ext.Key, maxExternalKey)
	p.MaxLen("ref", ext.Ref, maxExternalRef)
	p.Require(!ext.OpenedAt.IsZero(), "opened_at", "is required", nil)
	if ext.Kind == "" {
		ext.Kind = Other
	}
	if ext.Kind == Outage {
		ext.Blocks = true // rule 5: an outage keeps the tool from working; GitLab has no way to state otherwise
	}
	p.Require(slices.Contains(IssueKinds, ext.Kind), "kind", "must be "+core.OneOf(IssueKinds), ext.Kind)
	if len(ext.Title) > maxIssueTitle {
		ext.Title = ext.Title[:maxIssueTitle]
	}
	ext.OpenedAt = ext.OpenedAt.UTC()
	if ext.UpdatedAt.IsZero() {
		ext.UpdatedAt = ext.OpenedAt
	}
	ext.UpdatedAt = ext.UpdatedAt.UTC()
	if ext.TimeSpent != nil {
		p.Require(*ext.TimeSpent >= 0, "time_spent", "must not be negative", ext.TimeSpent.String())
	}
	return p.Err("the issue from GitLab is not valid")
}

// clockStart is when an outside issue's clocks start: when it opened, or
// when it became blocking if that was later.
func (ext ExternalIssue) clockStart() time.Time {
	if ext.BlocksSince != nil && ext.BlocksSince.After(ext.OpenedAt) {
		return ext.BlocksSince.UTC()
	}
	return ext.OpenedAt
}

// at returns t, or the update's own time when t is unknown, never before floor.
func (ext ExternalIssue) at(t *time.Time, floor time.Time) time.Time {
	v := ext.UpdatedAt
	if t != nil && !t.IsZero() {
		v = t.UTC()
	}
	if v.Before(floor) {
		return floor
	}
	return v
}

func (s *Service) createExternal(ctx context.Context, tx ExternalTx, actor core.Actor, cal *bizhours.Calendar, toolID int64,
	ext ExternalIssue) (Issue, error) {
	tool, err := tx.Tool(ctx, toolID)
	if err != nil {
		return Issue{}, err
	}
	// an issue that began to block after it opened is recorded as it was
	// first, then becomes blocking, so its clocks start at BlocksSince
	start := ext.clockStart()
	late := ext.Blocks && start.After(ext.OpenedAt)
	is := Issue{Title: ext.Title, Kind: ext.Kind, BlocksFunctionality: ext.Blocks && !late, BlocksStated: true,
		OpenedAt: ext.OpenedAt, ExternalURL: ext.URL, External: true, TimeSpent: ext.TimeSpent}
	if err := s.RecordNewIssue(ctx, tx, actor, toolID, &is, true); err != nil {
		return Issue{}, err
	}
	link := ExternalLink{IssueID: is.ID, ToolID: toolID, Key: ext.Key, Ref: ext.Ref, UpdatedAt: ext.UpdatedAt}
	var msgs []core.Message
	if is.State == Closed { // a feature request the category refuses: closed on arrival
		if refusal := featureRequestRefusal(tool.Category); refusal != "" && ext.Ref != "" {
			msgs = append(msgs, s.refusalMessage(is, tool, ext, refusal))
		}
		return is, s.finishExternal(ctx, tx, actor, is, is, link, msgs, nil)
	}
	before := is
	started := is.SLO.DueAt != nil
	if started {
		link.ClocksFrom = is.OpenedAt
	}
	var did []string
	if late {
		if err := s.beginBlocking(ctx, tx, &is, &link, tool, cal, start); err != nil {
			return Issue{}, err
		}
		started = is.SLO.DueAt != nil
		did = append(did, fmt.Sprintf("keeps the tool from working since %s", start.Format(time.RFC3339)))
	}
	did = append(did, s.progressExternal(&is, cal, link.ClocksFrom, ext)...)
	if started && is.State != Closed {
		msgs = append(msgs, s.commitmentMessage(is, tool, ext))
	}
	if err := s.finishExternal(ctx, tx, actor, before, is, link, msgs, did); err != nil {
		return Issue{}, err
	}
	return is, s.arrivedLate(ctx, tx, is)
}

// arrivedLate holds rule 8 for an issue GitLab reports only now: one that
// is still open and already at risk or breached warns as a live one would
// have (to the GitLab issue too, its link being saved), and any breach,
// even of an issue closed long ago, counts toward the tool's signals.
func (s *Service) arrivedLate(ctx context.Context, tx ExternalTx, is Issue) error {
	if is.State != Closed {
		return s.WarnOnArrival(ctx, tx, is)
	}
	if is.SLO.State == Breached || is.RTO.State == Breached {
		return s.checkSignal(ctx, tx, is.ToolID)
	}
	return nil
}

// finishExternal stores an applied change: the issue when it changed (with
// an event), its link, the messages, and a signal check on a new breach.
func (s *Service) finishExternal(ctx context.Context, tx ExternalTx, actor core.Actor, before, is Issue, link ExternalLink,
	msgs []core.Message, did []string) error {
	if len(did) > 0 {
		if err := tx.UpdateIssueDetails(ctx, &is); err != nil {
			return err
		}
		summary := fmt.Sprintf("issue %d, from GitLab: %s", is.ID, strings.Join(did, "; "))
		if err := s.issueEvent(ctx, tx, actor, is, "issue."+string(is.State), summary); err != nil {
			return err
		}
	}
	if err := tx.SaveExternalLink(ctx, link); err != nil {
		return err
	}
	if err := tx.Enqueue(ctx, msgs...); err != nil {
		return err
	}
	return s.signalOnBreach(ctx, tx, before, is)
}

// beginBlocking starts the clocks of an issue that began to keep the tool
// from working at start, as if it had opened then. A triage before start
// meets the SLO at start. The clocks are left running: the clock job warns
// when they are at risk or breached.
func (s *Service) beginBlocking(ctx context.Context, tx ExternalTx, is *Issue, link *ExternalLink, tool inventory.Tool,
	cal *bizhours.Calendar, start time.Time) error {
	policy, err := clockPolicyOf(ctx, tx)
	if err != nil {
		return err
	}
	c := *is
	c.OpenedAt, c.BlocksFunctionality = start, true
	s.startClocks(&c, tool, cal, policy)
	is.BlocksFunctionality = true
	is.Level, is.CommitmentNote, is.SLO, is.RTO = c.Level, c.CommitmentNote, c.SLO, c.RTO
	for _, k := range []*Clock{&is.SLO, &is.RTO} {
		if k.DueAt != nil {
			k.State = Running
		}
	}
	if is.SLO.DueAt != nil {
		link.ClocksFrom = start
		is.CommitmentNote += fmt.Sprintf("; the clocks run from %s, when the issue began to keep the tool from working",
			start.Format(time.RFC3339))
	}
	if is.SLOStoppedAt() != nil {
		stopAt(&is.SLO, cal, start, *is.SLOStoppedAt())
	}
	return nil
}

// stopAt stops a clock that started at start, never before it started.
func stopAt(c *Clock, cal *bizhours.Calendar, start, at time.Time) {
	if at.Before(start) {
		at = start
	}
	StopClock(c, cal, start, at)
}

// refusalMessage tells the outside issue why a feature request was closed.
func (s *Service) refusalMessage(is Issue, tool inventory.Tool, ext ExternalIssue, refusal string) core.Message {
	return core.Message{Topic: "issue.refused", Subject: toolSubject(tool.ID), CreatedAt: s.clock.Now(),
		Recipients: []core.Recipient{gitlabRecipient(ext.Ref)},
		Title:      fmt.Sprintf("%s does not take feature requests", tool.Name),
		Body: fmt.Sprintf("interlock accepted this feature request for %s and closed it: %s.\n\n"+
			"The tool's category is %s. Ask ProdSecEng if the category should change.", tool.Name, refusal, tool.Category),
		Data: messageData(ext, map[string]any{"issue_id": is.ID, "reason": refusal})}
}

func gitlabRecipient(ref string) core.Recipient {
	return core.Recipient{Kind: RecipientGitLabIssue, Name: ref, Reason: "the GitLab issue it came from"}
}

// messageData adds the GitLab event UUID to a message's data when known.
func messageData(ext ExternalIssue, data map[string]any) map[string]any {
	if ext.EventUUID != "" {
		data["gitlab_event_uuid"] = ext.EventUUID
	}
	return data
}

// commitmentMessage tells the outside issue the commitment its clocks run against.
func (s *Service) commitmentMessage(is Issue, tool inventory.Tool, ext ExternalIssue) core.Message {
	var b strings.Builder
	fmt.Fprintf(&b, "This issue keeps %s from working. %s is %s, so ProdSecEng commits to:\n\n", tool.Name, tool.Name, is.Level)
	fmt.Fprintf(&b, "- SLO %s: triaged and assigned before %s\n", describeTarget(is.SLO.Target), dueText(is.SLO.DueAt))
	fmt.Fprintf(&b, "- RTO %s: working again before %s\n", describeTarget(is.RTO.Target), dueText(is.RTO.DueAt))
	fmt.Fprintf(&b, "- no RPO (recovery point objective) is promised: %s\n\n", inventory.NoRPO)
	b.WriteString("Times are counted in business time on the team's calendar. " + is.CommitmentNote + ".")
	recipients := []core.Recipient{}
	if ext.Ref != "" {
		recipients = append(recipients, gitlabRecipient(ext.Ref))
	}
	return core.Message{Topic: "issue.commitment", Subject: toolSubject(tool.ID), CreatedAt: s.clock.Now(),
		Recipients: recipients,
		Title:      fmt.Sprintf("%s: SLO and RTO clocks started for issue %d", tool.Name, is.ID),
		Body:       b.String(),
		Data: messageData(ext, map[string]any{"issue_id": is.ID, "level": is.Level, "slo_due_at": is.SLO.DueAt,
			"rto_due_at": is.RTO.DueAt, "rpo": "none"})}
}

func dueText(t *time.Time) string {
	if t == nil {
		return "(best effort: no deadline)"
	}
	return t.UTC().Format("2006-01-02 15:04 MST")
}

// signalOnBreach re-checks the tool's signal when a clock became breached.
func (s *Service) signalOnBreach(ctx context.Context, tx ExternalTx, before, after Issue) error {
	if after.SLO.State == Breached && before.SLO.State != Breached || after.RTO.State == Breached && before.RTO.State != Breached {
		return s.checkSignal(ctx, tx, after.ToolID)
	}
	return nil
}

// externalRecipients is the GitLab issue an issue came from, when it has a
// ref, so that clock warnings are commented there too.
func externalRecipients(ctx context.Context, r ExternalReader, is Issue) []core.Recipient {
	if !is.External {
		return nil
	}
	link, err := r.ExternalLinkOf(ctx, is.ID)
	if err != nil || link.Ref == "" {
		return nil
	}
	return []core.Recipient{gitlabRecipient(link.Ref)}
}

// OpenExternal lists the links of the issues not yet closed whose external
// key starts with prefix, oldest first; e.g. the open outage of a pipeline.
func (s *Service) OpenExternal(ctx context.Context, actor core.Actor, prefix string) ([]ExternalLink, error) {
	if err := actor.Require(core.PermRead, "reading issues"); err != nil {
		return nil, err
	}
	return s.store.External.OpenExternalLinks(ctx, prefix)
}
