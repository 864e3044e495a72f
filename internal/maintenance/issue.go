package maintenance

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// IssueKind is what a support issue is about.
type IssueKind string

// The kinds of support issue.
const (
	Bug            IssueKind = "bug"
	Outage         IssueKind = "outage"
	FeatureRequest IssueKind = "feature_request"
	Question       IssueKind = "question"
	Security       IssueKind = "security"
	Other          IssueKind = "other"
)

// IssueKinds lists every kind.
var IssueKinds = []IssueKind{Bug, Outage, FeatureRequest, Question, Security, Other}

// IssueState is where a support issue is in its life.
type IssueState string

// The issue states: open, triaged (assigned; the SLO clock stopped),
// recovered (the tool works again; the RTO clock stopped), closed.
const (
	Open      IssueState = "open"
	Triaged   IssueState = "triaged"
	Recovered IssueState = "recovered"
	Closed    IssueState = "closed"
)

// ClockState is where an SLO or RTO clock stands.
type ClockState string

// The clock states. None is for best effort and for issues that do not
// keep the tool from working.
const (
	Running  ClockState = "running"
	AtRisk   ClockState = "at_risk"
	Breached ClockState = "breached"
	Met      ClockState = "met"
	None     ClockState = "none"
)

// Clock is one of an issue's two clocks, fixed when the issue opened.
type Clock struct {
	Target  *inventory.Target
	DueAt   *time.Time
	AtRisk  *time.Time // when AtRiskFraction of the target has elapsed
	State   ClockState // as last stored; Issue.ClockStates gives it at any instant
	Elapsed *time.Duration
	Note    string // why the clock stopped without meeting or missing, or why none runs
}

// Issue is a support issue on a tool.
type Issue struct {
	ID                  int64
	ToolID              int64
	Title               string
	Kind                IssueKind
	BlocksFunctionality bool
	OpenedAt            time.Time
	Reporter            string
	ExternalURL         string
	External            bool // it came from outside (e.g. GitLab) rather than a person here
	State               IssueState
	Assignee            string
	TriagedAt           *time.Time
	RecoveredAt         *time.Time
	ClosedAt            *time.Time
	CloseReason         string
	Level               inventory.Criticality // the commitment level when it opened
	CommitmentNote      string
	SLO, RTO            Clock
	Version             int
	// TimeSpent is the time logged on the issue in its tracker (GitLab's
	// time tracking); nil when the tracker does not report it.
	TimeSpent *time.Duration
	// BlocksStated says the reporter stated BlocksFunctionality; when not,
	// an outage blocks (rule 5). It is input only.
	BlocksStated bool
}

// Limits of an issue's fields.
const (
	maxIssueTitle = 300
	maxReason     = 5000
)

// Validate checks a new issue's fields.
func (is *Issue) Validate(now time.Time) error {
	var p core.Problems
	is.Title = strings.TrimSpace(is.Title)
	p.Require(is.Title != "", "title", "is required", nil)
	p.MaxLen("title", is.Title, maxIssueTitle)
	p.Require(slices.Contains(IssueKinds, is.Kind), "kind", "must be "+core.OneOf(IssueKinds), is.Kind)
	p.Require(!is.OpenedAt.After(now.Add(time.Minute)), "opened_at", "must not be in the future", is.OpenedAt)
	p.Require(is.OpenedAt.Year() >= 2000, "opened_at", "is too far in the past", is.OpenedAt)
	if is.ExternalURL != "" {
		p.MaxLen("external_url", is.ExternalURL, inventory.MaxURL)
		p.Require(strings.HasPrefix(is.ExternalURL, "https://") || strings.HasPrefix(is.ExternalURL, "http://"),
			"external_url", "must be an http(s) URL", is.ExternalURL)
	}
	return p.Err("the issue is not valid")
}

// ClockStates returns the state of both clocks at instant now: a stopped
// clock is met or breached by when it stopped; a running one is breached
// once past due and at risk once past its at-risk point.
func (is Issue) ClockStates(now time.Time) (slo, rto ClockState) {
	return clockState(is.SLO, is.SLOStoppedAt(), is.ClosedAt, now), clockState(is.RTO, is.RecoveredAt, is.ClosedAt, now)
}

// SLOStoppedAt is when the SLO clock stopped: when the issue was triaged and
// assigned, both (rule 6); nil while either is missing.
func (is Issue) SLOStoppedAt() *time.Time {
	if is.TriagedAt == nil || strings.TrimSpace(is.Assignee) == "" {
		return nil
	}
	return is.TriagedAt
}

func clockState(c Clock, stopped, closed *time.Time, now time.Time) ClockState {
	if c.DueAt == nil {
		return None
	}
	end := stopped
	if end == nil && closed != nil {
		// closed without reaching this clock's goal: breached if it was late,
		// otherwise no verdict
		if !closed.Before(*c.DueAt) {
			return Breached
		}
		return None
	}
	if end != nil {
		if !end.Before(*c.DueAt) { // the seeds' targets are "less than"
			return Breached
		}
		return Met
	}
	switch {
	case !now.Before(*c.DueAt):
		return Breached
	case c.AtRisk != nil && !now.Before(*c.AtRisk):
		return AtRisk
	}
	return Running
}

// featureRequestRefusal is the seeds' reason a category does not take
// feature requests, or "" when it does.
func featureRequestRefusal(c inventory.Category) string {
	switch c {
	case inventory.Maintain:
		return "the tool is in maintain (KTLO): feature requests are not accepted; peer review of contributions is accepted"
	case inventory.Sunset:
		return "the tool is being sunset and is treated as KTLO until it is removed: feature requests are not accepted"
	case inventory.Redirect:
		return "the tool is in redirect: its ownership must transfer to another team, and feature requests are not accepted"
	}
	return ""
}

func describeTarget(t *inventory.Target) string {
	if t == nil {
		return "best effort"
	}
	return fmt.Sprintf("%d %s", t.Amount, strings.ReplaceAll(string(t.Unit), "_", " "))
}
