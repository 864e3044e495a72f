package backlog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The rule codes of findings.
const (
	RuleWeightAboveMax       = "weight_above_max"
	RuleWeightNotInScale     = "weight_not_in_scale"
	RuleReadyWithoutWeight   = "ready_without_weight"
	RuleReadyWithoutDoD      = "ready_without_definition_of_done"
	RuleMissingMetricLabel   = "missing_metric_label"
	RuleCandidateUntriaged   = "candidate_untriaged"
	RuleNoAppSecInFlight     = "no_appsec_in_flight"
	RuleStoppedWithoutHandof = "stopped_without_handoff"
	// Rules the page implies besides the fixed ones.
	RulePriorityNotInScheme = "priority_not_in_scheme"
	RuleWorkflowNotInScheme = "workflow_not_in_scheme"
	RuleMetricNotInScheme   = "metric_not_in_scheme"
	RuleToolingEpicNoMetric = "tooling_epic_without_metric_label"
)

// Rules lists every rule code, in the order findings are reported.
var Rules = []string{RuleWeightAboveMax, RuleWeightNotInScale, RuleReadyWithoutWeight, RuleReadyWithoutDoD,
	RuleMissingMetricLabel, RuleCandidateUntriaged, RuleNoAppSecInFlight, RuleStoppedWithoutHandof,
	RulePriorityNotInScheme, RuleWorkflowNotInScheme, RuleMetricNotInScheme, RuleToolingEpicNoMetric}

// Finding is one broken rule: of an item, or of the team (ItemURL empty).
type Finding struct {
	Rule    string `json:"rule"`
	ItemID  int64  `json:"item_id,omitempty"`
	ItemURL string `json:"item_url"`
	Message string `json:"message"`
	Profile string `json:"profile" doc:"The scheme the rule was checked under"`
}

// dodPattern finds a definition of done in a description: a heading or a
// line that names it.
var dodPattern = regexp.MustCompile(`(?im)^\s*(#{1,6}\s*|\*\*|__)?\s*(definition of done|done when|acceptance criteria|exit criteria)\b`)

// HasDefinitionOfDone reports whether a description states when the work is done.
func HasDefinitionOfDone(description string) bool { return dodPattern.MatchString(description) }

// CheckItem returns the item's findings under its scheme at now.
func CheckItem(s Scheme, set Settings, it Item, now time.Time) []Finding {
	var out []Finding
	add := func(rule, format string, args ...any) {
		out = append(out, Finding{Rule: rule, ItemID: it.ID, ItemURL: it.URL, Message: fmt.Sprintf(format, args...), Profile: s.Ref()})
	}
	if !it.Open() || it.RemovedAt != nil && !it.Team && !it.Candidate {
		return nil
	}
	if it.Weight != nil && it.Kind != MergeRequest {
		switch w := *it.Weight; {
		case w > s.BreakDownAbove:
			add(RuleWeightAboveMax, "weight %d is above %d: break the issue down", w, s.BreakDownAbove)
		case !s.InScale(w):
			add(RuleWeightNotInScale, "weight %d is not on the scale %s", w, scaleText(s))
		}
	}
	ready := strings.EqualFold(WorkflowPrefix+it.Workflow, s.ReadyLabel)
	if ready && it.Weight == nil && it.Kind != MergeRequest {
		add(RuleReadyWithoutWeight, "%s without a weight: weigh it before it is ready", s.ReadyLabel)
	}
	if ready && it.Kind != MergeRequest && !HasDefinitionOfDone(it.Description) {
		add(RuleReadyWithoutDoD, "%s but the description has no definition of done", s.ReadyLabel)
	}
	if it.Team && it.Kind != MergeRequest && it.Metric == "" {
		add(RuleMissingMetricLabel, "team work without a %s label (use %s when unsure)", MetricPrefix, s.PendingMetricLabel)
	}
	if it.Candidate && !it.Team && now.Sub(it.CreatedAt) > time.Duration(set.CandidateDays)*24*time.Hour {
		add(RuleCandidateUntriaged, "a candidate for %d days, untriaged (the limit is %d)", int(now.Sub(it.CreatedAt).Hours()/24), set.CandidateDays)
	}
	if StoppedWithoutHandoff(s, it) {
		add(RuleStoppedWithoutHandof, "unassigned since %s without %s and without mentioning the team",
			it.UnassignedAt.Format(time.DateOnly), s.BlockedLabel)
	}
	for _, l := range it.Labels {
		low := strings.ToLower(l)
		if isPriorityLike(s, low) && !slices.ContainsFunc(s.PriorityLabels, func(p PriorityLabel) bool { return strings.EqualFold(p.Label, l) }) {
			add(RulePriorityNotInScheme, "%q is not a priority label of %s", l, s.Name)
		}
	}
	if it.Workflow != "" && !hasLabel(s.WorkflowLabels, WorkflowPrefix+it.Workflow) {
		add(RuleWorkflowNotInScheme, "workflow::%s is not a workflow label of %s", it.Workflow, s.Name)
	}
	if it.Metric != "" && !s.IsMetricLabel(MetricPrefix+it.Metric) {
		add(RuleMetricNotInScheme, "%s%s is not a metric label of %s", MetricPrefix, it.Metric, s.Name)
	}
	return out
}

// isPriorityLike reports whether a lower-cased label is in the scope of one
// of the scheme's priority labels (so "prodsecengpriority::4" is, under the
// seed profile).
func isPriorityLike(s Scheme, low string) bool {
	for _, p := range s.PriorityLabels {
		if i := strings.LastIndex(p.Label, "::"); i > 0 && strings.HasPrefix(low, strings.ToLower(p.Label[:i+2])) {
			return true
		}
	}
	return false
}

// StoppedWithoutHandoff reports whether work was stopped (its last assignee
// left) without the blocked label and without a mention of the team since.
func StoppedWithoutHandoff(s Scheme, it Item) bool {
	if !it.Open() || !it.Team || it.UnassignedAt == nil || len(it.Assignees) > 0 || Blocked(s, it.Labels) {
		return false
	}
	return it.TeamMentionedAt == nil || it.TeamMentionedAt.Before(*it.UnassignedAt)
}

// InFlightAppSec reports whether the item is AppSec-related work in flight:
// an open issue, assigned, not blocked, carrying an AppSec label.
func InFlightAppSec(s Scheme, it Item) bool {
	return it.Open() && it.Kind != MergeRequest && it.Kind != Epic && len(it.Assignees) > 0 && !Blocked(s, it.Labels) && AppSec(s, it.Labels)
}

// CheckTeam returns the team-level findings under the active scheme.
func CheckTeam(s Scheme, items []Item) []Finding {
	if slices.ContainsFunc(items, func(it Item) bool { return InFlightAppSec(s, it) }) {
		return nil
	}
	return []Finding{{Rule: RuleNoAppSecInFlight, Profile: s.Ref(), Message: fmt.Sprintf(
		"no open, assigned, unblocked issue carries an AppSec label (%s): the team should always have one in flight",
		strings.Join(s.AppSecLabels, ", "))}}
}

func scaleText(s Scheme) string {
	ws := make([]string, len(s.Weights))
	for i, w := range s.Weights {
		ws[i] = fmt.Sprint(w.Weight)
	}
	return strings.Join(ws, ", ")
}
