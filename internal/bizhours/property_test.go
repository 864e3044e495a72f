package bizhours

import (
	"math/rand/v2"
	"testing"
	"time"
)

// propertyCalendars are the shapes the invariants are checked on.
func propertyCalendars(t testing.TB) map[string]*Calendar {
	holidays := []Holiday{{Date: Date{2026, 12, 25}}, {Date: Date{2027, 1, 1}, TimeZone: "Europe/London"}}
	sun, err := New(Config{ReferenceTimeZone: "UTC", Windows: DefaultConfig().Windows, Holidays: holidays})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*Calendar{
		"new york":       cal(t, "America/New_York", nineToFive("America/New_York")),
		"follow the sun": sun,
		"night shift":    cal(t, "UTC", Window{TimeZone: "Europe/Berlin", Weekdays: everyDay, Start: 22 * 60, End: 6 * 60}),
		"overlapping": cal(t, "UTC", nineToFive("Europe/London"),
			Window{TimeZone: "Europe/Paris", Weekdays: []time.Weekday{time.Tuesday, time.Saturday}, Start: 7 * 60, End: 13 * 60}),
	}
}

// randomInstant is a random instant in 2025-2028, to the second.
func randomInstant(r *rand.Rand) time.Time {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return time.Unix(start+r.Int64N(4*365*24*3600), 0).UTC()
}

func randomSpan(r *rand.Rand) time.Duration {
	return time.Duration(r.Int64N(400*3600)) * time.Second
}

func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for name, c := range propertyCalendars(t) {
		t.Run(name, func(t *testing.T) {
			for range n {
				a, d1, d2 := randomInstant(r), randomSpan(r), randomSpan(r)
				end := c.Add(a, d1)
				if got := c.Between(a, end); got != d1 {
					t.Fatalf("Between(%s, Add(%s, %s)) = %s", a, a, d1, got)
				}
				if two, parts := c.Add(a, d1+d2), c.Add(end, d2); !two.Equal(parts) {
					t.Fatalf("Add(%s, %s+%s) = %s but Add(Add(...), %s) = %s", a, d1, d2, two, d2, parts)
				}
				b := randomInstant(r)
				if b.Before(a) {
					a, b = b, a
				}
				if c.Add(a, d1).After(c.Add(b, d1)) {
					t.Fatalf("Add is not monotonic in t: %s before %s", a, b)
				}
				if d1 < d2 && c.Add(a, d1).After(c.Add(a, d2)) {
					t.Fatalf("Add is not monotonic in d at %s", a)
				}
				m := a.Add(b.Sub(a) / 3)
				if c.Between(a, b) != c.Between(a, m)+c.Between(m, b) {
					t.Fatalf("Between(%s, %s) is not the sum of its parts at %s", a, b, m)
				}
				if c.Covered(end.Add(-time.Nanosecond)) != true && d1 > 0 {
					t.Fatalf("the instant before Add(%s, %s) = %s is not covered", a, d1, end)
				}
			}
		})
	}
}
