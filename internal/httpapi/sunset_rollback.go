package httpapi

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// rollBackSunset calls off an open sunset plan (manager): the only way,
// besides closing the plan, for a tool to leave category sunset.
func (s *server) rollBackSunset(ctx context.Context, in *struct {
	ToolPath
	IfMatch string `header:"If-Match"`
	Body    struct {
		Category string `json:"category" enum:"integrate,maintain,improve_then_integrate,improve_then_maintain,redirect" doc:"The category the tool goes back to"`
		Reason   string `json:"reason" minLength:"1" maxLength:"20000" doc:"Why the sunset is called off"`
	}
}) (*sunsetOut, error) {
	_, _, err := s.Sunset.RollBack(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch),
		sunset.RollBackInput{Category: inventory.Category(in.Body.Category), Reason: in.Body.Reason})
	return s.sunsetOut(ctx, in.ID, err)
}
