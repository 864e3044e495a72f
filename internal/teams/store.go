package teams

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Reader is what teams reads, inside or outside a transaction.
type Reader interface {
	// DefinedTeam returns the defined team of that key (see Key), or NotFound.
	DefinedTeam(ctx context.Context, key string) (Team, error)
	// DefinedTeams lists every defined team.
	DefinedTeams(ctx context.Context) ([]Team, error)
	// TeamNamesInUse lists the team names tools and requests use.
	TeamNamesInUse(ctx context.Context) ([]string, error)
	// MissingUsernames returns those of names that are not users.
	MissingUsernames(ctx context.Context, names []string) ([]string, error)
}

// Tx is what teams changes, inside one transaction.
type Tx interface {
	Reader
	core.Journal
	InsertTeam(ctx context.Context, t *Team) error
	// UpdateTeam stores t if the stored version is still t.Version.
	UpdateTeam(ctx context.Context, t *Team) error
}

// Store is the persistence behind teams.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
}
