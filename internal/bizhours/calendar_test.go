package bizhours

import (
	"testing"
	"time"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func cal(t testing.TB, ref string, windows ...Window) *Calendar {
	t.Helper()
	c, err := New(Config{ReferenceTimeZone: ref, Windows: windows})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func nineToFive(zone string) Window {
	return Window{TimeZone: zone, Weekdays: weekdays, Start: 9 * 60, End: 17 * 60}
}

var everyDay = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}

func TestHandCheckedAdd(t *testing.T) {
	ny, london, utc := mustLoad(t, "America/New_York"), mustLoad(t, "Europe/London"), time.UTC
	nyCal := cal(t, "America/New_York", nineToFive("America/New_York"))
	londonCal := cal(t, "Europe/London", nineToFive("Europe/London"))
	sun := cal(t, "UTC", nineToFive("America/Los_Angeles"), nineToFive("Europe/London"), nineToFive("Asia/Singapore"))
	night := cal(t, "UTC", Window{TimeZone: "UTC", Weekdays: weekdays, Start: 22 * 60, End: 6 * 60})
	tests := []struct {
		name string
		c    *Calendar
		from time.Time
		d    time.Duration
		want time.Time
	}{
		{"Friday 16:00 New York + 4h is Monday noon", nyCal, time.Date(2026, 11, 20, 16, 0, 0, 0, ny), 4 * time.Hour,
			time.Date(2026, 11, 23, 12, 0, 0, 0, ny)},
		{"opened on Saturday, the clock starts Monday 09:00", nyCal, time.Date(2026, 11, 21, 11, 0, 0, 0, ny), time.Hour,
			time.Date(2026, 11, 23, 10, 0, 0, 0, ny)},
		{"opened at 08:00, the clock starts at 09:00", nyCal, time.Date(2026, 11, 23, 8, 0, 0, 0, ny), 30 * time.Minute,
			time.Date(2026, 11, 23, 9, 30, 0, 0, ny)},
		{"exactly to the end of the day stays at 17:00", nyCal, time.Date(2026, 11, 23, 16, 0, 0, 0, ny), time.Hour,
			time.Date(2026, 11, 23, 17, 0, 0, 0, ny)},
		{"follow the sun: Friday 23:00 UTC + 4h is Monday 03:00 UTC", sun, time.Date(2026, 11, 27, 23, 0, 0, 0, utc), 4 * time.Hour,
			time.Date(2026, 11, 30, 3, 0, 0, 0, utc)},
		{"follow the sun: coverage runs through the night between regions", sun, time.Date(2026, 11, 24, 0, 0, 0, 0, utc), 24 * time.Hour,
			time.Date(2026, 11, 25, 0, 0, 0, 0, utc)},
		{"spring forward in New York: Friday 16:00 EST + 4h is Monday 12:00 EDT", nyCal, time.Date(2026, 3, 6, 16, 0, 0, 0, ny), 4 * time.Hour,
			time.Date(2026, 3, 9, 12, 0, 0, 0, ny)},
		{"fall back in New York: Friday 16:00 EDT + 4h is Monday 12:00 EST", nyCal, time.Date(2026, 10, 30, 16, 0, 0, 0, ny), 4 * time.Hour,
			time.Date(2026, 11, 2, 12, 0, 0, 0, ny)},
		{"spring forward in London", londonCal, time.Date(2026, 3, 27, 16, 0, 0, 0, london), 4 * time.Hour,
			time.Date(2026, 3, 30, 12, 0, 0, 0, london)},
		{"fall back in London", londonCal, time.Date(2026, 10, 23, 16, 0, 0, 0, london), 4 * time.Hour,
			time.Date(2026, 10, 26, 12, 0, 0, 0, london)},
		{"a window across midnight belongs to the day it starts", night, time.Date(2026, 11, 27, 23, 0, 0, 0, utc), 8 * time.Hour,
			time.Date(2026, 11, 30, 23, 0, 0, 0, utc)},
		{"leap day", nyCal, time.Date(2028, 2, 28, 16, 0, 0, 0, ny), 4 * time.Hour, time.Date(2028, 2, 29, 12, 0, 0, 0, ny)},
		{"across a new year", nyCal, time.Date(2026, 12, 31, 16, 0, 0, 0, ny), 2 * time.Hour, time.Date(2027, 1, 1, 10, 0, 0, 0, ny)},
		{"zero is now", nyCal, time.Date(2026, 11, 21, 11, 0, 0, 0, ny), 0, time.Date(2026, 11, 21, 11, 0, 0, 0, ny)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Add(tc.from, tc.d); !got.Equal(tc.want) {
				t.Errorf("Add(%s, %s) = %s, want %s", tc.from, tc.d, got.In(tc.want.Location()), tc.want)
			}
		})
	}
}

func TestHandCheckedBetween(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	utc := time.UTC
	day := func(y int, m time.Month, d int, loc *time.Location) (time.Time, time.Time) {
		return time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	}
	sun := cal(t, "UTC", nineToFive("America/Los_Angeles"), nineToFive("Europe/London"), nineToFive("Asia/Singapore"))
	sunLondonXmas, err := New(Config{ReferenceTimeZone: "UTC", Windows: sun.Config().Windows,
		Holidays: []Holiday{{Date: Date{2026, 12, 25}, TimeZone: "Europe/London"}}})
	if err != nil {
		t.Fatal(err)
	}
	nightNY := cal(t, "America/New_York", Window{TimeZone: "America/New_York", Weekdays: everyDay, Start: 60, End: 180})
	gapNY := cal(t, "America/New_York", Window{TimeZone: "America/New_York", Weekdays: everyDay, Start: 150, End: 240})
	emptyGap := cal(t, "America/New_York", Window{TimeZone: "America/New_York", Weekdays: everyDay, Start: 120, End: 150})
	nightLondon := cal(t, "Europe/London", Window{TimeZone: "Europe/London", Weekdays: everyDay, Start: 60, End: 180})
	night := cal(t, "UTC", Window{TimeZone: "UTC", Weekdays: weekdays, Start: 22 * 60, End: 6 * 60})
	tests := []struct {
		name string
		c    *Calendar
		a, b time.Time
		want time.Duration
	}{
		{"a follow-the-sun week is Monday 01:00 to Saturday 01:00 UTC", sun,
			time.Date(2026, 11, 23, 0, 0, 0, 0, utc), time.Date(2026, 11, 30, 0, 0, 0, 0, utc), 120 * time.Hour},
		{"a holiday in London only: Singapore and San Francisco still cover Christmas", sunLondonXmas,
			time.Date(2026, 12, 25, 0, 0, 0, 0, utc), time.Date(2026, 12, 26, 0, 0, 0, 0, utc), 16 * time.Hour},
		{"spring forward: 01:00-03:00 New York is one hour", nightNY,
			time.Date(2026, 3, 8, 0, 0, 0, 0, ny), time.Date(2026, 3, 8, 12, 0, 0, 0, ny), time.Hour},
		{"fall back: 01:00-03:00 New York is three hours", nightNY,
			time.Date(2026, 11, 1, 0, 0, 0, 0, ny), time.Date(2026, 11, 1, 12, 0, 0, 0, ny), 3 * time.Hour},
		{"a window starting in the gap starts when the gap ends", gapNY,
			time.Date(2026, 3, 8, 0, 0, 0, 0, ny), time.Date(2026, 3, 8, 12, 0, 0, 0, ny), time.Hour},
		{"a window inside the gap is empty that night", emptyGap,
			time.Date(2026, 3, 8, 0, 0, 0, 0, ny), time.Date(2026, 3, 8, 12, 0, 0, 0, ny), 0},
		{"spring forward in London: 01:00-03:00 is one hour", nightLondon,
			time.Date(2026, 3, 29, 0, 0, 0, 0, utc), time.Date(2026, 3, 29, 12, 0, 0, 0, utc), time.Hour},
		{"fall back in London: 01:00-03:00 is three hours", nightLondon,
			time.Date(2026, 10, 25, 0, 0, 0, 0, utc), time.Date(2026, 10, 25, 12, 0, 0, 0, utc), 3 * time.Hour},
		{"the weekend gets Friday night's hours only", night,
			time.Date(2026, 11, 28, 0, 0, 0, 0, utc), time.Date(2026, 11, 30, 0, 0, 0, 0, utc), 6 * time.Hour},
		{"b before a is zero", night, time.Date(2026, 11, 28, 0, 0, 0, 0, utc), time.Date(2026, 11, 27, 0, 0, 0, 0, utc), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Between(tc.a, tc.b); got != tc.want {
				t.Errorf("Between = %s, want %s", got, tc.want)
			}
		})
	}
	// Every ordinary and DST-change weekday is eight hours, 09:00-17:00 local.
	nyCal := cal(t, "America/New_York", nineToFive("America/New_York"))
	for _, d := range []time.Time{time.Date(2026, 3, 9, 0, 0, 0, 0, ny), time.Date(2026, 11, 2, 0, 0, 0, 0, ny)} {
		a, b := day(d.Year(), d.Month(), d.Day(), ny)
		if got := nyCal.Between(a, b); got != 8*time.Hour {
			t.Errorf("%s has %s of coverage, want 8h", d.Format(time.DateOnly), got)
		}
		if !nyCal.Covered(time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, ny)) || nyCal.Covered(time.Date(d.Year(), d.Month(), d.Day(), 17, 0, 0, 0, ny)) {
			t.Errorf("%s: coverage is not 09:00-17:00 local", d.Format(time.DateOnly))
		}
	}
}

func TestAmbiguousAndMissingLocalTimes(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	first := resolve(2026, 11, 1, 90, ny) // 01:30 happens twice: EDT first
	if _, off := first.In(ny).Zone(); off != -4*3600 || first.In(ny).Hour() != 1 {
		t.Errorf("01:30 on fall-back night resolved to %s, want 01:30 EDT", first.In(ny))
	}
	gap := resolve(2026, 3, 8, 150, ny) // 02:30 does not exist: 03:00 EDT
	if want := time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC); !gap.Equal(want) {
		t.Errorf("02:30 on spring-forward night resolved to %s, want %s (03:00 EDT)", gap.In(ny), want.In(ny))
	}
}

func TestCoveredAndNextStart(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	c := cal(t, "America/New_York", nineToFive("America/New_York"))
	sat := time.Date(2026, 11, 21, 12, 0, 0, 0, ny)
	if c.Covered(sat) {
		t.Error("Saturday noon is covered")
	}
	if got, want := c.NextCoverageStart(sat), time.Date(2026, 11, 23, 9, 0, 0, 0, ny); !got.Equal(want) {
		t.Errorf("next start = %s, want %s", got, want)
	}
	mon := time.Date(2026, 11, 23, 10, 0, 0, 0, ny)
	if !c.Covered(mon) || !c.NextCoverageStart(mon).Equal(mon) {
		t.Error("Monday 10:00 should be covered and its own next start")
	}
}
