package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/backlog"
)

// ProcessBody is the active process scheme and the profiles one can switch to.
type ProcessBody struct {
	Profile  string         `json:"profile"`
	Profiles []string       `json:"profiles"`
	Scheme   backlog.Scheme `json:"scheme"`
}

type processOut struct {
	ETag string `header:"ETag"`
	Body ProcessBody
}

// ProcessIn switches the profile ({"profile": name}) or brings in a whole
// custom scheme (its fields, with a name of its own), which is validated,
// stored as the next version of that name, and made active.
type ProcessIn struct {
	Profile            string                  `json:"profile,omitempty" maxLength:"100" doc:"A profile to switch to: handbook-seed, handbook-2026-07 or a custom scheme's name"`
	Name               string                  `json:"name,omitempty" maxLength:"100" doc:"A custom scheme: its name"`
	Description        string                  `json:"description,omitempty" maxLength:"2000"`
	TeamLabel          string                  `json:"team_label,omitempty"`
	CandidateLabel     string                  `json:"candidate_label,omitempty"`
	PriorityLabels     []backlog.PriorityLabel `json:"priority_labels,omitempty"`
	WorkflowLabels     []string                `json:"workflow_labels,omitempty"`
	ReadyLabel         string                  `json:"ready_label,omitempty"`
	BlockedLabel       string                  `json:"blocked_label,omitempty"`
	MetricLabels       []backlog.MetricLabel   `json:"metric_labels,omitempty"`
	PendingMetricLabel string                  `json:"pending_metric_label,omitempty"`
	Weights            []backlog.WeightLevel   `json:"weights,omitempty"`
	BreakDownAbove     int                     `json:"break_down_above,omitempty"`
	AppSecLabels       []string                `json:"appsec_labels,omitempty"`
	CoCreatePhases     []string                `json:"cocreate_phases,omitempty"`
	SeekingCommunity   string                  `json:"seeking_community_label,omitempty"`
}

func (in ProcessIn) change() backlog.ProcessChange {
	c := backlog.ProcessChange{Profile: in.Profile}
	if in.Name != "" || in.TeamLabel != "" || len(in.PriorityLabels) > 0 || len(in.WorkflowLabels) > 0 || len(in.Weights) > 0 {
		c.Scheme = &backlog.Scheme{Name: in.Name, Description: in.Description, TeamLabel: in.TeamLabel, CandidateLabel: in.CandidateLabel,
			PriorityLabels: in.PriorityLabels, WorkflowLabels: in.WorkflowLabels, ReadyLabel: in.ReadyLabel, BlockedLabel: in.BlockedLabel,
			MetricLabels: in.MetricLabels, PendingMetricLabel: in.PendingMetricLabel, Weights: in.Weights, BreakDownAbove: in.BreakDownAbove,
			AppSecLabels: in.AppSecLabels, CoCreatePhases: in.CoCreatePhases, SeekingCommunity: in.SeekingCommunity}
	}
	return c
}

func processBody(p backlog.Process) *processOut {
	return &processOut{ETag: etag(p.Version), Body: ProcessBody{Profile: p.Profile, Profiles: p.Profiles, Scheme: p.Scheme}}
}

func (s *server) processRoutes() {
	huma.Register(s.api, op("get-process", http.MethodGet, "/api/v1/process", "The team's process scheme",
		"The active profile and its scheme: team and candidate labels, priority labels with their meaning, workflow labels in "+
			"board order, metric labels, the weight scale and its break-down point, AppSec labels and co-create phases."), s.getProcess)
	huma.Register(s.api, op("set-process", http.MethodPut, "/api/v1/process", "Change the process scheme",
		"Switch profile with {\"profile\": name}, or give a whole custom scheme (validated, versioned) (manager). "+
			"Items already recorded keep the scheme they were recorded under."), s.setProcess)
}

func (s *server) getProcess(ctx context.Context, _ *struct{}) (*processOut, error) {
	p, err := s.Backlog.Process(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return processBody(p), nil
}

func (s *server) setProcess(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    ProcessIn
}) (*processOut, error) {
	p, err := s.Backlog.SetProcess(ctx, actorOf(ctx), ifMatch(in.IfMatch), in.Body.change())
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return processBody(p), nil
}
