package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// MemberBody is a team member and their weekly maintenance hours.
type MemberBody struct {
	Name         string  `json:"name" minLength:"1" maxLength:"200"`
	HoursPerWeek float64 `json:"hours_per_week" minimum:"0" maximum:"80"`
}

// TeamBody is who maintains the inventory.
type TeamBody struct {
	Members []MemberBody `json:"members" maxItems:"200"`
}

// CapacityBody is committed maintenance load against the team's capacity.
type CapacityBody struct {
	Team          TeamBody       `json:"team"`
	CapacityHours float64        `json:"capacity_hours_per_week"`
	LoadHours     float64        `json:"load_hours_per_week"`
	Utilisation   float64        `json:"utilisation" doc:"load / capacity"`
	OverCapacity  bool           `json:"over_capacity"`
	Statement     string         `json:"statement"`
	Tools         []ToolLoadBody `json:"tools"`
	// Zombies are tools that look like zombies, shown apart (their hours count in the load).
	Zombies         []ToolLoadBody `json:"zombies"`
	ZombieLoadHours float64        `json:"zombie_load_hours_per_week"`
	// Real is the real work beside the configured table, and whether the team is over-committed.
	Real RealLoadBody `json:"real"`
}

// ToolLoadBody is one tool's expected maintenance hours a week.
type ToolLoadBody struct {
	ToolID       int64   `json:"tool_id"`
	Name         string  `json:"name"`
	Criticality  string  `json:"criticality"`
	Health       string  `json:"health"`
	HoursPerWeek float64 `json:"hours_per_week"`
	Overridden   bool    `json:"overridden" doc:"Set by a manager instead of the default by criticality and health"`
}

func teamBody(t maintenance.Team) TeamBody {
	b := TeamBody{Members: []MemberBody{}}
	for _, m := range t.Members {
		b.Members = append(b.Members, MemberBody{m.Name, m.HoursPerWeek})
	}
	return b
}

func (s *server) capacityRoutes() {
	huma.Register(s.api, withCSV(op("capacity-report", http.MethodGet, "/api/v1/reports/capacity", "Capacity report",
		"Committed maintenance load against the team's capacity; says so when load exceeds it.")), s.capacityReport)
	huma.Register(s.api, op("get-team", http.MethodGet, "/api/v1/capacity/team", "The team", ""), s.getTeam)
	huma.Register(s.api, op("set-team", http.MethodPut, "/api/v1/capacity/team", "Set the team",
		"Members and their weekly maintenance hours (manager)."), s.setTeam)
	huma.Register(s.api, op("set-load", http.MethodPut, "/api/v1/tools/{id}/load", "Set a tool's maintenance load",
		"Expected hours a week (manager); null returns to the default by criticality and health."), s.setLoad)
}

func (s *server) capacityReport(ctx context.Context, _ *struct{}) (*struct{ Body CapacityBody }, error) {
	r, err := s.Maintenance.Capacity(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	b := CapacityBody{Team: teamBody(r.Team), CapacityHours: r.Capacity, LoadHours: r.Load, Utilisation: r.Utilisation,
		OverCapacity: r.Over, Statement: r.Statement, Tools: []ToolLoadBody{}}
	for _, l := range r.Tools {
		b.Tools = append(b.Tools, ToolLoadBody{ToolID: l.Tool.ID, Name: l.Tool.Name, Criticality: string(l.Tool.Criticality),
			Health: string(l.Tool.Health), HoursPerWeek: l.Hours, Overridden: l.Overridden})
	}
	b.Zombies, b.ZombieLoadHours, b.Real = toolLoadBodies(r.Zombies), r.ZombieLoad, realLoadBody(r)
	return &struct{ Body CapacityBody }{b}, nil
}

type teamOut struct {
	ETag string `header:"ETag"`
	Body TeamBody
}

func (s *server) getTeam(ctx context.Context, _ *struct{}) (*teamOut, error) {
	t, err := s.Maintenance.Team(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &teamOut{ETag: etag(t.Version), Body: teamBody(t)}, nil
}

func (s *server) setTeam(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    TeamBody
}) (*teamOut, error) {
	t := maintenance.Team{}
	for _, m := range in.Body.Members {
		t.Members = append(t.Members, maintenance.Member{Name: m.Name, HoursPerWeek: m.HoursPerWeek})
	}
	t, err := s.Maintenance.SetTeam(ctx, actorOf(ctx), ifMatch(in.IfMatch), t)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &teamOut{ETag: etag(t.Version), Body: teamBody(t)}, nil
}

func (s *server) setLoad(ctx context.Context, in *struct {
	ToolPath
	Body struct {
		HoursPerWeek *float64 `json:"hours_per_week" minimum:"0" maximum:"168" doc:"null: back to the default"`
	}
}) (*struct{ Body CapacityBody }, error) {
	if err := s.Maintenance.SetLoad(ctx, actorOf(ctx), in.ID, in.Body.HoursPerWeek); err != nil {
		return nil, s.bodyErr(err)
	}
	return s.capacityReport(ctx, nil)
}
