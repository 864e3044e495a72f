package bizhours

import (
	"slices"
	"sync/atomic"
	"time"
)

// Calendar answers business-time questions for one configuration. It is
// safe for concurrent use; each year's coverage is computed once, when first needed.
type Calendar struct {
	cfg      Config
	ref      *time.Location
	zones    []*time.Location
	workday  [][7]bool
	holidays map[Date]map[string]bool
	years    [lastYear - firstYear + 1]atomic.Pointer[year]
	days     [lastYear - firstYear + 1]atomic.Pointer[days]
}

// Years the engine answers for; instants outside are clamped to them.
const (
	firstYear = 1970
	lastYear  = 2200
)

// New checks a configuration and returns its calendar, or an Invalid error
// naming every bad field.
func New(cfg Config) (*Calendar, error) {
	ref, zones, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	c := &Calendar{cfg: clone(cfg), ref: ref, zones: zones, holidays: map[Date]map[string]bool{}}
	for _, w := range c.cfg.Windows {
		var days [7]bool
		for _, d := range w.Weekdays {
			days[d] = true
		}
		c.workday = append(c.workday, days)
	}
	for _, h := range c.cfg.Holidays {
		if c.holidays[h.Date] == nil {
			c.holidays[h.Date] = map[string]bool{}
		}
		c.holidays[h.Date][h.TimeZone] = true
	}
	return c, nil
}

func clone(cfg Config) Config {
	out := cfg
	out.Windows = make([]Window, len(cfg.Windows))
	for i, w := range cfg.Windows {
		w.Weekdays = slices.Clone(w.Weekdays)
		out.Windows[i] = w
	}
	out.Holidays = slices.Clone(cfg.Holidays)
	return out
}

// Config returns the calendar's configuration.
func (c *Calendar) Config() Config { return clone(c.cfg) }

// Reference is the calendar's reference time zone, in which business days count.
func (c *Calendar) Reference() *time.Location { return c.ref }

// yearOf returns the coverage of UTC year y, computing it once (two
// goroutines may both compute it; either result is the same).
func (c *Calendar) yearOf(y int) *year {
	y = min(max(y, firstYear), lastYear)
	slot := &c.years[y-firstYear]
	if v := slot.Load(); v != nil {
		return v
	}
	v := c.build(y)
	if slot.CompareAndSwap(nil, v) {
		return v
	}
	return slot.Load()
}

// yearStarts holds the first instant of each UTC year the engine answers
// for, in Unix nanoseconds, so that an instant's year is found without
// calendar arithmetic.
var yearStarts = func() [lastYear - firstYear + 2]int64 {
	var out [lastYear - firstYear + 2]int64
	for i := range out {
		out[i] = time.Date(firstYear+i, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	}
	return out
}()

// yearOfInstant returns the UTC year of t, clamped to the years answered for.
func yearOfInstant(t time.Time) int {
	n := t.UnixNano()
	if n < yearStarts[0] {
		return firstYear
	}
	const avgYear = int64(365.2425 * 24 * 3600 * 1e9)
	i := min(int((n-yearStarts[0])/avgYear), len(yearStarts)-2)
	for i > 0 && n < yearStarts[i] {
		i--
	}
	for i < len(yearStarts)-2 && n >= yearStarts[i+1] {
		i++
	}
	return firstYear + i
}

// Covered reports whether someone is online at t.
func (c *Calendar) Covered(t time.Time) bool {
	y := c.yearOf(yearOfInstant(t))
	n := t.UnixNano()
	i := y.index(n) - 1
	return i >= 0 && n < y.ends[i]
}

// NextCoverageStart returns t if it is covered, and otherwise the start of
// the next coverage (the zero time if none comes within ten years).
func (c *Calendar) NextCoverageStart(t time.Time) time.Time {
	n := t.UnixNano()
	for yy := yearOfInstant(t); yy <= min(yearOfInstant(t)+10, lastYear); yy++ {
		y := c.yearOf(yy)
		i := y.index(n) - 1
		if i >= 0 && n < y.ends[i] {
			return t
		}
		if i+1 < len(y.starts) {
			return time.Unix(0, y.starts[i+1]).UTC()
		}
		n = y.to
	}
	return time.Time{}
}

// Between returns the coverage in [a, b); zero when b is not after a.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	ya, yb := yearOfInstant(a), yearOfInstant(b)
	if ya == yb {
		y := c.yearOf(ya)
		return time.Duration(y.covered(b.UnixNano()) - y.covered(a.UnixNano()))
	}
	first := c.yearOf(ya)
	sum := first.total - first.covered(a.UnixNano())
	for yy := ya + 1; yy < yb; yy++ {
		sum += c.yearOf(yy).total
	}
	return time.Duration(sum + c.yearOf(yb).covered(b.UnixNano()))
}

// Add returns the instant at which d of coverage has passed since t. A clock
// opened outside coverage starts at the next coverage; Add(t, 0) is t.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	yy := yearOfInstant(t)
	y := c.yearOf(yy)
	n := t.UnixNano()
	from := y.index(n) - 1
	want := y.covered(n) + int64(d)
	for want > y.total {
		want -= y.total
		if yy >= lastYear {
			return time.Unix(0, y.to).UTC()
		}
		yy++
		y, from = c.yearOf(yy), 0
	}
	return time.Unix(0, y.at(want, from)).UTC()
}
