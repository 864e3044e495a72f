package cocreate

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/intake"
)

// intakeInputs are the co-create inputs an intake request captured: from
// net-new step 2 or handover step 3 (rule 16 of issue 14).
func intakeInputs(r intake.Request) string {
	if r.PathForward != nil && r.PathForward.CoCreateInputs != "" {
		return r.PathForward.CoCreateInputs
	}
	if r.PathToProduct != nil {
		return r.PathToProduct.CoCreateInputs
	}
	return ""
}

// toolIntakeInputs finds the decided intake request that added the tool
// and returns its co-create inputs; "" for a tool that came another way.
func toolIntakeInputs(ctx context.Context, tx intake.RequestReader, toolID int64) (string, error) {
	var after int64
	for {
		page, err := tx.Requests(ctx, intake.Filter{State: intake.Decided}, after, 200)
		if err != nil {
			return "", err
		}
		for _, r := range page {
			if r.ToolID != nil && *r.ToolID == toolID {
				return intakeInputs(r), nil
			}
			after = r.ID
		}
		if len(page) < 200 {
			return "", nil
		}
	}
}
