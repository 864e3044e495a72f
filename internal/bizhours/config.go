package bizhours

import (
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // zones work on machines without a zoneinfo database

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Window is when someone is online: weekdays and a local start and end in
// a time zone. End before start crosses midnight.
type Window struct {
	TimeZone string
	Weekdays []time.Weekday
	Start    ClockTime
	End      ClockTime
}

// Date is a calendar date without a time or zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Holiday removes coverage on a date: in one time zone, or everywhere.
type Holiday struct {
	Date     Date
	TimeZone string // "" for every window
}

// Config is a calendar as people write it.
type Config struct {
	ReferenceTimeZone string
	Windows           []Window
	Holidays          []Holiday
}

// weekdays is Monday to Friday.
var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// DefaultConfig is the seeds' default: coverage 9–5 across the team's time
// zones (San Francisco, London and Singapore), weekends excluded, counted
// in UTC.
func DefaultConfig() Config {
	w := func(zone string) Window {
		return Window{TimeZone: zone, Weekdays: weekdays, Start: 9 * 60, End: 17 * 60}
	}
	return Config{ReferenceTimeZone: "UTC",
		Windows: []Window{w("America/Los_Angeles"), w("Europe/London"), w("Asia/Singapore")}}
}

// Limits of a calendar.
const (
	MaxWindows  = 100
	MaxHolidays = 2000
)

// validate checks the configuration and loads its zones, naming each bad field.
func (c Config) validate() (ref *time.Location, zones []*time.Location, err error) {
	var p core.Problems
	ref, lerr := time.LoadLocation(c.ReferenceTimeZone)
	p.Require(c.ReferenceTimeZone != "" && lerr == nil, "reference_timezone", "is not a known IANA time zone", c.ReferenceTimeZone)
	p.Require(len(c.Windows) > 0, "windows", "needs at least one window", nil)
	p.Require(len(c.Windows) <= MaxWindows, "windows", "has too many windows", len(c.Windows))
	p.Require(len(c.Holidays) <= MaxHolidays, "holidays", "has too many holidays", len(c.Holidays))
	zones = make([]*time.Location, len(c.Windows))
	for i, w := range c.Windows {
		f := fmt.Sprintf("windows[%d]", i)
		loc, err := time.LoadLocation(w.TimeZone)
		p.Require(w.TimeZone != "" && err == nil, f+".timezone", "is not a known IANA time zone", w.TimeZone)
		zones[i] = loc
		p.Require(len(w.Weekdays) > 0, f+".weekdays", "needs at least one weekday", nil)
		p.Require(w.Start >= 0 && w.Start < 24*60, f+".start", "must be 00:00 to 23:59", w.Start.String())
		p.Require(w.End > 0 && w.End <= 24*60, f+".end", "must be 00:01 to 24:00", w.End.String())
		p.Require(w.Start != w.End, f+".end", "must differ from the start", w.End.String())
		p.Require(len(dedupe(w.Weekdays)) == len(w.Weekdays), f+".weekdays", "lists a day twice", nil)
		for j := range i {
			if sameWindow(c.Windows[j], w) {
				p.Add(f, fmt.Sprintf("duplicates windows[%d]", j), nil)
			}
		}
	}
	for i, h := range c.Holidays {
		if h.TimeZone != "" {
			_, err := time.LoadLocation(h.TimeZone)
			p.Require(err == nil, fmt.Sprintf("holidays[%d].timezone", i), "is not a known IANA time zone", h.TimeZone)
		}
		p.Require(h.Date.Year >= 1970 && h.Date.Year <= 2200, fmt.Sprintf("holidays[%d].date", i), "must be a year 1970 to 2200", h.Date.String())
	}
	return ref, zones, p.Err("the calendar is not valid")
}

func dedupe(days []time.Weekday) []time.Weekday {
	return slices.Compact(slices.Sorted(slices.Values(days)))
}

func sameWindow(a, b Window) bool {
	return a.TimeZone == b.TimeZone && a.Start == b.Start && a.End == b.End && slices.Equal(dedupe(a.Weekdays), dedupe(b.Weekdays))
}
