package inventory_test

import (
	"slices"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

func ids(cs []inventory.Criterion) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func small() inventory.Rubric {
	return inventory.Rubric{Criteria: []inventory.Criterion{
		{"g1", inventory.Good, "g1"}, {"g2", inventory.Good, "g2"}, {"b1", inventory.Better, "b1"}, {"x1", inventory.Best, "x1"},
	}}
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name    string
		met     []string
		health  inventory.Health
		nextFor inventory.Health
		missing []string
	}{
		{"nothing met", nil, inventory.BelowGood, inventory.Good, []string{"g1", "g2"}},
		{"part of good", []string{"g1"}, inventory.BelowGood, inventory.Good, []string{"g2"}},
		{"good", []string{"g1", "g2"}, inventory.Good, inventory.Better, []string{"b1"}},
		{"better and best without good is below good", []string{"b1", "x1", "g2"}, inventory.BelowGood, inventory.Good, []string{"g1"}},
		{"best without better is good", []string{"g1", "g2", "x1"}, inventory.Good, inventory.Better, []string{"b1"}},
		{"better", []string{"g1", "g2", "b1"}, inventory.Better, inventory.Best, []string{"x1"}},
		{"best", []string{"x1", "b1", "g2", "g1"}, inventory.Best, "", nil},
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
	r := inventory.DefaultRubric()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	all := ids(r.Criteria)
	if h, _ := r.Evaluate(all); h != inventory.Best {
		t.Errorf("meeting every default criterion gives %s, want best", h)
	}
}

func TestRubricValidate(t *testing.T) {
	tests := []struct {
		name  string
		r     inventory.Rubric
		field string
	}{
		{"duplicate id", inventory.Rubric{Criteria: append(small().Criteria, inventory.Criterion{"g1", inventory.Good, "again"})}, "criteria[4].id"},
		{"bad id", inventory.Rubric{Criteria: append(small().Criteria, inventory.Criterion{"Has Space", inventory.Good, "x"})}, "criteria[4].id"},
		{"unknown level", inventory.Rubric{Criteria: append(small().Criteria, inventory.Criterion{"z", "great", "x"})}, "criteria[4].level"},
		{"no description", inventory.Rubric{Criteria: append(small().Criteria, inventory.Criterion{"z", inventory.Good, "  "})}, "criteria[4].description"},
		{"a level with no criteria", inventory.Rubric{Criteria: small().Criteria[:3]}, "criteria"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertField(t, tc.r.Validate(), tc.field)
		})
	}
}

func TestJudgeRefusesUnknownCriteria(t *testing.T) {
	_, _, err := inventory.Judge(small(), []string{"g1", "nope", "g2", "also-nope"}, "")
	assertField(t, err, "met[1]")
	assertField(t, err, "met[3]")
	a, _, err := inventory.Judge(small(), []string{"g2", "g1", "g1"}, " ok ")
	if err != nil || !slices.Equal(a.Met, []string{"g1", "g2"}) || a.Note != "ok" || a.Health != inventory.Good {
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
