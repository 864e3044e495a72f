package maintenance

import (
	"math"
	"testing"
)

func scores(c, pf, m, sa, cv int) *Scores {
	return &Scores{Values: map[Criterion]int{Criticality: c, ProductFit: pf, Maintainability: m, StrategicAlignment: sa, CustomerValue: cv}}
}

func TestPriority(t *testing.T) {
	w := DefaultWeights()
	got, parts := Priority(*scores(5, 5, 5, 5, 5), w)
	if math.Abs(got-(5+5+1+5+5)/5.0) > 1e-9 || parts[2].Counted != 1 {
		t.Errorf("priority = %v (maintainability counted %v); easy maintenance must count as little need", got, parts[2].Counted)
	}
	w.Values[Criticality], w.Values[ProductFit], w.Values[Maintainability], w.Values[StrategicAlignment], w.Values[CustomerValue] = 3, 0, 0, 0, 1
	got, _ = Priority(*scores(5, 1, 1, 1, 1), w)
	if math.Abs(got-(5*3+1*1)/4.0) > 1e-9 {
		t.Errorf("weighted priority = %v, want %v", got, (5*3+1*1)/4.0)
	}
}

func TestRecommend(t *testing.T) {
	tests := []struct {
		name string
		s    *Scores
		sit  Situation
		want Recommendation
	}{
		{"unscored", nil, Situation{}, ScoreIt},
		{"zombie wins", scores(5, 5, 5, 5, 5), Situation{ZombieReasons: []string{"no stakeholder team is left"}}, SunsetCandidate},
		{"open signals", scores(3, 3, 4, 3, 3), Situation{OpenSignals: 1}, Improve},
		{"open signals unscored", nil, Situation{OpenSignals: 2}, Improve},
		{"poor maintainability", scores(3, 5, 2, 3, 5), Situation{}, Improve},
		{"strong fit and value", scores(3, 4, 4, 3, 5), Situation{}, CoCreateCandidate},
		{"already integrating", scores(3, 5, 4, 3, 5), Situation{Integrating: true}, Keep},
		{"weak fit", scores(3, 3, 4, 3, 5), Situation{}, Keep},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, why := Recommend(tc.s, tc.sit)
			if got != tc.want || len(why) == 0 {
				t.Errorf("Recommend = %s %q, want %s with reasons", got, why, tc.want)
			}
		})
	}
}

func TestScoresAndWeightsValidate(t *testing.T) {
	bad := scores(0, 6, 3, 3, 3)
	if err := bad.Validate(); err == nil {
		t.Error("scores of 0 and 6 were accepted")
	}
	w := DefaultWeights()
	for _, c := range Criteria {
		w.Values[c] = 0
	}
	if err := w.Validate(); err == nil {
		t.Error("all-zero weights were accepted")
	}
}
