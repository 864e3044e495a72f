package maintenance

import (
	"fmt"
	"slices"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Criterion is one criterion of the seeds' prioritisation framework.
type Criterion string

// The five criteria.
const (
	Criticality        Criterion = "criticality"
	ProductFit         Criterion = "product_fit"
	Maintainability    Criterion = "maintainability"
	StrategicAlignment Criterion = "strategic_alignment"
	CustomerValue      Criterion = "customer_value"
)

// Criteria lists the criteria in the seeds' order.
var Criteria = []Criterion{Criticality, ProductFit, Maintainability, StrategicAlignment, CustomerValue}

// Scores are a tool's scores, 1 to 5 each, with a note per criterion. A 5 is
// the most of the criterion: most critical, best product fit, easiest to
// maintain, most aligned, most customer value.
type Scores struct {
	ID     int64
	ToolID int64
	Values map[Criterion]int
	Notes  map[Criterion]string
	By     string
	At     time.Time
}

// Validate checks that every criterion has a score from 1 to 5.
func (s Scores) Validate() error {
	var p core.Problems
	for _, c := range Criteria {
		v, ok := s.Values[c]
		p.Require(ok, string(c), "is required (1-5)", nil)
		p.Require(!ok || (v >= 1 && v <= 5), string(c), "must be 1 to 5", v)
		p.MaxLen("notes."+string(c), s.Notes[c], 2000)
	}
	for c := range s.Notes {
		p.Require(slices.Contains(Criteria, c), "notes."+string(c), "is not a criterion", c)
	}
	return p.Err("the scores are not valid")
}

// Weights say how much each criterion counts in the priority score.
type Weights struct {
	ID     int64
	Values map[Criterion]float64
	By     string
	At     time.Time
}

// DefaultWeights count every criterion the same.
func DefaultWeights() Weights {
	w := Weights{Values: map[Criterion]float64{}}
	for _, c := range Criteria {
		w.Values[c] = 1
	}
	return w
}

// Validate checks that every weight is between 0 and 10 and not all are 0.
func (w Weights) Validate() error {
	var p core.Problems
	total := 0.0
	for _, c := range Criteria {
		v, ok := w.Values[c]
		p.Require(ok, string(c), "is required (0-10)", nil)
		p.Require(!ok || (v >= 0 && v <= 10), string(c), "must be 0 to 10", v)
		total += v
	}
	p.Require(total > 0, "weights", "must not all be zero", nil)
	return p.Err("the weights are not valid")
}

// Part is one criterion's share of a priority score.
type Part struct {
	Criterion Criterion
	Score     int
	Weight    float64
	// Counted is what the criterion adds to the score: the score itself, or
	// for maintainability 6 − score, since a tool that is hard to keep running
	// needs more attention.
	Counted float64
}

// Priority is the weighted average of the counted scores, 1 to 5.
func Priority(s Scores, w Weights) (float64, []Part) {
	parts := make([]Part, 0, len(Criteria))
	sum, weights := 0.0, 0.0
	for _, c := range Criteria {
		v := s.Values[c]
		counted := float64(v)
		if c == Maintainability {
			counted = float64(6 - v)
		}
		parts = append(parts, Part{Criterion: c, Score: v, Weight: w.Values[c], Counted: counted})
		sum += counted * w.Values[c]
		weights += w.Values[c]
	}
	if weights == 0 {
		return 0, parts
	}
	return sum / weights, parts
}

// Recommendation is what the prioritisation suggests doing with a tool.
type Recommendation string

// The recommendations.
const (
	CoCreateCandidate Recommendation = "co_create_candidate"
	Improve           Recommendation = "improve"
	SunsetCandidate   Recommendation = "sunset_candidate"
	Keep              Recommendation = "keep"
	ScoreIt           Recommendation = "score_it"
)

// Situation is what a recommendation looks at besides the scores.
type Situation struct {
	Integrating   bool     // already in integrate or co-create
	OpenSignals   int      // repeated misses not yet resolved
	ZombieReasons []string // why the tool looks like a zombie, if it does
}

// Recommend suggests what to do with a tool and says why. A zombie is a
// sunset candidate; poor maintainability or open signals call for
// improvement; strong product fit and customer value make a co-create
// candidate unless it is already integrating.
func Recommend(s *Scores, sit Situation) (Recommendation, []string) {
	if len(sit.ZombieReasons) > 0 {
		return SunsetCandidate, sit.ZombieReasons
	}
	var why []string
	if sit.OpenSignals > 0 {
		why = append(why, core.Count(sit.OpenSignals, "open signal", "open signals")+" of repeated SLO/RTO misses")
	}
	if s == nil {
		if len(why) > 0 {
			return Improve, why
		}
		return ScoreIt, []string{"no scores yet: score the five criteria"}
	}
	if m := s.Values[Maintainability]; m <= 2 {
		why = append(why, fmt.Sprintf("maintainability scored %d of 5", m))
	}
	if len(why) > 0 {
		return Improve, why
	}
	if s.Values[ProductFit] >= 4 && s.Values[CustomerValue] >= 4 && !sit.Integrating {
		return CoCreateCandidate, []string{fmt.Sprintf("product fit %d and customer value %d of 5, not yet integrating",
			s.Values[ProductFit], s.Values[CustomerValue])}
	}
	return Keep, []string{"nothing calls for a change"}
}
