package app

import (
	"context"
	"slices"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/teams"
)

// teamDirectory answers which teams a user is a member of, from the teams
// that have been defined (teams.Reader), for intake's read rule.
type teamDirectory struct{ r teams.Reader }

// TeamsOf lists the names of the defined teams that have username as a member.
func (d teamDirectory) TeamsOf(ctx context.Context, username string) ([]string, error) {
	all, err := d.r.DefinedTeams(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range all {
		if slices.Contains(t.Members, username) {
			out = append(out, t.Name)
		}
	}
	return out, nil
}

// devClock is the clock the demo may move: only with Demo, and only a clock
// that can be moved.
func devClock(cfg Config) httpapi.SettableClock {
	if c, ok := cfg.Clock.(httpapi.SettableClock); ok && cfg.Demo {
		return c
	}
	return nil
}
