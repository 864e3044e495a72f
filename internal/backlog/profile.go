package backlog

import (
	"fmt"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// The names of the shipped profiles.
const (
	ProfileSeed     = "handbook-seed"
	Profile202607   = "handbook-2026-07"
	DefaultProfile  = ProfileSeed
	maxSchemeLabels = 100
	maxLabel        = 255
)

// Label names the seed page spells out; a scheme may rename them.
const (
	TeamLabel             = "team::Product Security Engineering"
	CandidateLabel        = "ProdSecEng Candidate"
	PendingMetricLabel    = "ProdSecEngMetric::Pending"
	ToolingMetricLabel    = "ProdSecEngMetric::Tooling Integration"
	ReadyLabel            = "workflow::ready for development"
	BlockedLabel          = "workflow::blocked"
	SeekingCommunityLabel = "Seeking community contributions"
	MetricPrefix          = "ProdSecEngMetric::"
	WorkflowPrefix        = "workflow::"
	GroupPrefix           = "group::"
)

// PriorityLabel is one priority label and what it promises.
type PriorityLabel struct {
	Label    string `json:"label"`
	Priority int    `json:"priority"`
	Meaning  string `json:"meaning" required:"false"`
}

// MetricLabel is one ProdSecEngMetric:: label and what it counts.
type MetricLabel struct {
	Label   string `json:"label"`
	Meaning string `json:"meaning" required:"false"`
}

// WeightLevel is one weight of the scale and what it means.
type WeightLevel struct {
	Weight  int    `json:"weight"`
	Meaning string `json:"meaning" required:"false"`
}

// Scheme is one version of the team's process as data: every label and
// weight rule reads it.
type Scheme struct {
	Name               string          `json:"name"`
	Version            int             `json:"version"`
	Description        string          `json:"description"`
	TeamLabel          string          `json:"team_label"`
	CandidateLabel     string          `json:"candidate_label"`
	PriorityLabels     []PriorityLabel `json:"priority_labels" doc:"Highest priority first"`
	WorkflowLabels     []string        `json:"workflow_labels" doc:"Whole labels, in board order"`
	ReadyLabel         string          `json:"ready_label" doc:"The workflow label that says an issue is refined"`
	BlockedLabel       string          `json:"blocked_label"`
	MetricLabels       []MetricLabel   `json:"metric_labels"`
	PendingMetricLabel string          `json:"pending_metric_label"`
	Weights            []WeightLevel   `json:"weights" doc:"The weight scale, smallest first"`
	BreakDownAbove     int             `json:"break_down_above" doc:"Anything heavier should be broken down"`
	AppSecLabels       []string        `json:"appsec_labels" doc:"Labels that make an issue AppSec-related"`
	CoCreatePhases     []string        `json:"cocreate_phases"`
	SeekingCommunity   string          `json:"seeking_community_label"`
}

var seedWorkflow = []string{
	"workflow::validation backlog", "workflow::problem validation", "workflow::solution validation",
	"workflow::planning breakdown", ReadyLabel, "workflow::in dev", "workflow::in review",
	"workflow::verification", "workflow::complete", BlockedLabel,
}

var metricLabels = []MetricLabel{
	{ToolingMetricLabel, "Integrating custom Product Security tooling into GitLab"},
	{"ProdSecEngMetric::AppSec Automation", "Reducing the Application Security team's manual work"},
	{"ProdSecEngMetric::Paved Roads", "Paved roads along the software development lifecycle"},
	{"ProdSecEngMetric::Product Security Improvement", "Product-first code that improves the security of GitLab"},
	{PendingMetricLabel, "Taken on; the right metric label is not decided yet"},
}

// withSeedLabels fills in the labels every shipped profile takes from the seed
// page: team, candidate, workflow, metric, AppSec and community labels.
func withSeedLabels(s Scheme) Scheme {
	s.TeamLabel, s.CandidateLabel = TeamLabel, CandidateLabel
	s.WorkflowLabels, s.ReadyLabel, s.BlockedLabel = seedWorkflow, ReadyLabel, BlockedLabel
	s.MetricLabels, s.PendingMetricLabel = metricLabels, PendingMetricLabel
	s.AppSecLabels = []string{"ProdSecEngMetric::AppSec Automation", "AppSec"}
	s.SeekingCommunity = SeekingCommunityLabel
	return s
}

// Profiles are the shipped schemes by name. They are never changed in
// place: a new handbook version is a new profile.
var Profiles = map[string]Scheme{
	ProfileSeed: withSeedLabels(Scheme{
		Name: ProfileSeed, Version: 1,
		Description: "The seed handbook page: ProdSecEngPriority::1-3, weights 1-5 (break down anything larger)",
		PriorityLabels: []PriorityLabel{
			{"ProdSecEngPriority::1", 1, "Requires immediate attention: the next milestone, or the current one with spare capacity"},
			{"ProdSecEngPriority::2", 2, "Essential, but can wait for a few milestones"},
			{"ProdSecEngPriority::3", 3, "Nice to have; no commitment to a timeline"},
		},
		Weights: []WeightLevel{
			{1, "Trivial, does not need any testing"},
			{2, "Small, needs some testing but nothing involved"},
			{3, "Medium, will take some time and collaboration"},
			{4, "Substantial, will take significant time and collaboration to finish"},
			{5, "Large, will take a major portion of the milestone to finish"},
		},
		BreakDownAbove: 5,
		CoCreatePhases: []string{"Product validation & proof of concept", "Product integration"},
	}),
	Profile202607: withSeedLabels(Scheme{
		Name: Profile202607, Version: 1,
		Description: "The public handbook of July 2026: priority::1-4, Fibonacci weights (break down above 13), co-create in three phases",
		PriorityLabels: []PriorityLabel{
			{"priority::1", 1, "30 days"},
			{"priority::2", 2, "60-90 days"},
			{"priority::3", 3, "90-120 days"},
			{"priority::4", 4, "Best effort"},
		},
		Weights: []WeightLevel{
			{1, "Trivial"}, {2, "Small"}, {3, "Medium"}, {5, "Large"}, {8, "Very large"}, {13, "Huge: consider breaking it down"},
		},
		BreakDownAbove: 13,
		CoCreatePhases: []string{"Align", "Build & validate", "Hand over"},
	}),
}

// ProfileNames lists the shipped profiles, default first.
func ProfileNames() []string { return []string{ProfileSeed, Profile202607} }

// Ref names one version of a scheme, as items record it.
func (s Scheme) Ref() string { return fmt.Sprintf("%s@%d", s.Name, s.Version) }

// Clone returns a deep copy, so that callers cannot change a shipped profile.
func (s Scheme) Clone() Scheme {
	s.PriorityLabels = slices.Clone(s.PriorityLabels)
	s.WorkflowLabels = slices.Clone(s.WorkflowLabels)
	s.MetricLabels = slices.Clone(s.MetricLabels)
	s.Weights = slices.Clone(s.Weights)
	s.AppSecLabels = slices.Clone(s.AppSecLabels)
	s.CoCreatePhases = slices.Clone(s.CoCreatePhases)
	return s
}

// InScale reports whether w is one of the scale's weights.
func (s Scheme) InScale(w int) bool {
	return slices.ContainsFunc(s.Weights, func(l WeightLevel) bool { return l.Weight == w })
}

// IsMetricLabel reports whether label is one of the scheme's metric labels.
func (s Scheme) IsMetricLabel(label string) bool {
	return slices.ContainsFunc(s.MetricLabels, func(m MetricLabel) bool { return strings.EqualFold(m.Label, label) })
}

// MetricLabelFor turns "Tooling Integration" or the whole label into the
// scheme's spelling of the label; false when the scheme has no such label.
func (s Scheme) MetricLabelFor(v string) (string, bool) {
	v = strings.TrimSpace(v)
	for _, m := range s.MetricLabels {
		if strings.EqualFold(m.Label, v) || strings.EqualFold(strings.TrimPrefix(m.Label, MetricPrefix), v) {
			return m.Label, true
		}
	}
	return "", false
}

// Validate names every field of a custom scheme that cannot work.
func (s Scheme) Validate() error {
	var p core.Problems
	s.Name = strings.TrimSpace(s.Name)
	p.Require(s.Name != "", "name", "is required", nil)
	p.MaxLen("name", s.Name, 100)
	p.Require(!strings.ContainsAny(s.Name, "@ \t\n"), "name", "may not contain spaces or @", s.Name)
	label := func(field, v string) {
		p.Require(strings.TrimSpace(v) != "", field, "is required", nil)
		p.MaxLen(field, v, maxLabel)
	}
	label("team_label", s.TeamLabel)
	label("candidate_label", s.CandidateLabel)
	label("ready_label", s.ReadyLabel)
	label("blocked_label", s.BlockedLabel)
	label("pending_metric_label", s.PendingMetricLabel)
	label("seeking_community_label", s.SeekingCommunity)
	p.Require(len(s.PriorityLabels) > 0, "priority_labels", "needs at least one label", nil)
	seen := map[string]bool{}
	for i, pl := range s.PriorityLabels {
		f := fmt.Sprintf("priority_labels[%d]", i)
		label(f+".label", pl.Label)
		p.Require(pl.Priority >= 1 && pl.Priority <= 99, f+".priority", "must be 1 to 99", pl.Priority)
		p.Require(!seen[strings.ToLower(pl.Label)], f+".label", "appears twice", pl.Label)
		seen[strings.ToLower(pl.Label)] = true
	}
	p.Require(len(s.WorkflowLabels) > 0, "workflow_labels", "needs at least one label", nil)
	for i, w := range s.WorkflowLabels {
		f := fmt.Sprintf("workflow_labels[%d]", i)
		label(f, w)
		p.Require(strings.HasPrefix(w, WorkflowPrefix), f, "must start with workflow::", w)
	}
	p.Require(slices.Contains(s.WorkflowLabels, s.ReadyLabel), "ready_label", "must be one of workflow_labels", s.ReadyLabel)
	p.Require(slices.Contains(s.WorkflowLabels, s.BlockedLabel), "blocked_label", "must be one of workflow_labels", s.BlockedLabel)
	for i, m := range s.MetricLabels {
		f := fmt.Sprintf("metric_labels[%d].label", i)
		label(f, m.Label)
		p.Require(strings.HasPrefix(m.Label, MetricPrefix), f, "must start with "+MetricPrefix, m.Label)
	}
	p.Require(s.IsMetricLabel(s.PendingMetricLabel), "pending_metric_label", "must be one of metric_labels", s.PendingMetricLabel)
	p.Require(len(s.Weights) > 0, "weights", "needs at least one weight", nil)
	for i, w := range s.Weights {
		f := fmt.Sprintf("weights[%d].weight", i)
		p.Require(w.Weight >= 0 && w.Weight <= 1000, f, "must be 0 to 1000", w.Weight)
		p.Require(i == 0 || w.Weight > s.Weights[i-1].Weight, f, "must be larger than the weight before it", w.Weight)
	}
	p.Require(s.BreakDownAbove > 0 && s.InScale(s.BreakDownAbove), "break_down_above", "must be one of the weights", s.BreakDownAbove)
	for i, a := range s.AppSecLabels {
		label(fmt.Sprintf("appsec_labels[%d]", i), a)
	}
	p.Require(len(s.AppSecLabels) > 0, "appsec_labels", "needs at least one label", nil)
	p.Require(len(s.CoCreatePhases) > 0, "cocreate_phases", "needs at least one phase", nil)
	for i, c := range s.CoCreatePhases {
		label(fmt.Sprintf("cocreate_phases[%d]", i), c)
	}
	p.Require(len(s.PriorityLabels)+len(s.WorkflowLabels)+len(s.MetricLabels)+len(s.AppSecLabels) <= maxSchemeLabels,
		"name", "the scheme has too many labels", nil)
	return p.Err("the process scheme is not valid")
}
