package maintenance

import (
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// Member is a person on the team and the hours a week they give to maintenance.
type Member struct {
	Name         string
	HoursPerWeek float64
}

// Team is who maintains the inventory.
type Team struct {
	Members []Member
	Version int
}

// Validate checks the team.
func (t Team) Validate() error {
	var p core.Problems
	seen := map[string]bool{}
	for i, m := range t.Members {
		f := fmt.Sprintf("members[%d]", i)
		p.Require(strings.TrimSpace(m.Name) != "", f+".name", "is required", nil)
		p.Require(!seen[strings.ToLower(m.Name)], f+".name", "is listed twice", m.Name)
		seen[strings.ToLower(m.Name)] = true
		p.Require(m.HoursPerWeek >= 0 && m.HoursPerWeek <= 80, f+".hours_per_week", "must be 0 to 80", m.HoursPerWeek)
	}
	p.Require(len(t.Members) <= 200, "members", "has too many members", len(t.Members))
	return p.Err("the team is not valid")
}

// Capacity is the team's hours a week.
func (t Team) Capacity() float64 {
	sum := 0.0
	for _, m := range t.Members {
		sum += m.HoursPerWeek
	}
	return sum
}

// baseLoad is the expected maintenance hours a week by criticality.
var baseLoad = map[inventory.Criticality]float64{inventory.Critical: 8, inventory.High: 4, inventory.Medium: 2, inventory.Low: 1}

// healthFactor scales the load by health: a tool below Good costs more.
var healthFactor = map[inventory.Health]float64{inventory.Unassessed: 1.25, inventory.BelowGood: 1.5,
	inventory.Good: 1, inventory.Better: 0.8, inventory.Best: 0.6}

// DefaultLoad is a tool's expected maintenance hours a week, from its
// criticality and health; ended tools cost nothing and planned ones half.
func DefaultLoad(t inventory.Tool) float64 {
	if t.Stage.Ended() {
		return 0
	}
	l := baseLoad[t.Criticality] * healthFactor[t.Health]
	if t.Stage == inventory.Planned {
		l /= 2
	}
	return l
}
