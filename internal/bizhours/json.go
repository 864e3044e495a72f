package bizhours

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Document is the calendar as the API and its users write it.
type Document struct {
	ReferenceTimezone string            `json:"reference_timezone"`
	Windows           []WindowDocument  `json:"windows"`
	Holidays          []HolidayDocument `json:"holidays"`
}

// WindowDocument is a window as written: {"timezone", "weekdays": ["mon", ...], "start": "09:00", "end": "17:00"}.
type WindowDocument struct {
	Timezone string   `json:"timezone"`
	Weekdays []string `json:"weekdays"`
	Start    string   `json:"start"`
	End      string   `json:"end"`
}

// HolidayDocument is a holiday as written: {"date": "2026-12-25", "timezone"?}.
type HolidayDocument struct {
	Date     string `json:"date"`
	Timezone string `json:"timezone,omitempty"`
}

var dayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Parse reads a document into a configuration, naming every bad field. The
// configuration still needs New to check zones and windows.
func Parse(d Document) (Config, error) {
	var p core.Problems
	cfg := Config{ReferenceTimeZone: strings.TrimSpace(d.ReferenceTimezone)}
	for i, w := range d.Windows {
		f := fmt.Sprintf("windows[%d]", i)
		win := Window{TimeZone: strings.TrimSpace(w.Timezone)}
		for j, name := range w.Weekdays {
			k := slices.Index(dayNames, strings.ToLower(strings.TrimSpace(name)))
			p.Require(k >= 0, fmt.Sprintf("%s.weekdays[%d]", f, j), "must be one of mon, tue, wed, thu, fri, sat, sun", name)
			if k >= 0 {
				win.Weekdays = append(win.Weekdays, time.Weekday(k))
			}
		}
		var err error
		if win.Start, err = ParseClock(w.Start); err != nil {
			p.Add(f+".start", err.Error(), w.Start)
		}
		if win.End, err = ParseClock(w.End); err != nil {
			p.Add(f+".end", err.Error(), w.End)
		}
		cfg.Windows = append(cfg.Windows, win)
	}
	for i, h := range d.Holidays {
		date, err := ParseDate(strings.TrimSpace(h.Date))
		if err != nil {
			p.Add(fmt.Sprintf("holidays[%d].date", i), err.Error(), h.Date)
		}
		cfg.Holidays = append(cfg.Holidays, Holiday{Date: date, TimeZone: strings.TrimSpace(h.Timezone)})
	}
	return cfg, p.Err("the calendar is not valid")
}

// ParseCalendar reads and checks a document in one step, naming every bad
// field: those that do not parse, and those that parse but do not make a
// calendar (an unknown zone, a window that ends when it starts).
func ParseCalendar(d Document) (*Calendar, error) {
	cfg, perr := Parse(d)
	if perr == nil {
		return New(cfg)
	}
	_, _, verr := cfg.validate()
	ve, ok := verr.(*core.Error)
	if !ok {
		return nil, perr
	}
	pe := perr.(*core.Error)
	for _, f := range ve.Fields {
		if !slices.ContainsFunc(pe.Fields, func(p core.FieldError) bool {
			return strings.HasPrefix(p.Field, f.Field) || strings.HasPrefix(f.Field, p.Field)
		}) {
			pe.Fields = append(pe.Fields, f)
		}
	}
	return nil, pe
}

// Document returns the configuration as written.
func (c Config) Document() Document {
	d := Document{ReferenceTimezone: c.ReferenceTimeZone, Windows: []WindowDocument{}, Holidays: []HolidayDocument{}}
	for _, w := range c.Windows {
		wd := WindowDocument{Timezone: w.TimeZone, Start: w.Start.String(), End: w.End.String(), Weekdays: []string{}}
		for _, day := range w.Weekdays {
			wd.Weekdays = append(wd.Weekdays, dayNames[day])
		}
		d.Windows = append(d.Windows, wd)
	}
	for _, h := range c.Holidays {
		d.Holidays = append(d.Holidays, HolidayDocument{Date: h.Date.String(), Timezone: h.TimeZone})
	}
	return d
}
