package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// GitLabLabelsBody maps GitLab labels, confidentiality and vulnerability
// severities to a support issue's kind and whether it blocks the tool.
type GitLabLabelsBody struct {
	BlockingLabels     []string          `json:"blocking_labels" maxItems:"100" doc:"Labels that mean the issue keeps the tool from working, e.g. severity::1"`
	KindLabels         []GitLabKindLabel `json:"kind_labels" maxItems:"100" doc:"Label to kind, first match wins; no match is other"`
	ConfidentialKind   string            `json:"confidential_kind" enum:"bug,outage,feature_request,question,security,other," doc:"The kind of a confidential issue; empty: none"`
	BlockingSeverities []string          `json:"blocking_vulnerability_severities" maxItems:"6" doc:"Vulnerability severities that block: critical, high, medium, low, info, unknown"`
}

// GitLabKindLabel maps one GitLab label to a kind of support issue.
type GitLabKindLabel struct {
	Label string `json:"label" minLength:"1" maxLength:"255"`
	Kind  string `json:"kind" enum:"@issue_kind"`
}

type gitlabLabelsOut struct {
	ETag string `header:"ETag"`
	Body GitLabLabelsBody
}

func gitlabLabelsBody(m gitlab.LabelMapping) *gitlabLabelsOut {
	b := GitLabLabelsBody{BlockingLabels: m.BlockingLabels, ConfidentialKind: string(m.ConfidentialKind),
		BlockingSeverities: m.BlockingSeverities}
	if b.BlockingLabels == nil {
		b.BlockingLabels = []string{}
	}
	if b.BlockingSeverities == nil {
		b.BlockingSeverities = []string{}
	}
	b.KindLabels = make([]GitLabKindLabel, len(m.KindLabels))
	for i, k := range m.KindLabels {
		b.KindLabels[i].Label, b.KindLabels[i].Kind = k.Label, string(k.Kind)
	}
	return &gitlabLabelsOut{ETag: etag(m.Version), Body: b}
}

func (s *server) gitlabLabelRoutes() {
	huma.Register(s.api, op("get-gitlab-labels", http.MethodGet, "/api/v1/gitlab/labels", "The GitLab label mapping",
		"How GitLab labels map to kinds and blocking (engineer and up)."), s.getGitLabLabels)
	huma.Register(s.api, op("set-gitlab-labels", http.MethodPut, "/api/v1/gitlab/labels", "Change the GitLab label mapping",
		"Replaces the mapping (manager); If-Match with the ETag guards against lost updates."), s.setGitLabLabels)
}

func (s *server) getGitLabLabels(ctx context.Context, _ *struct{}) (*gitlabLabelsOut, error) {
	m, err := s.GitLabHooks.Labels().Get(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return gitlabLabelsBody(m), nil
}

func (s *server) setGitLabLabels(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    GitLabLabelsBody
}) (*gitlabLabelsOut, error) {
	m := gitlab.LabelMapping{BlockingLabels: in.Body.BlockingLabels, ConfidentialKind: maintenance.IssueKind(in.Body.ConfidentialKind),
		BlockingSeverities: in.Body.BlockingSeverities}
	for _, k := range in.Body.KindLabels {
		m.KindLabels = append(m.KindLabels, gitlab.KindLabel{Label: k.Label, Kind: maintenance.IssueKind(k.Kind)})
	}
	m, err := s.GitLabHooks.Labels().Set(ctx, actorOf(ctx), ifMatch(in.IfMatch), m)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return gitlabLabelsBody(m), nil
}
