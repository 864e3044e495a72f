package inventory

import "slices"

// Criticality is how critical a tool is to the team and the business; it sets
// the commitment (rule 1).
type Criticality string

// The criticalities, most critical first.
const (
	Critical Criticality = "critical"
	High     Criticality = "high"
	Medium   Criticality = "medium"
	Low      Criticality = "low"
)

// Criticalities lists every criticality, most critical first.
var Criticalities = []Criticality{Critical, High, Medium, Low}

// Valid reports whether c is a known criticality.
func (c Criticality) Valid() bool { return slices.Contains(Criticalities, c) }

// Lower returns the next lower criticality; low stays low.
func (c Criticality) Lower() Criticality {
	i := slices.Index(Criticalities, c)
	if i < 0 || i == len(Criticalities)-1 {
		return Low
	}
	return Criticalities[i+1]
}

// Category is a tool's path-forward category.
type Category string

// The path-forward categories of the seeds.
const (
	Integrate            Category = "integrate"
	Maintain             Category = "maintain"
	ImproveThenIntegrate Category = "improve_then_integrate"
	ImproveThenMaintain  Category = "improve_then_maintain"
	Sunset               Category = "sunset"
	Redirect             Category = "redirect"
)

// Categories lists every path-forward category.
var Categories = []Category{Integrate, Maintain, ImproveThenIntegrate, ImproveThenMaintain, Sunset, Redirect}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Improving reports whether the category is one of the improve_then_* ones,
// in which feature requests are triaged.
func (c Category) Improving() bool { return c == ImproveThenIntegrate || c == ImproveThenMaintain }

// Stage is where a tool is in its lifecycle.
type Stage string

// The stages.
const (
	Planned     Stage = "planned"
	Operational Stage = "operational"
	CoCreate    Stage = "co_create"
	Transition  Stage = "transition"
	Retired     Stage = "retired"
	Transferred Stage = "transferred"
)

// Stages lists every stage in lifecycle order.
var Stages = []Stage{Planned, Operational, CoCreate, Transition, Retired, Transferred}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return slices.Contains(Stages, s) }

// Ended reports whether the tool has left ProdSecEng's care.
func (s Stage) Ended() bool { return s == Retired || s == Transferred }

// EditableStages are the stages a person may set by editing a tool; the
// others are entered through their workflow (co-create, sunset, transfer).
var EditableStages = []Stage{Planned, Operational}

// Health is how a tool measures up against the Good/Better/Best rubric.
type Health string

// The health levels, from never assessed to best.
const (
	Unassessed Health = "unassessed"
	BelowGood  Health = "below_good"
	Good       Health = "good"
	Better     Health = "better"
	Best       Health = "best"
)

// Healths lists every health value, lowest first.
var Healths = []Health{Unassessed, BelowGood, Good, Better, Best}

// Valid reports whether h is a known health value.
func (h Health) Valid() bool { return slices.Contains(Healths, h) }

// AtLeastGood reports whether the tool meets the minimum bar.
func (h Health) AtLeastGood() bool { return h == Good || h == Better || h == Best }

// Levels are the rubric levels a criterion can belong to, lowest first.
var Levels = []Health{Good, Better, Best}
