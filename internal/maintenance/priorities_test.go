package maintenance_test

import (
	"math"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

func scores(c, pf, m, sa, cv int) *maintenance.Scores {
	return &maintenance.Scores{Values: map[maintenance.Criterion]int{maintenance.Criticality: c, maintenance.ProductFit: pf, maintenance.Maintainability: m, maintenance.StrategicAlignment: sa, maintenance.CustomerValue: cv}}
}

func TestPriority(t *testing.T) {
	w := maintenance.DefaultWeights()
	got, parts := maintenance.Priority(*scores(5, 5, 5, 5, 5), w)
	if math.Abs(got-(5+5+1+5+5)/5.0) > 1e-9 || parts[2].Counted != 1 {
		t.Errorf("priority = %v (maintainability counted %v); easy maintenance must count as little need", got, parts[2].Counted)
	}
	w.Values[maintenance.Criticality], w.Values[maintenance.ProductFit], w.Values[maintenance.Maintainability], w.Values[maintenance.StrategicAlignment], w.Values[maintenance.CustomerValue] = 3, 0, 0, 0, 1
	got, _ = maintenance.Priority(*scores(5, 1, 1, 1, 1), w)
	if math.Abs(got-(5*3+1*1)/4.0) > 1e-9 {
		t.Errorf("weighted priority = %v, want %v", got, (5*3+1*1)/4.0)
	}
}

func TestRecommend(t *testing.T) {
	tests := []struct {
		name string
		s    *maintenance.Scores
		sit  maintenance.Situation
		want maintenance.Recommendation
	}{
		{"unscored", nil, maintenance.Situation{}, maintenance.ScoreIt},
		{"zombie wins", scores(5, 5, 5, 5, 5), maintenance.Situation{ZombieReasons: []string{"no stakeholder team is left"}}, maintenance.SunsetCandidate},
		{"open signals", scores(3, 3, 4, 3, 3), maintenance.Situation{OpenSignals: 1}, maintenance.Improve},
		{"open signals unscored", nil, maintenance.Situation{OpenSignals: 2}, maintenance.Improve},
		{"poor maintainability", scores(3, 5, 2, 3, 5), maintenance.Situation{}, maintenance.Improve},
		{"strong fit and value", scores(3, 4, 4, 3, 5), maintenance.Situation{}, maintenance.CoCreateCandidate},
		{"already integrating", scores(3, 5, 4, 3, 5), maintenance.Situation{Integrating: true}, maintenance.Keep},
		{"weak fit", scores(3, 3, 4, 3, 5), maintenance.Situation{}, maintenance.Keep},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, why := maintenance.Recommend(tc.s, tc.sit)
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
	w := maintenance.DefaultWeights()
	for _, c := range maintenance.Criteria {
		w.Values[c] = 0
	}
	if err := w.Validate(); err == nil {
		t.Error("all-zero weights were accepted")
	}
}
