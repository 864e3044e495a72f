package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/backlog"
)

// BacklogSettingsIn is where the backlog lives and how its rules are tuned;
// what is left out takes its default.
type BacklogSettingsIn struct {
	Groups            []string         `json:"groups" maxItems:"200" doc:"GitLab groups the sync reads (full paths)"`
	Projects          []string         `json:"projects" maxItems:"200" doc:"GitLab projects the sync reads (full paths); their merge requests count for metrics"`
	BacklogProject    string           `json:"backlog_project,omitempty" doc:"Where requests accepted into the backlog are opened as issues"`
	ProductNamespaces []string         `json:"product_namespaces,omitempty" maxItems:"200" doc:"Namespaces of product issues; default gitlab-org"`
	TeamMembers       []string         `json:"team_members,omitempty" maxItems:"200" doc:"The team's GitLab usernames, for peer review"`
	TeamHandle        string           `json:"team_handle,omitempty" doc:"How comments mention the team; default @product-security-engineering"`
	CandidateDays     int              `json:"candidate_days,omitempty" doc:"Days a candidate may wait untriaged; default 14"`
	ToolingParentEpic string           `json:"tooling_parent_epic,omitempty" doc:"The Product Security Tooling Integration epic"`
	Schedule          backlog.Schedule `json:"schedule,omitempty" doc:"Triage on its own; off by default"`
}

type backlogSettingsOut struct {
	ETag string `header:"ETag"`
	Body backlog.Settings
}

type groupsOut struct {
	ETag string `header:"ETag"`
	Body backlog.GroupMap
}

type policiesOut struct {
	ETag string `header:"ETag"`
	Body backlog.Policies
}

func (s *server) backlogSettingsRoutes() {
	huma.Register(s.api, op("get-backlog-settings", http.MethodGet, "/api/v1/backlog/settings", "Backlog settings", ""), s.getBacklogSettings)
	huma.Register(s.api, op("set-backlog-settings", http.MethodPut, "/api/v1/backlog/settings", "Change the backlog settings",
		"The groups and projects the sync reads, and how the rules are tuned (manager)."), s.setBacklogSettings)
	huma.Register(s.api, op("get-backlog-groups", http.MethodGet, "/api/v1/backlog/groups", "Group managers",
		"Which product and engineering managers a group:: label names."), s.getGroups)
	huma.Register(s.api, op("set-backlog-groups", http.MethodPut, "/api/v1/backlog/groups", "Change the group managers",
		"Replaces the mapping of group:: labels to their product and engineering managers (engineer)."), s.setGroups)
	huma.Register(s.api, op("get-backlog-policies", http.MethodGet, "/api/v1/backlog/policies", "Triage policies", ""), s.getPolicies)
	huma.Register(s.api, op("set-backlog-policies", http.MethodPut, "/api/v1/backlog/policies", "Change the triage policies",
		"Each policy reacts to one finding rule with one action: add_label, comment, notify_manager or notify_team (manager)."), s.setPolicies)
}

func (s *server) getBacklogSettings(ctx context.Context, _ *struct{}) (*backlogSettingsOut, error) {
	v, err := s.Backlog.Settings(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &backlogSettingsOut{ETag: etag(v.Version), Body: v}, nil
}

func (s *server) setBacklogSettings(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    BacklogSettingsIn
}) (*backlogSettingsOut, error) {
	b := in.Body
	v, err := s.Backlog.SetSettings(ctx, actorOf(ctx), ifMatch(in.IfMatch), backlog.Settings{Groups: b.Groups, Projects: b.Projects,
		BacklogProject: b.BacklogProject, ProductNamespaces: b.ProductNamespaces, TeamMembers: b.TeamMembers, TeamHandle: b.TeamHandle,
		CandidateDays: b.CandidateDays, ToolingParentEpic: b.ToolingParentEpic, Schedule: b.Schedule})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &backlogSettingsOut{ETag: etag(v.Version), Body: v}, nil
}

func (s *server) getGroups(ctx context.Context, _ *struct{}) (*groupsOut, error) {
	v, err := s.Backlog.Groups(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &groupsOut{ETag: etag(v.Version), Body: v}, nil
}

func (s *server) setGroups(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    struct {
		Groups []backlog.GroupOwners `json:"groups" maxItems:"1000"`
	}
}) (*groupsOut, error) {
	v, err := s.Backlog.SetGroups(ctx, actorOf(ctx), ifMatch(in.IfMatch), backlog.GroupMap{Groups: in.Body.Groups})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &groupsOut{ETag: etag(v.Version), Body: v}, nil
}

func (s *server) getPolicies(ctx context.Context, _ *struct{}) (*policiesOut, error) {
	v, err := s.Backlog.Policies(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &policiesOut{ETag: etag(v.Version), Body: v}, nil
}

func (s *server) setPolicies(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    struct {
		Policies []backlog.Policy `json:"policies" maxItems:"100"`
	}
}) (*policiesOut, error) {
	v, err := s.Backlog.SetPolicies(ctx, actorOf(ctx), ifMatch(in.IfMatch), backlog.Policies{Policies: in.Body.Policies})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &policiesOut{ETag: etag(v.Version), Body: v}, nil
}
