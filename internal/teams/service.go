package teams

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Service reads and defines teams.
type Service struct {
	store Store
	clock core.Clock
}

// NewService returns the teams service.
func NewService(store Store, clock core.Clock) *Service {
	return &Service{store: store, clock: clock}
}

func subject(id int64) core.Subject { return core.Subject{Type: "team", ID: id} }

// Teams lists the defined teams and, marked undefined, the names in use that
// are not teams yet, by name.
func (s *Service) Teams(ctx context.Context, actor core.Actor) ([]Team, error) {
	if err := actor.Require(core.PermManage, "listing teams"); err != nil {
		return nil, err
	}
	defined, err := s.store.DefinedTeams(ctx)
	if err != nil {
		return nil, err
	}
	names, err := s.store.TeamNamesInUse(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, t := range defined {
		seen[Key(t.Name)] = true
	}
	out := defined
	for _, n := range names {
		if k := Key(n); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, Team{Name: strings.TrimSpace(n), Undefined: true, Members: []string{}})
		}
	}
	sort.Slice(out, func(i, j int) bool { return Key(out[i].Name) < Key(out[j].Name) })
	return out, nil
}

// Team returns one team by name (regardless of case); a name in use that is
// not defined yet comes back marked undefined.
func (s *Service) Team(ctx context.Context, actor core.Actor, name string) (Team, error) {
	if err := actor.Require(core.PermManage, "reading a team"); err != nil {
		return Team{}, err
	}
	t, err := s.store.DefinedTeam(ctx, Key(name))
	if !core.IsCode(err, core.NotFound) {
		return t, err
	}
	names, err2 := s.store.TeamNamesInUse(ctx)
	if err2 != nil {
		return Team{}, err2
	}
	for _, n := range names {
		if Key(n) == Key(name) {
			return Team{Name: strings.TrimSpace(n), Undefined: true, Members: []string{}}, nil
		}
	}
	return Team{}, err
}

// Put defines a team or replaces its definition, and reports whether it was
// created. want is the version from If-Match (core.NoVersion when absent).
func (s *Service) Put(ctx context.Context, actor core.Actor, name string, want int, t Team) (Team, bool, error) {
	if err := actor.Require(core.PermManage, "defining a team"); err != nil {
		return Team{}, false, err
	}
	t.Name = name
	if err := t.Validate(); err != nil {
		return Team{}, false, err
	}
	created := false
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := s.checkMembers(ctx, tx, t.Members); err != nil {
			return err
		}
		old, err := tx.DefinedTeam(ctx, Key(t.Name))
		switch {
		case core.IsCode(err, core.NotFound):
			created = true
			if err := core.CheckVersion("team "+t.Name, 0, want, false); err != nil && want != core.AnyVersion {
				return err
			}
		case err != nil:
			return err
		default:
			if err := core.CheckVersion("team "+old.Name, old.Version, want, false); err != nil {
				return err
			}
			if sameTeam(old, t) {
				t = old
				return nil
			}
		}
		t.UpdatedBy, t.UpdatedAt = actor.Username, s.clock.Now()
		if created {
			err = tx.InsertTeam(ctx, &t)
		} else {
			t.ID, t.Version = old.ID, old.Version
			err = tx.UpdateTeam(ctx, &t)
		}
		if err != nil {
			return err
		}
		verb := "updated"
		if created {
			verb = "defined"
		}
		return tx.Append(ctx, core.Event{Subject: subject(t.ID), Type: "team." + verb, Actor: actor.Username, At: t.UpdatedAt,
			Summary: fmt.Sprintf("team %s %s: %d members", t.Name, verb, len(t.Members)),
			Data: map[string]any{"name": t.Name, "members": t.Members, "email": t.Email,
				"chat_webhook_url_set": t.ChatWebhookURL != "", "gitlab_group": t.GitLabGroup}})
	})
	return t, created, err
}

func (s *Service) checkMembers(ctx context.Context, tx Tx, members []string) error {
	if len(members) == 0 {
		return nil
	}
	missing, err := tx.MissingUsernames(ctx, members)
	if err != nil || len(missing) == 0 {
		return err
	}
	var p core.Problems
	for i, m := range members {
		if slices.Contains(missing, m) {
			p.Add(fieldIndex("members", i), "is not a user of interlock; add the user first", m)
		}
	}
	return p.Err("the team names people who are not users")
}

func sameTeam(a, b Team) bool {
	return a.Name == b.Name && a.Email == b.Email && a.ChatWebhookURL == b.ChatWebhookURL &&
		a.GitLabGroup == b.GitLabGroup && slices.Equal(a.Members, b.Members)
}
