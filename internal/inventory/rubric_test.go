package inventory

import (
	"slices"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
)

func ids(cs []Criterion) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func small() Rubric {
	return Rubric{Criteria: []Criterion{
		{"g1", Good, "g1"}, {"g2", Good, "g2"}, {"b1", Better, "b1"}, {"x1", Best, "x1"},
	}}
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name    string
		met     []string
		health  Health
		nextFor Health
		missing []string
	}{
		{"nothing met", nil, BelowGood, Good, []string{"g1", "g2"}},
		{"part of good", []string{"g1"}, BelowGood, Good, []string{"g2"}},
		{"good", []string{"g1", "g2"}, Good, Better, []string{"b1"}},
		{"better and best without good is below good", []string{"b1", "x1", "g2"}, BelowGood, Good, []string{"g1"}},
		{"best without better is good", []string{"g1", "g2", "x1"}, Good, Better, []string{"b1"}},
		{"better", []string{"g1", "g2", "b1"}, Better, Best, []string{"x1"}},
		{"best", []string{"x1", "b1", "g2", "g1"}, Best, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, m := small().Evaluate(tc.met)
			if h != tc.health || m.Level != tc.nextFor || !slices.Equal(ids(m.Criteria), tc.missing) {
				t.Errorf("Evaluate(%v) = %s, missing for %q %v; want %s, missing for %q %v",
					tc.met, h, m.Level, ids(m.Criteria), tc.health, tc.nextFor, tc.missing)
			}
		})
	}
}

func TestDefaultRubricIsValid(t *testing.T) {
	r := DefaultRubric()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	all := ids(r.Criteria)
	if h, _ := r.Evaluate(all); h != Best {
		t.Errorf("meeting every default criterion gives %s, want best", h)
	}
}

func TestRubricValidate(t *testing.T) {
	tests := []struct {
		name  string
		r     Rubric
		field string
	}{
		{"duplicate id", Rubric{Criteria: append(small().Criteria, Criterion{"g1", Good, "again"})}, "criteria[4].id"},
		{"bad id", Rubric{Criteria: append(small().Criteria, Criterion{"Has Space", Good, "x"})}, "criteria[4].id"},
		{"unknown level", Rubric{Criteria: append(small().Criteria, Criterion{"z", "great", "x"})}, "criteria[4].level"},
		{"no description", Rubric{Criteria: append(small().Criteria, Criterion{"z", Good, "  "})}, "criteria[4].description"},
		{"a level with no criteria", Rubric{Criteria: small().Criteria[:3]}, "criteria"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertField(t, tc.r.Validate(), tc.field)
		})
	}
}

func TestJudgeRefusesUnknownCriteria(t *testing.T) {
	_, _, err := Judge(small(), []string{"g1", "nope", "g2", "also-nope"}, "")
	assertField(t, err, "met[1]")
	assertField(t, err, "met[3]")
	a, _, err := Judge(small(), []string{"g2", "g1", "g1"}, " ok ")
	if err != nil || !slices.Equal(a.Met, []string{"g1", "g2"}) || a.Note != "ok" || a.Health != Good {
		t.Errorf("Judge = %+v, %v; want met [g1 g2] deduplicated, good", a, err)
	}
}

// assertField fails unless err is an Invalid core error naming field.
func assertField(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := err.(*core.Error)
	if !ok || e.Code != core.Invalid {
		t.Fatalf("err = %v, want an invalid error naming %s", err, field)
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return
		}
	}
	t.Errorf("error %v does not name %s", err, field)
}
