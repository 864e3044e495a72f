package inventory

import (
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Unit is the unit a commitment target is counted in, on the business-time calendar.
type Unit string

// The units of the seeds' SLO/RTO table.
const (
	BusinessHours Unit = "business_hours"
	BusinessDays  Unit = "business_days"
)

// Target is an amount of business time.
type Target struct {
	Amount int
	Unit   Unit
}

func (t Target) String() string {
	unit := "business hours"
	if t.Unit == BusinessDays {
		unit = "business days"
	}
	if t.Amount == 1 {
		unit = unit[:len(unit)-1]
	}
	return fmt.Sprintf("%d %s", t.Amount, unit)
}

// Commitment is the response (SLO) and recovery (RTO) time ProdSecEng commits
// to for a tool, and in words why. A nil target means best effort: no clock.
type Commitment struct {
	Level   Criticality
	SLO     *Target
	RTO     *Target
	Reasons []string
}

// NoRPO is said wherever commitments are shown (rule 7).
const NoRPO = "no recovery point objective (RPO) is promised: any amount of data loss is implicitly acceptable"

// targets is the seeds' SLO/RTO table (rule 1). Medium's RTO of two weeks is
// ten business days, a week being five.
var targets = map[Criticality][2]*Target{
	Critical: {{4, BusinessHours}, {12, BusinessHours}},
	High:     {{1, BusinessDays}, {2, BusinessDays}},
	Medium:   {{3, BusinessDays}, {10, BusinessDays}},
	Low:      {nil, nil},
}

// CommitmentInput is what a tool's commitment depends on.
type CommitmentInput struct {
	Criticality      Criticality
	Category         Category
	Health           Health
	Stage            Stage
	OpenImprovements int // open items of an improvement plan
}

// CommitmentFor computes a tool's commitment from rules 1, 2, 7 and 10: the
// criticality table; redirect caps at low; a tool below Good, or under an
// improvement plan, is one level lower; no RPO.
func CommitmentFor(in CommitmentInput) Commitment {
	level := in.Criticality
	if !level.Valid() {
		level = Low
	}
	reasons := []string{fmt.Sprintf("criticality is %s", level)}
	switch {
	case in.Health == BelowGood && in.OpenImprovements > 0:
		level = lowerBecause(level, &reasons, "health is below Good and an improvement plan has "+core.Count(in.OpenImprovements, "open item", "open items"))
	case in.Health == BelowGood:
		level = lowerBecause(level, &reasons, "health is below Good")
	case in.OpenImprovements > 0:
		level = lowerBecause(level, &reasons, "an improvement plan has "+core.Count(in.OpenImprovements, "open item", "open items")+
			"; the level returns when they are done")
	}
	switch in.Category {
	case Redirect:
		if level != Low {
			reasons = append(reasons, fmt.Sprintf("category redirect caps SLO and RTO at low (from %s)", level))
		} else {
			reasons = append(reasons, "category redirect caps SLO and RTO at low")
		}
		level = Low
	case Sunset:
		reasons = append(reasons, "category sunset is treated as maintain (KTLO) until the tool is removed")
	}
	c := Commitment{Level: level, SLO: targets[level][0], RTO: targets[level][1]}
	if c.SLO == nil {
		reasons = append(reasons, "low criticality is best effort: no SLO or RTO clock runs")
	} else {
		reasons = append(reasons, fmt.Sprintf("%s sets SLO %s and RTO %s, counted from when a blocking issue is opened",
			level, c.SLO, c.RTO))
	}
	switch {
	case in.Stage == Planned:
		reasons = append(reasons, "the tool is planned: the commitment applies once it is operational")
	case in.Stage.Ended():
		c.SLO, c.RTO = nil, nil
		reasons = append(reasons, fmt.Sprintf("the tool is %s: ProdSecEng no longer commits to it", in.Stage))
	}
	c.Reasons = append(reasons, NoRPO)
	return c
}

func lowerBecause(level Criticality, reasons *[]string, why string) Criticality {
	lower := level.Lower()
	if lower == level {
		*reasons = append(*reasons, why+"; the level is already the lowest")
		return level
	}
	*reasons = append(*reasons, fmt.Sprintf("%s: one level lower, %s instead of %s", why, lower, level))
	return lower
}
