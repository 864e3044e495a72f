package backlog

import (
	"slices"
	"strings"
)

// hasLabel reports whether labels holds label; GitLab labels are matched
// without regard to case, as GitLab's search does.
func hasLabel(labels []string, label string) bool {
	return slices.ContainsFunc(labels, func(l string) bool { return strings.EqualFold(l, label) })
}

// Priority is the number of the first of the scheme's priority labels that
// labels carry; nil when none does.
func Priority(s Scheme, labels []string) *int {
	for _, pl := range s.PriorityLabels {
		if hasLabel(labels, pl.Label) {
			n := pl.Priority
			return &n
		}
	}
	return nil
}

// Workflow is the part after "workflow::" of the workflow label; "" when
// there is none. GitLab keeps one label of a scope, so there is one at most.
func Workflow(labels []string) string { return scoped(labels, WorkflowPrefix) }

// Metric is the part after "ProdSecEngMetric::" of the metric label; ""
// when there is none.
func Metric(labels []string) string { return scoped(labels, MetricPrefix) }

func scoped(labels []string, prefix string) string {
	for _, l := range labels {
		if len(l) > len(prefix) && strings.EqualFold(l[:len(prefix)], prefix) {
			return strings.TrimSpace(l[len(prefix):])
		}
	}
	return ""
}

// Candidate reports whether labels carry the scheme's candidate label.
func Candidate(s Scheme, labels []string) bool { return hasLabel(labels, s.CandidateLabel) }

// Team reports whether labels carry the scheme's team label.
func Team(s Scheme, labels []string) bool { return hasLabel(labels, s.TeamLabel) }

// GroupLabels are the group:: labels, which name the product groups an
// issue belongs to.
func GroupLabels(labels []string) []string {
	var out []string
	for _, l := range labels {
		if strings.HasPrefix(strings.ToLower(l), GroupPrefix) {
			out = append(out, l)
		}
	}
	return out
}

// AppSec reports whether labels carry one of the scheme's AppSec labels.
func AppSec(s Scheme, labels []string) bool {
	return slices.ContainsFunc(s.AppSecLabels, func(a string) bool { return hasLabel(labels, a) })
}

// Blocked reports whether labels carry the scheme's blocked label.
func Blocked(s Scheme, labels []string) bool { return hasLabel(labels, s.BlockedLabel) }

// withLabels returns labels plus add minus remove, keeping GitLab's rule of
// one label per scope: adding "a::x" drops any other "a::" label.
func withLabels(labels, add, remove []string) []string {
	out := make([]string, 0, len(labels)+len(add))
	for _, l := range labels {
		if hasLabel(remove, l) || slices.ContainsFunc(add, func(a string) bool { return sameScope(a, l) && !strings.EqualFold(a, l) }) {
			continue
		}
		out = append(out, l)
	}
	for _, a := range add {
		if !hasLabel(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// sameScope reports whether two scoped labels share their scope ("a::b::c"
// has the scope "a::b").
func sameScope(a, b string) bool {
	i, j := strings.LastIndex(a, "::"), strings.LastIndex(b, "::")
	return i > 0 && j > 0 && strings.EqualFold(a[:i], b[:j])
}
