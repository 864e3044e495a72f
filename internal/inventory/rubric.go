package inventory

import (
	"gitlab.com/prodseceng/interlock/internal/core"

	"regexp"
	"slices"
	"strings"
)

// Criterion is one practice of the Good/Better/Best rubric for automation tooling.
type Criterion struct {
	ID          string
	Level       Health // good, better or best
	Description string
}

// Rubric is the set of criteria that tools are assessed against. It is data:
// admins replace it as the team's guidance evolves.
type Rubric struct {
	Criteria []Criterion
	Version  int
}

// Limits of the rubric.
const (
	MaxCriteria          = 200
	MaxCriterionID       = 64
	MaxCriterionDescript = 1000
)

var criterionID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// Validate checks the rubric: unique slug ids, known levels, a description
// each, and at least one criterion per level so that every level means something.
func (r Rubric) Validate() error {
	var p core.Problems
	p.Require(len(r.Criteria) <= MaxCriteria, "criteria", "has too many criteria", len(r.Criteria))
	seen := map[string]bool{}
	perLevel := map[Health]int{}
	for i, c := range r.Criteria {
		f := fieldIndex("criteria", i)
		p.Require(criterionID.MatchString(c.ID) && len(c.ID) <= MaxCriterionID, f+".id",
			"must be a lower-case slug of letters, digits, - and _ (at most 64)", c.ID)
		p.Require(!seen[c.ID], f+".id", "is used twice", c.ID)
		seen[c.ID] = true
		p.Require(slices.Contains(Levels, c.Level), f+".level", "must be good, better or best", c.Level)
		p.Require(strings.TrimSpace(c.Description) != "", f+".description", "is required", nil)
		p.MaxLen(f+".description", c.Description, MaxCriterionDescript)
		perLevel[c.Level]++
	}
	for _, l := range Levels {
		p.Require(perLevel[l] > 0, "criteria", "needs at least one criterion of level "+string(l), nil)
	}
	return p.Err("the rubric is not valid")
}

// Missing is what a tool lacks to reach the next level.
type Missing struct {
	Level    Health // the next level; "" when the tool is at best
	Criteria []Criterion
}

// Evaluate returns the health that the met criteria give: the highest level
// whose criteria, and all lower levels' criteria, are all met; below_good if
// Good's are not. It also returns what is missing for the next level. Unknown
// ids are reported by UnknownCriteria, not here.
func (r Rubric) Evaluate(met []string) (Health, Missing) {
	has := map[string]bool{}
	for _, id := range met {
		has[id] = true
	}
	health := BelowGood
	for _, level := range Levels {
		var gaps []Criterion
		for _, c := range r.Criteria {
			if c.Level == level && !has[c.ID] {
				gaps = append(gaps, c)
			}
		}
		if len(gaps) > 0 {
			return health, Missing{Level: level, Criteria: gaps}
		}
		health = level
	}
	return health, Missing{}
}

// UnknownCriteria returns the ids in met that the rubric does not hold.
func (r Rubric) UnknownCriteria(met []string) []string {
	var unknown []string
	for _, id := range met {
		if !slices.ContainsFunc(r.Criteria, func(c Criterion) bool { return c.ID == id }) {
			unknown = append(unknown, id)
		}
	}
	return unknown
}
