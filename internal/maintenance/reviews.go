package maintenance

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// ReviewPolicy says how often tools are reviewed, by criticality, and how
// long a tool may go without activity before it looks like a zombie.
type ReviewPolicy struct {
	EveryMonths     map[inventory.Criticality]int
	ZombieAfterDays int
	Version         int
}

// DefaultReviewPolicy: critical and high every quarter, medium every half
// year, low every year; a zombie after 180 days without issues or changes.
func DefaultReviewPolicy() ReviewPolicy {
	return ReviewPolicy{EveryMonths: map[inventory.Criticality]int{
		inventory.Critical: 3, inventory.High: 3, inventory.Medium: 6, inventory.Low: 12}, ZombieAfterDays: 180}
}

// Validate checks the policy's numbers.
func (p ReviewPolicy) Validate() error {
	var pr core.Problems
	for _, c := range inventory.Criticalities {
		m, ok := p.EveryMonths[c]
		pr.Require(ok && m >= 1 && m <= 36, "every_months."+string(c), "must be 1 to 36 months", m)
	}
	pr.Require(p.ZombieAfterDays >= 7 && p.ZombieAfterDays <= 3650, "zombie_after_days", "must be 7 to 3650", p.ZombieAfterDays)
	return pr.Err("the review policy is not valid")
}

// Outcome is what a review decided.
type Outcome string

// The review outcomes.
const (
	KeepAsIs          Outcome = "keep"
	ChangeCategory    Outcome = "change_category"
	ChangeCriticality Outcome = "change_criticality"
	SunsetTool        Outcome = "sunset"
	RedirectOwnership Outcome = "redirect"
)

// Outcomes lists the outcomes.
var Outcomes = []Outcome{KeepAsIs, ChangeCategory, ChangeCriticality, SunsetTool, RedirectOwnership}

// Review is one inventory review of a tool.
type Review struct {
	ID                int64
	ToolID            int64
	ReviewedBy        string
	At                time.Time
	StakeholdersUseIt bool
	MovedToOther      bool
	MovedTo           string // the solution they moved to
	Outcome           Outcome
	NewCategory       inventory.Category
	NewCriticality    inventory.Criticality
	Notes             string
	// OwnerReverifiedBy names who of the owner team re-verified a zombie
	// tool for this review (rule 9 of issue 14); ZombieReasons are why the
	// tool looked like one when it was reviewed ("" when it did not).
	OwnerReverifiedBy string
	ZombieReasons     string
}

// Validate checks a review and what its outcome needs.
func (r Review) Validate() error {
	var p core.Problems
	p.Require(slices.Contains(Outcomes, r.Outcome), "outcome", "must be "+core.OneOf(Outcomes), r.Outcome)
	p.Require(r.Outcome != ChangeCategory || r.NewCategory.Valid(), "new_category", "is required for change_category", r.NewCategory)
	p.Require(r.Outcome != ChangeCriticality || r.NewCriticality.Valid(), "new_criticality", "is required for change_criticality", r.NewCriticality)
	p.Require(!r.MovedToOther || strings.TrimSpace(r.MovedTo) != "", "moved_to", "say which solution the stakeholders moved to", nil)
	p.Require(r.Outcome != SunsetTool || strings.TrimSpace(r.Notes) != "", "notes", "say why the tool is sunset", nil)
	p.MaxLen("notes", r.Notes, 20000)
	p.MaxLen("moved_to", r.MovedTo, 500)
	return p.Err("the review is not valid")
}

// NextReview is when a tool is next due for review: its interval after the
// last review, or after it entered the inventory if it was never reviewed.
func NextReview(p ReviewPolicy, t inventory.Tool, last *Review) time.Time {
	from := t.CreatedAt
	if last != nil {
		from = last.At
	}
	months := p.EveryMonths[t.Criticality]
	if months == 0 {
		months = 12
	}
	return from.AddDate(0, months, 0)
}

// ZombieReasons says why a tool looks like a zombie: no stakeholders left, no
// activity for the policy's time, or its last review found its users gone.
// lastActivity is the newest event on its timeline or issue.
func ZombieReasons(p ReviewPolicy, t inventory.Tool, last *Review, lastActivity, now time.Time) []string {
	if t.Stage.Ended() {
		return nil
	}
	var why []string
	if len(t.StakeholderTeams) == 0 {
		why = append(why, "no stakeholder team is left")
	}
	if idle := now.Sub(lastActivity); idle > time.Duration(p.ZombieAfterDays)*24*time.Hour {
		why = append(why, fmt.Sprintf("no issues or changes for %d days", int(idle.Hours()/24)))
	}
	if last != nil && (!last.StakeholdersUseIt || last.MovedToOther) {
		reason := fmt.Sprintf("the review of %s found its users gone", last.At.Format(time.DateOnly))
		if last.MovedToOther {
			reason = fmt.Sprintf("the review of %s found its users moved to %s", last.At.Format(time.DateOnly), last.MovedTo)
		}
		why = append(why, reason)
	}
	return why
}
