package inventory

import (
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Improvement is one item of a tool's improvement plan: a gap against the
// rubric to close. While any is open the commitment is one level lower.
type Improvement struct {
	ID          int64
	ToolID      int64
	Title       string
	CriterionID string // the rubric criterion it closes, if any
	URL         string // the work item that tracks it
	DoneAt      *time.Time
	CreatedBy   string
	CreatedAt   time.Time
}

// Validate checks the item's fields.
func (im *Improvement) Validate() error {
	var p core.Problems
	im.Title = strings.TrimSpace(im.Title)
	p.Require(im.Title != "", "title", "is required", nil)
	p.MaxLen("title", im.Title, MaxTitle)
	checkURL(&p, "url", im.URL)
	return p.Err("the improvement item is not valid")
}
