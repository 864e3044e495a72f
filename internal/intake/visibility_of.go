package intake

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// VisibilityOf is what of the requests an actor may read, for listings of
// other workflows that hang off requests: nil when they read every request,
// otherwise their own and their teams' (the rule of MayRead).
func VisibilityOf(ctx context.Context, d TeamDirectory, actor core.Actor) (*Visibility, error) {
	if seesAll(actor) {
		return nil, nil
	}
	var teams []string
	if d != nil {
		var err error
		if teams, err = d.TeamsOf(ctx, actor.Username); err != nil {
			return nil, err
		}
	}
	return &Visibility{Requester: actor.Username, Teams: teams}, nil
}
