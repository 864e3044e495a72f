package bizhours

import (
	"encoding/json"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// FuzzParseCalendar: any JSON either fails with an Invalid error or gives a
// calendar whose document parses back to the same calendar.
func FuzzParseCalendar(f *testing.F) {
	def, _ := json.Marshal(DefaultConfig().Document())
	f.Add(def)
	f.Add([]byte(`{"reference_timezone":"America/New_York","windows":[{"timezone":"America/New_York","weekdays":["mon","tue"],"start":"22:00","end":"06:00"}],"holidays":[{"date":"2026-12-25","timezone":"America/New_York"}]}`))
	f.Add([]byte(`{"reference_timezone":"UTC","windows":[{"timezone":"UTC","weekdays":["sun"],"start":"00:00","end":"24:00"}]}`))
	f.Add([]byte(`{"reference_timezone":"Nope","windows":[{"timezone":"UTC","weekdays":[],"start":"9","end":"9"}]}`))
	f.Add([]byte(`{"windows":null,"holidays":[{"date":"2026-02-30"}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var doc Document
		if json.Unmarshal(raw, &doc) != nil {
			return
		}
		c, err := ParseCalendar(doc)
		if err != nil {
			if !core.IsCode(err, core.Invalid) {
				t.Fatalf("a bad calendar gave %v, not an invalid error", err)
			}
			return
		}
		again, err := ParseCalendar(c.Config().Document())
		if err != nil {
			t.Fatalf("a valid calendar's document does not parse: %v", err)
		}
		a := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
		if !c.Add(a, 10*time.Hour).Equal(again.Add(a, 10*time.Hour)) {
			t.Fatal("the round-tripped calendar answers differently")
		}
	})
}

// FuzzAddBetween: on any instant and span, Add and Between agree.
func FuzzAddBetween(f *testing.F) {
	f.Add(int64(1795000000), int64(4*3600), uint8(0))
	f.Add(int64(1772953200), int64(80*3600), uint8(1)) // New York's spring forward, 2026
	f.Add(int64(1792040400), int64(1), uint8(2))
	f.Add(int64(-1000), int64(3600), uint8(3))
	cals := propertyCalendars(f)
	names := []string{"new york", "follow the sun", "night shift", "overlapping"}
	f.Fuzz(func(t *testing.T, unix, span int64, which uint8) {
		if unix < 0 || unix > 6_000_000_000 || span < 0 || span > 5*365*24*3600 {
			return
		}
		c := cals[names[int(which)%len(names)]]
		a, d := time.Unix(unix, 0).UTC(), time.Duration(span)*time.Second
		end := c.Add(a, d)
		if end.Before(a) {
			t.Fatalf("Add(%s, %s) = %s is before the start", a, d, end)
		}
		if got := c.Between(a, end); got != d && end.Year() < lastYear {
			t.Fatalf("Between(%s, Add(%s, %s)) = %s", a, a, d, got)
		}
	})
}
