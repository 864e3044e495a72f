package bizhours

import (
	"math/rand/v2"
	"testing"
	"time"

	rickar "github.com/rickar/cal/v2"

	"gitlab.com/prodseceng/interlock/internal/race"
)

// crossZones are the zones the cross-check draws from: with and without
// daylight saving, both hemispheres.
var crossZones = []string{"UTC", "America/New_York", "Europe/London", "Asia/Singapore", "Australia/Sydney", "Asia/Kolkata", "America/Los_Angeles"}

// randomWindow is a random single window that does not cross midnight and
// ends in a later hour than it starts: rickar/cal's IsWorkTime counts 18:40
// as inside an 18:00-18:30 window (it compares the end only in the end's
// hour), which gives it negative hours for such windows.
func randomWindow(r *rand.Rand) Window {
	var days []time.Weekday
	for d := range 7 {
		if r.IntN(3) > 0 {
			days = append(days, time.Weekday(d))
		}
	}
	if len(days) == 0 {
		days = []time.Weekday{time.Weekday(r.IntN(7))}
	}
	start := ClockTime(r.IntN(23*4) * 15)
	firstEnd := (int(start)/60 + 1) * 60 // the start of the next hour
	end := ClockTime(firstEnd + r.IntN((24*60-1-firstEnd)/15+1)*15)
	end = min(end, 24*60-1)
	return Window{TimeZone: crossZones[r.IntN(len(crossZones))], Weekdays: days, Start: start, End: end}
}

// rickarCalendar is the same window as a rickar/cal business calendar.
func rickarCalendar(w Window) *rickar.BusinessCalendar {
	c := rickar.NewBusinessCalendar()
	for d := range 7 {
		c.SetWorkday(time.Weekday(d), false)
	}
	for _, d := range w.Weekdays {
		c.SetWorkday(d, true)
	}
	c.SetWorkHours(time.Duration(w.Start)*time.Minute, time.Duration(w.End)*time.Minute)
	return c
}

// steadyOffset reports whether loc's UTC offset is the same from a day
// before a to a day after b: rickar/cal computes a day's hours as midnight
// plus a duration, which is wrong on days the clocks change, so those spans
// are left out.
func steadyOffset(loc *time.Location, a, b time.Time) bool {
	_, want := a.Add(-24 * time.Hour).In(loc).Zone()
	for t := a.Add(-24 * time.Hour); t.Before(b.Add(48 * time.Hour)); t = t.Add(12 * time.Hour) {
		if _, off := t.In(loc).Zone(); off != want {
			return false
		}
	}
	return true
}

func TestCrossCheckWithRickarCal(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	cases := 100_000
	if race.Enabled {
		cases = 10_000 // one goroutine: the race detector has nothing to find here; the plain run checks all
	}
	checked, skipped := 0, 0
	var w Window
	var ours *Calendar
	var theirs *rickar.BusinessCalendar
	var loc *time.Location
	for checked < cases {
		if checked%50 == 0 {
			w = randomWindow(r)
			ours = cal(t, "UTC", w)
			theirs = rickarCalendar(w)
			loc = mustLoad(t, w.TimeZone)
		}
		from := randomInstant(r).In(loc).Truncate(time.Minute)
		d := time.Duration(r.Int64N(60*80)) * time.Minute
		due := ours.Add(from, d)
		if !steadyOffset(loc, from, due) {
			skipped++
			continue
		}
		checked++
		if want := theirs.AddWorkHours(from, d); d > 0 && !due.Equal(want) {
			t.Fatalf("window %+v: Add(%s, %s) = %s, rickar/cal says %s", w, from, d, due.In(loc), want)
		}
		to := from.Add(time.Duration(r.Int64N(24*30)) * time.Hour)
		if !steadyOffset(loc, from, to) {
			continue
		}
		if got, want := ours.Between(from, to), theirs.WorkHoursInRange(from, to); got != want {
			t.Fatalf("window %+v: Between(%s, %s) = %s, rickar/cal says %s", w, from, to, got, want)
		}
	}
	t.Logf("%d cases agree with rickar/cal; %d spans over a change of UTC offset left out", checked, skipped)
}
