package backlog

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Service applies the backlog rules on behalf of an actor.
type Service struct {
	store  Store
	gitlab GitLab
	clock  core.Clock
	// requestPage is the page of an intake request, for local items.
	requestPage func(id int64) string
}

// NewService returns the backlog service. gitlab carries out label changes
// and comments; nil leaves GitLab alone (items change only here, comments
// wait in the outbox for a GitLab channel).
func NewService(store Store, gitlab GitLab, clock core.Clock) *Service {
	return &Service{store: store, gitlab: gitlab, clock: clock,
		requestPage: func(id int64) string { return fmt.Sprintf("/requests/%d", id) }}
}

// WithPublicURL makes local items link to request pages under base, e.g.
// https://interlock.example.com.
func (s *Service) WithPublicURL(base string) *Service {
	if base != "" {
		s.requestPage = func(id int64) string { return fmt.Sprintf("%s/requests/%d", trimSlash(base), id) }
	}
	return s
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

func itemSubject(id int64) core.Subject { return core.Subject{Type: "backlog_item", ID: id} }

var settingsSubject = core.Subject{Type: "settings"}

// orDefault returns def when err is NotFound.
func orDefault[T any](v T, err error, def T) (T, error) {
	if core.IsCode(err, core.NotFound) {
		return def, nil
	}
	return v, err
}

func settingsOf(ctx context.Context, r SettingsReader) (Settings, error) {
	v, err := r.BacklogSettings(ctx)
	v, err = orDefault(v, err, DefaultSettings())
	return v.withDefaults(), err
}

func groupsOf(ctx context.Context, r SettingsReader) (GroupMap, error) {
	v, err := r.BacklogGroups(ctx)
	return orDefault(v, err, GroupMap{Groups: []GroupOwners{}})
}

func policiesOf(ctx context.Context, r SettingsReader) (Policies, error) {
	v, err := r.BacklogPolicies(ctx)
	return orDefault(v, err, DefaultPolicies())
}

// Settings returns the backlog settings.
func (s *Service) Settings(ctx context.Context, actor core.Actor) (Settings, error) {
	if err := actor.Require(core.PermRead, "reading the backlog settings"); err != nil {
		return Settings{}, err
	}
	return settingsOf(ctx, s.store)
}

// SetSettings replaces the backlog settings (manager); what is left out
// takes its default.
func (s *Service) SetSettings(ctx context.Context, actor core.Actor, version int, in Settings) (Settings, error) {
	if err := actor.Require(core.PermManage, "changing the backlog settings"); err != nil {
		return Settings{}, err
	}
	in = in.withDefaults()
	if err := in.Validate(); err != nil {
		return Settings{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		cur, err := settingsOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the backlog settings", cur.Version, version, true); err != nil {
			return err
		}
		in.Version = cur.Version
		now := s.clock.Now()
		if err := tx.SaveBacklogSettings(ctx, &in, actor.Username, now); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: settingsSubject, Type: "backlog.settings_changed", Actor: actor.Username, At: now,
			Summary: fmt.Sprintf("backlog follows %d groups and %d projects; schedule on: %t", len(in.Groups), len(in.Projects), in.Schedule.Enabled),
			Data:    in})
	})
	return in, err
}

// Groups returns the mapping of group:: labels to their managers.
func (s *Service) Groups(ctx context.Context, actor core.Actor) (GroupMap, error) {
	if err := actor.Require(core.PermRead, "reading the group mapping"); err != nil {
		return GroupMap{}, err
	}
	return groupsOf(ctx, s.store)
}

// SetGroups replaces the mapping of group:: labels to their managers (engineer).
func (s *Service) SetGroups(ctx context.Context, actor core.Actor, version int, in GroupMap) (GroupMap, error) {
	if err := actor.Require(core.PermEngineer, "changing the group mapping"); err != nil {
		return GroupMap{}, err
	}
	if in.Groups == nil {
		in.Groups = []GroupOwners{}
	}
	for i, g := range in.Groups {
		if g.ProductManagers == nil {
			in.Groups[i].ProductManagers = []string{}
		}
		if g.EngineeringManagers == nil {
			in.Groups[i].EngineeringManagers = []string{}
		}
	}
	if err := in.Validate(); err != nil {
		return GroupMap{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		cur, err := groupsOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the group mapping", cur.Version, version, true); err != nil {
			return err
		}
		in.Version = cur.Version
		now := s.clock.Now()
		if err := tx.SaveBacklogGroups(ctx, &in, actor.Username, now); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: settingsSubject, Type: "backlog.groups_changed", Actor: actor.Username, At: now,
			Summary: fmt.Sprintf("%d group:: labels mapped to their managers", len(in.Groups))})
	})
	return in, err
}

// Policies returns the triage policies.
func (s *Service) Policies(ctx context.Context, actor core.Actor) (Policies, error) {
	if err := actor.Require(core.PermRead, "reading the triage policies"); err != nil {
		return Policies{}, err
	}
	return policiesOf(ctx, s.store)
}

// SetPolicies replaces the triage policies (manager).
func (s *Service) SetPolicies(ctx context.Context, actor core.Actor, version int, in Policies) (Policies, error) {
	if err := actor.Require(core.PermManage, "changing the triage policies"); err != nil {
		return Policies{}, err
	}
	if in.Policies == nil {
		in.Policies = []Policy{}
	}
	if err := in.Validate(); err != nil {
		return Policies{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		cur, err := policiesOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the triage policies", cur.Version, version, true); err != nil {
			return err
		}
		in.Version = cur.Version
		now := s.clock.Now()
		if err := tx.SaveBacklogPolicies(ctx, &in, actor.Username, now); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: settingsSubject, Type: "backlog.policies_changed", Actor: actor.Username, At: now,
			Summary: fmt.Sprintf("%d triage policies", len(in.Policies)), Data: in})
	})
	return in, err
}

// WithGitLab makes label changes and comments go to GitLab through g, and
// lets requests accepted into the backlog be opened there.
func (s *Service) WithGitLab(g GitLab) *Service {
	s.gitlab = g
	return s
}

// SyncTargets is what the GitLab sync reads for the backlog.
type SyncTargets struct {
	Groups   []string
	Projects []string
	// Labels are the active scheme's candidate and team labels: an object
	// carrying either is followed (GitLab ANDs labels, so one query each).
	Labels []string
}

// SyncTargets returns the configured groups and projects and the labels to look for.
func (s *Service) SyncTargets(ctx context.Context) (SyncTargets, error) {
	set, err := settingsOf(ctx, s.store)
	if err != nil {
		return SyncTargets{}, err
	}
	sc, _, _, err := active(ctx, s.store)
	return SyncTargets{Groups: set.Groups, Projects: set.Projects, Labels: []string{sc.CandidateLabel, sc.TeamLabel}}, err
}
