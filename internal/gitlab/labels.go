package gitlab

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// LabelMapping says how GitLab's labels, confidentiality and vulnerability
// severities map to a support issue's kind and whether it blocks the tool.
// It is data, changed through the API, not code.
type LabelMapping struct {
	// BlockingLabels mean the issue keeps the tool from working.
	BlockingLabels []string
	// KindLabels map a label to a kind; the first that matches wins.
	KindLabels []KindLabel
	// ConfidentialKind is the kind of a confidential issue with no kind
	// label of higher rank; "" leaves confidentiality out of it.
	ConfidentialKind maintenance.IssueKind
	// BlockingSeverities are the vulnerability severities that block.
	BlockingSeverities []string
	Version            int
}

// KindLabel maps one label to a kind of support issue.
type KindLabel struct {
	Label string
	Kind  maintenance.IssueKind
}

// VulnerabilitySeverities are GitLab's vulnerability severities.
var VulnerabilitySeverities = []string{"critical", "high", "medium", "low", "info", "unknown"}

// DefaultLabelMapping is the mapping until a manager changes it:
// severity::1 and severity::2 block; security (or confidential) is security,
// type::bug a bug, type::feature a feature request, anything else other;
// critical and high vulnerabilities block.
func DefaultLabelMapping() LabelMapping {
	return LabelMapping{
		BlockingLabels: []string{"severity::1", "severity::2"},
		KindLabels: []KindLabel{{"security", maintenance.Security}, {"type::bug", maintenance.Bug},
			{"type::feature", maintenance.FeatureRequest}},
		ConfidentialKind:   maintenance.Security,
		BlockingSeverities: []string{"critical", "high"},
	}
}

// Limits of a mapping.
const (
	maxMappingLabels = 100
	maxLabelLen      = 255
)

// Validate trims the mapping's labels and checks them.
func (m *LabelMapping) Validate() error {
	var p core.Problems
	p.Require(len(m.BlockingLabels) <= maxMappingLabels, "blocking_labels", "has too many labels", len(m.BlockingLabels))
	for i, l := range m.BlockingLabels {
		m.BlockingLabels[i] = strings.TrimSpace(l)
		p.Require(m.BlockingLabels[i] != "" && len(m.BlockingLabels[i]) <= maxLabelLen,
			fmt.Sprintf("blocking_labels[%d]", i), "must be a label of 1 to 255 characters", l)
	}
	p.Require(len(m.KindLabels) <= maxMappingLabels, "kind_labels", "has too many labels", len(m.KindLabels))
	for i, k := range m.KindLabels {
		m.KindLabels[i].Label = strings.TrimSpace(k.Label)
		p.Require(m.KindLabels[i].Label != "" && len(m.KindLabels[i].Label) <= maxLabelLen,
			fmt.Sprintf("kind_labels[%d].label", i), "must be a label of 1 to 255 characters", k.Label)
		p.Require(slices.Contains(maintenance.IssueKinds, k.Kind), fmt.Sprintf("kind_labels[%d].kind", i),
			"must be bug, outage, feature_request, question, security or other", k.Kind)
	}
	p.Require(m.ConfidentialKind == "" || slices.Contains(maintenance.IssueKinds, m.ConfidentialKind), "confidential_kind",
		"must be empty or a kind of support issue", m.ConfidentialKind)
	for i, s := range m.BlockingSeverities {
		m.BlockingSeverities[i] = strings.ToLower(strings.TrimSpace(s))
		p.Require(slices.Contains(VulnerabilitySeverities, m.BlockingSeverities[i]), fmt.Sprintf("blocking_vulnerability_severities[%d]", i),
			"must be critical, high, medium, low, info or unknown", s)
	}
	return p.Err("the GitLab label mapping is not valid")
}

// Classify gives the kind of an issue with these labels and whether it
// blocks the tool. Labels match regardless of case.
func (m LabelMapping) Classify(labels []string, confidential bool) (maintenance.IssueKind, bool) {
	has := func(l string) bool {
		return slices.ContainsFunc(labels, func(x string) bool { return strings.EqualFold(strings.TrimSpace(x), l) })
	}
	blocks := slices.ContainsFunc(m.BlockingLabels, has)
	for _, k := range m.KindLabels {
		if k.Kind == m.ConfidentialKind && confidential {
			return k.Kind, blocks
		}
		if has(k.Label) {
			return k.Kind, blocks
		}
	}
	if confidential && m.ConfidentialKind != "" {
		return m.ConfidentialKind, blocks
	}
	return maintenance.Other, blocks
}

// blocking reports whether any of labels is a blocking label.
func (m LabelMapping) blocking(labels []string) bool {
	_, b := m.Classify(labels, false)
	return b
}

// SeverityBlocks reports whether a vulnerability of that severity blocks.
func (m LabelMapping) SeverityBlocks(severity string) bool {
	return slices.Contains(m.BlockingSeverities, strings.ToLower(strings.TrimSpace(severity)))
}

// LabelStore keeps the label mapping.
type LabelStore interface {
	// GitLabLabels returns the stored mapping; NotFound when never set.
	GitLabLabels(ctx context.Context) (LabelMapping, error)
	// SaveGitLabLabels stores the mapping, with an event, if its version is
	// still m.Version (0: never stored), and sets the new version.
	SaveGitLabLabels(ctx context.Context, m *LabelMapping, actor string, at time.Time) error
}

// Labels reads and changes the label mapping.
type Labels struct {
	store LabelStore
	clock core.Clock
}

// NewLabels returns the label mapping service.
func NewLabels(store LabelStore, clock core.Clock) *Labels {
	return &Labels{store: store, clock: clock}
}

// current is the stored mapping, or the default one (version 0).
func (l *Labels) current(ctx context.Context) (LabelMapping, error) {
	m, err := l.store.GitLabLabels(ctx)
	if core.IsCode(err, core.NotFound) {
		return DefaultLabelMapping(), nil
	}
	return m, err
}

// Get returns the mapping in force.
func (l *Labels) Get(ctx context.Context, actor core.Actor) (LabelMapping, error) {
	if err := actor.Require(core.PermEngineer, "reading the GitLab label mapping"); err != nil {
		return LabelMapping{}, err
	}
	return l.current(ctx)
}

// Set replaces the mapping if version is the one in force; a version is
// required (see core.CheckVersion): the mapping is shared configuration.
func (l *Labels) Set(ctx context.Context, actor core.Actor, version int, m LabelMapping) (LabelMapping, error) {
	if err := actor.Require(core.PermManage, "changing the GitLab label mapping"); err != nil {
		return LabelMapping{}, err
	}
	if err := m.Validate(); err != nil {
		return LabelMapping{}, err
	}
	cur, err := l.current(ctx)
	if err != nil {
		return LabelMapping{}, err
	}
	if err := core.CheckVersion("the GitLab label mapping", cur.Version, version, true); err != nil {
		return LabelMapping{}, err
	}
	m.Version = cur.Version
	if err := l.store.SaveGitLabLabels(ctx, &m, actor.Username, l.clock.Now()); err != nil {
		return LabelMapping{}, err
	}
	return m, nil
}

// Classify maps labels with the mapping in force; it has the shape of the
// sync's Classify, so that webhooks and the sync classify alike.
func (l *Labels) Classify(ctx context.Context, labels []string, confidential bool) (maintenance.IssueKind, bool, error) {
	m, err := l.current(ctx)
	if err != nil {
		return "", false, err
	}
	kind, blocks := m.Classify(labels, confidential)
	return kind, blocks, nil
}
