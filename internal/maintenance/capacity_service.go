package maintenance

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// Team returns the team and its hours.
func (s *Service) Team(ctx context.Context, actor core.Actor) (Team, error) {
	if err := actor.Require(core.PermRead, "reading the team"); err != nil {
		return Team{}, err
	}
	return teamOf(ctx, s.store.Capacity)
}

func teamOf(ctx context.Context, r CapacityReader) (Team, error) {
	t, err := r.Team(ctx)
	if core.IsCode(err, core.NotFound) {
		return Team{}, nil
	}
	return t, err
}

// SetTeam records who maintains the inventory and their hours (manager).
func (s *Service) SetTeam(ctx context.Context, actor core.Actor, version int, t Team) (Team, error) {
	if err := actor.Require(core.PermManage, "setting the team's capacity"); err != nil {
		return Team{}, err
	}
	for i := range t.Members {
		t.Members[i].Name = strings.TrimSpace(t.Members[i].Name)
	}
	if err := t.Validate(); err != nil {
		return Team{}, err
	}
	err := s.store.Capacity.InTx(ctx, func(tx CapacityTx) error {
		cur, err := teamOf(ctx, tx)
		if err != nil {
			return err
		}
		if err := core.CheckVersion("the team", cur.Version, version, true); err != nil {
			return err
		}
		t.Version = cur.Version
		now := s.clock.Now()
		if err := tx.SaveTeam(ctx, &t, actor.Username, now); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: core.Subject{Type: "settings"}, Type: "capacity.team_changed", Actor: actor.Username,
			At: now, Summary: fmt.Sprintf("team: %s, %s a week", core.Count(len(t.Members), "member", "members"), core.Hours(t.Capacity()))})
	})
	return t, err
}

// SetLoad overrides a tool's expected maintenance hours a week (manager);
// nil returns it to the default by criticality and health.
func (s *Service) SetLoad(ctx context.Context, actor core.Actor, toolID int64, hours *float64) error {
	if err := actor.Require(core.PermManage, "setting a tool's maintenance load"); err != nil {
		return err
	}
	if hours != nil && (*hours < 0 || *hours > 168) {
		return &core.Error{Code: core.Invalid, Message: "the load is not valid",
			Fields: []core.FieldError{{Field: "hours_per_week", Message: "must be 0 to 168", Value: *hours}}}
	}
	return s.store.Capacity.InTx(ctx, func(tx CapacityTx) error {
		if _, err := tx.Tool(ctx, toolID); err != nil {
			return err
		}
		now := s.clock.Now()
		if err := tx.SetLoadOverride(ctx, toolID, hours, actor.Username, now); err != nil {
			return err
		}
		summary := "maintenance load back to the default"
		if hours != nil {
			summary = fmt.Sprintf("maintenance load set to %s a week", core.Hours(*hours))
		}
		return tx.Append(ctx, core.Event{Subject: toolSubject(toolID), Type: "tool.load_set", Actor: actor.Username, At: now, Summary: summary})
	})
}

// ToolLoad is one tool's expected maintenance hours a week.
type ToolLoad struct {
	Tool       inventory.Tool
	Hours      float64
	Overridden bool
	// Support is the real support load of the trailing window.
	Support SupportLoad
	// ZombieReasons say why a tool listed among Zombies looks like one.
	ZombieReasons []string
}

// CapacityReport is the committed maintenance load against the team's capacity.
type CapacityReport struct {
	Team        Team
	Capacity    float64
	Load        float64
	Utilisation float64 // load / capacity; 0 with no capacity
	Over        bool
	Statement   string
	Tools       []ToolLoad
	// Zombies are tools that look like zombies, shown apart from Tools
	// (rule 9 of issue 14); their hours are in Load and in ZombieLoad.
	Zombies    []ToolLoad
	ZombieLoad float64
	// The real work beside the configured table (rule 23 of issue 14):
	// support issues and hours a week spent recovering in the trailing
	// window, and the backlog weight assigned to each person.
	SupportIssues int
	SupportHours  float64
	Backlog       []AssignedWeight // nil when the backlog is not connected
	BacklogWeight int
	// OverCommitted: the configured load, the real support load or a
	// person's assigned backlog weight exceeds what the team has.
	OverCommitted bool
	RealStatement string
}

// Capacity reports committed load against capacity.
func (s *Service) Capacity(ctx context.Context, actor core.Actor) (CapacityReport, error) {
	if err := actor.Require(core.PermRead, "reading the capacity report"); err != nil {
		return CapacityReport{}, err
	}
	return s.capacity(ctx, s.store.Capacity)
}

func (s *Service) capacity(ctx context.Context, r CapacityReader) (CapacityReport, error) {
	team, err := teamOf(ctx, r)
	if err != nil {
		return CapacityReport{}, err
	}
	tools, err := r.ActiveTools(ctx)
	if err != nil {
		return CapacityReport{}, err
	}
	overrides, err := r.LoadOverrides(ctx)
	if err != nil {
		return CapacityReport{}, err
	}
	zombies, err := s.zombieIDs(ctx, r)
	if err != nil {
		return CapacityReport{}, err
	}
	rep := CapacityReport{Team: team, Capacity: team.Capacity()}
	for _, t := range tools {
		l := ToolLoad{Tool: t, Hours: DefaultLoad(t)}
		if h, ok := overrides[t.ID]; ok {
			l.Hours, l.Overridden = h, true
		}
		rep.Load += l.Hours
		if why, ok := zombies[t.ID]; ok {
			l.ZombieReasons = why
			rep.Zombies = append(rep.Zombies, l)
			rep.ZombieLoad += l.Hours
			continue
		}
		rep.Tools = append(rep.Tools, l)
	}
	if rep.Capacity > 0 {
		rep.Utilisation = rep.Load / rep.Capacity
	}
	rep.Over = rep.Load > rep.Capacity
	rep.Statement = CommittedLoadStatement(rep)
	if rep.ZombieLoad > 0 {
		rep.Statement += fmt.Sprintf("; %s of those hours go to %s that look like zombies", core.Amount(rep.ZombieLoad),
			core.Count(len(rep.Zombies), "tool", "tools"))
	}
	if err := s.realLoad(ctx, r, &rep); err != nil {
		return CapacityReport{}, err
	}
	return rep, nil
}

// CommittedLoadStatement says what the committed maintenance is against the
// team's capacity, in hours a week as people write them.
func CommittedLoadStatement(r CapacityReport) string {
	switch {
	case r.Capacity == 0 && r.Load > 0:
		return fmt.Sprintf("no team capacity is recorded against %s a week of committed maintenance", core.Hours(r.Load))
	case r.Over:
		return fmt.Sprintf("capacity constraint: committed maintenance is %s a week, %.0f%% of the team's %s; "+
			"tools cannot all be kept operational and improved as committed", core.Hours(r.Load), r.Utilisation*100, core.Amount(r.Capacity))
	}
	return fmt.Sprintf("committed maintenance is %s of %s a week (%.0f%%)", core.Amount(r.Load), core.Hours(r.Capacity), r.Utilisation*100)
}

// CheckCapacity writes a "capacity constraint" outbox message when the load
// comes to exceed capacity, and notes when it no longer does; it runs as a
// background job so that people hear of it without asking.
func (s *Service) CheckCapacity(ctx context.Context) (bool, error) {
	var over bool
	err := s.store.Capacity.InTx(ctx, func(tx CapacityTx) error {
		rep, err := s.capacity(ctx, tx)
		if err != nil {
			return err
		}
		was, err := tx.CapacityOver(ctx)
		if err != nil || was == rep.Over {
			over = rep.Over
			return err
		}
		over = rep.Over
		now := s.clock.Now()
		if err := tx.SaveCapacityOver(ctx, rep.Over, now); err != nil {
			return err
		}
		topic, title := "capacity.recovered", "Maintenance load is back within capacity"
		if rep.Over {
			topic, title = "capacity.constraint", "Capacity constraint: committed maintenance exceeds the team's capacity"
		}
		if err := tx.Append(ctx, core.Event{Subject: core.Subject{Type: "capacity"}, Type: topic, Actor: core.System.Username,
			At: now, Summary: rep.Statement}); err != nil {
			return err
		}
		return tx.Enqueue(ctx, core.Message{Topic: topic, Subject: core.Subject{Type: "capacity"}, CreatedAt: now,
			Recipients: []core.Recipient{{Kind: "role", Name: string(core.RoleManager), Reason: "managers own capacity"},
				{Kind: "role", Name: string(core.RoleLeadership), Reason: "the seeds ask that capacity constraints be reported"}},
			Title: title, Body: rep.Statement,
			Data: map[string]any{"load": rep.Load, "capacity": rep.Capacity, "utilisation": rep.Utilisation}})
	})
	return over, err
}
