package intake

import (
	"context"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// TeamDirectory tells which teams a user is a member of.
type TeamDirectory interface {
	TeamsOf(ctx context.Context, username string) ([]string, error)
}

// WithTeams lets requesters read their teams' requests besides their own.
// Without it they read only their own.
func (s *Service) WithTeams(d TeamDirectory) *Service {
	s.teams = d
	return s
}

// seesAll reports whether the actor reads every request: those who work
// intake, and leadership, whose agreement decisions wait for.
func seesAll(actor core.Actor) bool {
	return actor.Role.Can(core.PermEngineer) || actor.Role.Can(core.PermLead)
}

func (s *Service) teamsOf(ctx context.Context, actor core.Actor) ([]string, error) {
	if s.teams == nil {
		return nil, nil
	}
	return s.teams.TeamsOf(ctx, actor.Username)
}

// mayRead lets a requester read only their own requests and their teams'
// (comments and timeline included).
func (s *Service) mayRead(ctx context.Context, actor core.Actor, r Request) error {
	return MayRead(ctx, s.teams, actor, r)
}

// MayRead is the reading rule of requests, for the workflows that show part
// of one (a request's co-create): engineers, managers, admins and
// leadership read every request; a requester reads their own and, through
// d, their teams'. With d nil, a requester reads only their own.
func MayRead(ctx context.Context, d TeamDirectory, actor core.Actor, r Request) error {
	if seesAll(actor) || r.Requester == actor.Username {
		return nil
	}
	var teams []string
	if d != nil {
		var err error
		if teams, err = d.TeamsOf(ctx, actor.Username); err != nil {
			return err
		}
	}
	for _, t := range teams {
		if strings.EqualFold(strings.TrimSpace(t), strings.TrimSpace(r.RequestingTeam)) {
			return nil
		}
	}
	return core.Errorf(core.Forbidden, "request %d is neither yours nor your teams'; a requester reads only those (%s has the role %s)",
		r.ID, actor.Username, actor.Role)
}

// limitToVisible narrows a listing to what the actor may read.
func (s *Service) limitToVisible(ctx context.Context, actor core.Actor, f *Filter) error {
	if seesAll(actor) {
		return nil
	}
	teams, err := s.teamsOf(ctx, actor)
	if err != nil {
		return err
	}
	f.VisibleTo = &Visibility{Requester: actor.Username, Teams: teams}
	return nil
}
