package bizhours

import (
	"slices"
	"time"
)

// days is one year of dates: which are business days, and how many
// business days came before each date of the year.
type days struct {
	business []bool // by day of the year, from 0
	before   []int
	total    int
}

// daysOf computes the business days of year y in the reference zone, once.
func (c *Calendar) daysOf(y int) *days {
	y = min(max(y, firstYear), lastYear)
	slot := &c.days[y-firstYear]
	if v := slot.Load(); v != nil {
		return v
	}
	first := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	n := first.AddDate(1, 0, -1).YearDay() // 365 or 366
	d := &days{business: make([]bool, n), before: make([]int, n)}
	for i := range n {
		date := first.AddDate(0, 0, i)
		d.before[i] = d.total
		if c.worksOn(date) {
			d.business[i] = true
			d.total++
		}
	}
	if slot.CompareAndSwap(nil, d) {
		return d
	}
	return slot.Load()
}

// worksOn reports whether some window works on the date (its weekday, not
// its holiday): the date is a business day.
func (c *Calendar) worksOn(date time.Time) bool {
	yy, mm, dd := date.Date()
	for i := range c.cfg.Windows {
		if c.workday[i][date.Weekday()] && !c.holiday(i, Date{yy, mm, dd}) {
			return true
		}
	}
	return false
}

// IsBusinessDay reports whether t's date in the reference zone has coverage.
func (c *Calendar) IsBusinessDay(t time.Time) bool {
	l := t.In(c.ref)
	return c.daysOf(l.Year()).business[l.YearDay()-1]
}

// AddBusinessDays returns the instant n business days after t: the same
// wall-clock time in the reference zone, on the n-th business day after t's
// date. AddBusinessDays(t, 0) is t. Past the supported range it returns End.
func (c *Calendar) AddBusinessDays(t time.Time, n int) time.Time {
	if n <= 0 {
		return t
	}
	l := t.In(c.ref)
	yy := l.Year()
	d := c.daysOf(yy)
	// business days up to and including t's date, plus n
	i := l.YearDay() - 1
	want := d.before[i] + n
	if d.business[i] {
		want++
	}
	for want > d.total {
		want -= d.total
		if yy >= lastYear {
			return End
		}
		yy++
		d = c.daysOf(yy)
	}
	// the date whose count of business days up to and including it is want
	j, _ := slices.BinarySearch(d.before, want)
	j-- // the last date with fewer than want business days before it: it is the want-th
	date := time.Date(yy, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, j)
	y2, m2, d2 := date.Date()
	h, mi, s := l.Clock()
	due := resolve(y2, m2, d2, h*60+mi, c.ref)
	return due.Add(time.Duration(s)*time.Second + time.Duration(l.Nanosecond())).UTC()
}
