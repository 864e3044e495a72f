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
	Priority    int    // ProdSecEngPriority 1 (now) to 3 (nice to have); 0 when not prioritised
	Milestone   string // the target milestone, if any
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
	p.Require(im.Priority >= 0 && im.Priority <= 3, "priority", "must be 1, 2 or 3 (ProdSecEngPriority), or 0 for none", im.Priority)
	im.Milestone = strings.TrimSpace(im.Milestone)
	p.MaxLen("milestone", im.Milestone, MaxMilestone)
	return p.Err("the improvement item is not valid")
}
