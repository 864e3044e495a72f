package store

import (
	"context"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

var _ gitlab.LabelStore = (*DB)(nil)

const gitlabLabelsKey = "gitlab_labels"

type kindLabelDoc struct {
	Label string                `json:"label"`
	Kind  maintenance.IssueKind `json:"kind"`
}

type gitlabLabelsDoc struct {
	BlockingLabels     []string              `json:"blocking_labels"`
	KindLabels         []kindLabelDoc        `json:"kind_labels"`
	ConfidentialKind   maintenance.IssueKind `json:"confidential_kind"`
	BlockingSeverities []string              `json:"blocking_vulnerability_severities"`
}

// GitLabLabels returns the stored GitLab label mapping; NotFound when never set.
func (q queries) GitLabLabels(ctx context.Context) (gitlab.LabelMapping, error) {
	var doc gitlabLabelsDoc
	v, err := q.setting(ctx, gitlabLabelsKey, &doc)
	if err != nil {
		return gitlab.LabelMapping{}, err
	}
	m := gitlab.LabelMapping{BlockingLabels: doc.BlockingLabels, ConfidentialKind: doc.ConfidentialKind,
		BlockingSeverities: doc.BlockingSeverities, Version: v}
	for _, k := range doc.KindLabels {
		m.KindLabels = append(m.KindLabels, gitlab.KindLabel{Label: k.Label, Kind: k.Kind})
	}
	return m, nil
}

// SaveGitLabLabels stores the label mapping with an event, if its version is unchanged.
func (db *DB) SaveGitLabLabels(ctx context.Context, m *gitlab.LabelMapping, actor string, at time.Time) error {
	doc := gitlabLabelsDoc{BlockingLabels: m.BlockingLabels, ConfidentialKind: m.ConfidentialKind,
		BlockingSeverities: m.BlockingSeverities, KindLabels: []kindLabelDoc{}}
	for _, k := range m.KindLabels {
		doc.KindLabels = append(doc.KindLabels, kindLabelDoc{Label: k.Label, Kind: k.Kind})
	}
	return db.withTx(ctx, func(tx *Tx) error {
		v, err := tx.saveSetting(ctx, gitlabLabelsKey, doc, m.Version, actor, at)
		if err != nil {
			return err
		}
		m.Version = v
		return tx.Append(ctx, core.Event{Subject: core.Subject{Type: "settings"}, Type: "gitlab_labels.changed", Actor: actor, At: at,
			Summary: "the GitLab label mapping changed", Data: doc})
	})
}
