package backlog_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
)

const dod = "## Goal\n\nDo the thing.\n\n## Definition of done\n\n- it is done\n"

// ruleCase is one issue, as its hook says, and the rules it breaks under each profile.
type ruleCase struct {
	name     string
	labels   []string
	weight   int
	desc     string
	age      time.Duration
	assigned []string
	want     map[string][]string // profile -> rules
}

var (
	team     = backlog.TeamLabel
	cand     = backlog.CandidateLabel
	metric   = "ProdSecEngMetric::AppSec Automation"
	ready    = backlog.ReadyLabel
	seed     = backlog.ProfileSeed
	handbook = backlog.Profile202607
)

var ruleCases = []ruleCase{
	{name: "weight 3 is on both scales", labels: []string{team, metric}, weight: 3,
		want: map[string][]string{seed: nil, handbook: nil}},
	{name: "weight 4 is not Fibonacci", labels: []string{team, metric}, weight: 4,
		want: map[string][]string{seed: nil, handbook: {backlog.RuleWeightNotInScale}}},
	{name: "weight 5 is the seed limit", labels: []string{team, metric}, weight: 5,
		want: map[string][]string{seed: nil, handbook: nil}},
	{name: "weight 6 breaks the seed scale, is off the Fibonacci one", labels: []string{team, metric}, weight: 6,
		want: map[string][]string{seed: {backlog.RuleWeightAboveMax}, handbook: {backlog.RuleWeightNotInScale}}},
	{name: "weight 8 must be broken down under the seed only", labels: []string{team, metric}, weight: 8,
		want: map[string][]string{seed: {backlog.RuleWeightAboveMax}, handbook: nil}},
	{name: "weight 13 is the Fibonacci limit", labels: []string{team, metric}, weight: 13,
		want: map[string][]string{seed: {backlog.RuleWeightAboveMax}, handbook: nil}},
	{name: "weight 21 is above both", labels: []string{team, metric}, weight: 21,
		want: map[string][]string{seed: {backlog.RuleWeightAboveMax}, handbook: {backlog.RuleWeightAboveMax}}},
	{name: "ready without a weight", labels: []string{team, metric, ready}, desc: dod,
		want: map[string][]string{seed: {backlog.RuleReadyWithoutWeight}, handbook: {backlog.RuleReadyWithoutWeight}}},
	{name: "ready without a definition of done", labels: []string{team, metric, ready}, weight: 2, desc: "Just do it.",
		want: map[string][]string{seed: {backlog.RuleReadyWithoutDoD}, handbook: {backlog.RuleReadyWithoutDoD}}},
	{name: "ready, weighed, with a definition of done", labels: []string{team, metric, ready}, weight: 2, desc: dod,
		want: map[string][]string{seed: nil, handbook: nil}},
	{name: "refining without a weight is fine", labels: []string{team, metric, "workflow::solution validation"},
		want: map[string][]string{seed: nil, handbook: nil}},
	{name: "team work without a metric label", labels: []string{team}, weight: 2,
		want: map[string][]string{seed: {backlog.RuleMissingMetricLabel}, handbook: {backlog.RuleMissingMetricLabel}}},
	{name: "the pending metric label counts as a label", labels: []string{team, backlog.PendingMetricLabel}, weight: 2,
		want: map[string][]string{seed: nil, handbook: nil}},
	{name: "a candidate waiting 20 days", labels: []string{cand}, age: 20 * 24 * time.Hour,
		want: map[string][]string{seed: {backlog.RuleCandidateUntriaged}, handbook: {backlog.RuleCandidateUntriaged}}},
	{name: "a candidate waiting 3 days", labels: []string{cand}, age: 3 * 24 * time.Hour,
		want: map[string][]string{seed: nil, handbook: nil}},
	{name: "an old candidate the team took on", labels: []string{cand, team, metric}, age: 40 * 24 * time.Hour,
		want: map[string][]string{seed: nil, handbook: nil}},
	{name: "a seed priority beyond the seed's three", labels: []string{team, metric, "ProdSecEngPriority::4"},
		want: map[string][]string{seed: {backlog.RulePriorityNotInScheme}, handbook: nil}},
	{name: "priority::5 beyond the handbook's four", labels: []string{team, metric, "priority::5"},
		want: map[string][]string{seed: nil, handbook: {backlog.RulePriorityNotInScheme}}},
	{name: "a metric label outside the profile", labels: []string{team, "ProdSecEngMetric::Someday"}, weight: 2,
		want: map[string][]string{seed: {backlog.RuleMetricNotInScheme}, handbook: {backlog.RuleMetricNotInScheme}}},
	{name: "a workflow label outside the profile", labels: []string{team, metric, "workflow::someday"},
		want: map[string][]string{seed: {backlog.RuleWorkflowNotInScheme}, handbook: {backlog.RuleWorkflowNotInScheme}}},
}

// TestRulesUnderBothProfiles sends each case's Issue Hook (the fixture with
// its labels, weight and dates changed) through the adapter into the
// backlog under each profile, and checks exactly which rules it breaks.
func TestRulesUnderBothProfiles(t *testing.T) {
	for _, profile := range []string{seed, handbook} {
		t.Run(profile, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			if _, err := e.svc.SetProcess(ctx, manager, core.AnyVersion, backlog.ProcessChange{Profile: profile}); err != nil {
				t.Fatal(err)
			}
			e.clock.Set(t0.Add(60 * 24 * time.Hour))
			now := e.clock.Now()
			urls := map[string]string{}
			for i, c := range ruleCases {
				it := e.upsert(t, issueCase{ID: int64(1000 + i), IID: int64(100 + i), Labels: c.labels, Weight: c.weight,
					Description: c.desc, Assignees: c.assigned, Created: now.Add(-c.age)})
				if it.Profile != profile+"@1" {
					t.Fatalf("%s: recorded under %s, want %s@1", c.name, it.Profile, profile)
				}
				urls[c.name] = it.URL
			}
			fs := e.findings(t)
			for _, c := range ruleCases {
				got := rulesOf(fs, urls[c.name])
				want := c.want[profile]
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s: rules %v, want %v", c.name, got, want)
				}
			}
		})
	}
}

func TestLabelParsing(t *testing.T) {
	s, h := backlog.Profiles[seed], backlog.Profiles[handbook]
	labels := []string{"ProdSecEngPriority::2", "priority::3", "workflow::ready for development", "ProdSecEngMetric::Tooling Integration", cand}
	if p := backlog.Priority(s, labels); p == nil || *p != 2 {
		t.Errorf("seed priority = %v, want 2", p)
	}
	if p := backlog.Priority(h, labels); p == nil || *p != 3 {
		t.Errorf("2026-07 priority = %v, want 3", p)
	}
	if p := backlog.Priority(s, []string{"priority::1"}); p != nil {
		t.Errorf("priority::1 is not a seed priority, got %d", *p)
	}
	if w := backlog.Workflow(labels); w != "ready for development" {
		t.Errorf("workflow = %q", w)
	}
	if m := backlog.Metric(labels); m != "Tooling Integration" {
		t.Errorf("metric = %q", m)
	}
	if backlog.Workflow([]string{"workflowish"}) != "" || backlog.Metric(nil) != "" {
		t.Error("no workflow or metric label must read as empty")
	}
	if !backlog.Candidate(s, labels) || backlog.Candidate(s, []string{"ProdSecEng"}) || backlog.Team(s, labels) {
		t.Error("candidate and team labels are read exactly (any case)")
	}
	if !backlog.Team(h, []string{"TEAM::Product Security Engineering"}) {
		t.Error("labels match regardless of case, as in GitLab")
	}
	if g := backlog.GroupLabels([]string{"group::authentication", "devops::verify", "group::pipeline security"}); len(g) != 2 {
		t.Errorf("group labels = %v", g)
	}
	if !backlog.HasDefinitionOfDone("intro\n### Definition of Done\n- x") || backlog.HasDefinitionOfDone("we are done when it ships") {
		t.Error("a definition of done is a heading or a line that starts with it")
	}
}

func TestProfilesAreValid(t *testing.T) {
	for _, name := range backlog.ProfileNames() {
		if err := backlog.Profiles[name].Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	h := backlog.Profiles[handbook]
	if h.BreakDownAbove != 13 || len(h.PriorityLabels) != 4 || fmt.Sprint(h.CoCreatePhases) != "[Align Build & validate Hand over]" {
		t.Errorf("handbook-2026-07 is not the July 2026 handbook: %+v", h)
	}
	if s := backlog.Profiles[seed]; s.BreakDownAbove != 5 || len(s.Weights) != 5 || s.PriorityLabels[0].Label != "ProdSecEngPriority::1" {
		t.Errorf("handbook-seed is not the seed page: %+v", s)
	}
}
