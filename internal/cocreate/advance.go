package cocreate

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/sunset"
)

// Advance moves a co-create to its next loop: validation → integration once
// loop 1's activities and outputs exist, integration → shipped once the
// feature is in production with its documentation and API. Shipping hands
// the tool to transition & sunset: a post-co-create sunset plan opens and
// the tool's stage becomes transition. A refusal lists everything missing.
func (s *Service) Advance(ctx context.Context, actor core.Actor, ref Ref, version int) (CoCreate, error) {
	return s.change(ctx, actor, ref, version, "cocreate.advanced", func(tx Tx, c *CoCreate) (string, error) {
		if missing := c.MissingToAdvance(); len(missing) > 0 {
			e := &core.Error{Code: core.Conflict, Message: fmt.Sprintf("the co-create cannot leave %s yet", c.Loop)}
			for _, m := range missing {
				e.Fields = append(e.Fields, core.FieldError{Field: m.Field, Message: m.Message})
			}
			return "", e
		}
		from := c.Loop
		switch c.Loop {
		case Validation:
			c.Loop = Integration
			return "loop 1 (validation) done: loop 2 (integration) starts", nil
		default:
			now := s.clock.Now()
			c.Loop, c.ShippedAt = Shipped, &now
			if c.ToolID == nil {
				return fmt.Sprintf("%s → shipped: the need is met in the product", from), nil
			}
			p, err := s.sunset.OpenInTx(ctx, tx, actor, *c.ToolID, sunset.Opening{Kind: sunset.PostCoCreate,
				Reason: "the capability shipped in the product: migrate internal users, then decommission", CoCreateID: &c.ID})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("shipped in the product; post-co-create sunset plan %d opened", p.ID), nil
		}
	})
}
