package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/teams"
)

// TeamDefinition is a team as the API shows it: who is in it and where it is told things. An undefined team is a name that
// tools or requests use and no one has defined yet.
type TeamDefinition struct {
	Name           string     `json:"name"`
	Members        []string   `json:"members" doc:"Usernames"`
	Email          string     `json:"email" doc:"A list address; without one, the members' own addresses are used"`
	ChatWebhookURL string     `json:"chat_webhook_url" doc:"An incoming webhook (Slack, Mattermost); without one, INTERLOCK_CHAT_WEBHOOK_URL"`
	GitLabGroup    string     `json:"gitlab_group"`
	Undefined      bool       `json:"undefined" doc:"The name is in use but not defined as a team yet"`
	Version        int        `json:"version,omitempty"`
	UpdatedBy      string     `json:"updated_by,omitempty"`
	UpdatedAt      *time.Time `json:"updated_at,omitempty"`
}

func teamDefinition(t teams.Team) TeamDefinition {
	b := TeamDefinition{Name: t.Name, Members: t.Members, Email: t.Email, ChatWebhookURL: t.ChatWebhookURL,
		GitLabGroup: t.GitLabGroup, Undefined: t.Undefined, Version: t.Version, UpdatedBy: t.UpdatedBy}
	if b.Members == nil {
		b.Members = []string{}
	}
	if !t.UpdatedAt.IsZero() {
		at := t.UpdatedAt
		b.UpdatedAt = &at
	}
	return b
}

func (s *server) teamRoutes() {
	huma.Register(s.api, op("list-team-definitions", http.MethodGet, "/api/v1/teams", "List teams",
		"Every team, and the names tools and requests use that are not teams yet (undefined) (manager)."), s.listTeamDefinitions)
	huma.Register(s.api, op("get-team-definition", http.MethodGet, "/api/v1/teams/{name}", "Get a team",
		"A team by name, regardless of case (manager). The ETag is its version."), s.getTeamDefinition)
	huma.Register(s.api, op("put-team-definition", http.MethodPut, "/api/v1/teams/{name}", "Define a team",
		"Defines a team or replaces its definition (manager). If-Match with the ETag guards against lost updates."), s.putTeamDefinition)
}

// TeamPath names a team.
type TeamPath struct {
	Name string `path:"name" maxLength:"100"`
}

type teamDefOut struct {
	ETag string `header:"ETag"`
	Body TeamDefinition
}

func newTeamDefOut(t teams.Team) *teamDefOut {
	out := &teamDefOut{Body: teamDefinition(t)}
	if !t.Undefined {
		out.ETag = etag(t.Version)
	}
	return out
}

type teamDefList struct {
	Body struct {
		Items []TeamDefinition `json:"items"`
	}
}

func (s *server) listTeamDefinitions(ctx context.Context, _ *struct{}) (*teamDefList, error) {
	list, err := s.Teams.Teams(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &teamDefList{}
	out.Body.Items = make([]TeamDefinition, len(list))
	for i, t := range list {
		out.Body.Items[i] = teamDefinition(t)
	}
	return out, nil
}

func (s *server) getTeamDefinition(ctx context.Context, in *TeamPath) (*teamDefOut, error) {
	t, err := s.Teams.Team(ctx, actorOf(ctx), in.Name)
	if err != nil {
		return nil, s.queryErr(err)
	}
	return newTeamDefOut(t), nil
}

type putTeamDefIn struct {
	TeamPath
	IfMatch string `header:"If-Match" doc:"The team's ETag, as last read"`
	Body    struct {
		Members        []string `json:"members,omitempty" maxItems:"500" doc:"Usernames of interlock users"`
		Email          string   `json:"email,omitempty" maxLength:"254"`
		ChatWebhookURL string   `json:"chat_webhook_url,omitempty" maxLength:"2000"`
		GitLabGroup    string   `json:"gitlab_group,omitempty" maxLength:"255"`
	}
}

func (s *server) putTeamDefinition(ctx context.Context, in *putTeamDefIn) (*teamDefOut, error) {
	t, _, err := s.Teams.Put(ctx, actorOf(ctx), in.Name, ifMatch(in.IfMatch), teams.Team{
		Members: in.Body.Members, Email: in.Body.Email, ChatWebhookURL: in.Body.ChatWebhookURL, GitLabGroup: in.Body.GitLabGroup})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return newTeamDefOut(t), nil
}
