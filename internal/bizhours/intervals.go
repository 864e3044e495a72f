package bizhours

import (
	"slices"
	"time"
)

// year is the coverage of one UTC calendar year: sorted, disjoint intervals
// [start, end) in Unix nanoseconds, and before each the coverage that came
// earlier in the year, so that any question is a binary search.
type year struct {
	from, to int64   // the year's bounds
	starts   []int64 // interval starts
	ends     []int64 // interval ends
	before   []int64 // coverage in the year before starts[i]
	total    int64   // coverage in the whole year
	// byDay[d] is the number of intervals that start before day d of the
	// year (UTC), so that finding an instant's interval starts near it.
	byDay []int32
}

const dayNanos = int64(24 * time.Hour)

// build computes the coverage of UTC year y.
func (c *Calendar) build(y int) *year {
	from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	type span struct{ s, e int64 }
	var spans []span
	for i, w := range c.cfg.Windows {
		loc := c.zones[i]
		// Local dates whose windows can reach into the year: a day either side
		// for time zones, and a day more for windows that cross midnight.
		for d := from.AddDate(0, 0, -2); d.Before(to.AddDate(0, 0, 2)); d = d.AddDate(0, 0, 1) {
			yy, mm, dd := d.Date()
			if !c.workday[i][time.Date(yy, mm, dd, 12, 0, 0, 0, time.UTC).Weekday()] || c.holiday(i, Date{yy, mm, dd}) {
				continue
			}
			start := resolve(yy, mm, dd, int(w.Start), loc)
			endMinutes := int(w.End)
			if w.End <= w.Start {
				endMinutes += 24 * 60
			}
			end := resolve(yy, mm, dd, endMinutes, loc)
			s, e := max(start.UnixNano(), from.UnixNano()), min(end.UnixNano(), to.UnixNano())
			if s < e {
				spans = append(spans, span{s, e})
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int {
		if a.s < b.s {
			return -1
		} else if a.s > b.s {
			return 1
		}
		return 0
	})
	yr := &year{from: from.UnixNano(), to: to.UnixNano()}
	for _, sp := range spans {
		if n := len(yr.ends); n > 0 && sp.s <= yr.ends[n-1] {
			yr.ends[n-1] = max(yr.ends[n-1], sp.e)
			continue
		}
		yr.starts, yr.ends = append(yr.starts, sp.s), append(yr.ends, sp.e)
	}
	yr.before = make([]int64, len(yr.starts))
	for i := range yr.starts {
		yr.before[i] = yr.total
		yr.total += yr.ends[i] - yr.starts[i]
	}
	yr.byDay = make([]int32, (yr.to-yr.from)/dayNanos+1)
	for d := range yr.byDay {
		i, _ := slices.BinarySearch(yr.starts, yr.from+int64(d)*dayNanos)
		yr.byDay[d] = int32(i)
	}
	return yr
}

// holiday reports whether window i has a holiday on its local date d.
func (c *Calendar) holiday(i int, d Date) bool {
	zones, ok := c.holidays[d]
	return ok && (zones[""] || zones[c.cfg.Windows[i].TimeZone])
}

// index returns the number of intervals that start at or before t, which
// lies in the year.
func (y *year) index(t int64) int {
	d := (t - y.from) / dayNanos
	if d < 0 {
		return 0
	}
	i := int(y.byDay[min(d, int64(len(y.byDay)-1))])
	for i < len(y.starts) && y.starts[i] <= t {
		i++
	}
	return i
}

// covered returns the coverage in the year before instant t.
func (y *year) covered(t int64) int64 {
	i := y.index(t) - 1
	if i < 0 {
		return 0
	}
	return y.before[i] + min(t, y.ends[i]) - y.starts[i]
}

// at returns the instant at which the year's coverage reaches c (0 < c <=
// total), searching from interval `from` onwards: galloping, then binary, so
// that the cost grows with the log of the span, not the span.
func (y *year) at(c int64, from int) int64 {
	lo, step := max(from, 0), 1
	hi := lo
	for hi < len(y.before) && y.before[hi] < c {
		lo, hi = hi, hi+step
		step *= 2
	}
	hi = min(hi, len(y.before))
	// the first interval at or after lo whose coverage before it reaches c
	i, _ := slices.BinarySearch(y.before[lo:hi], c)
	i += lo - 1 // the last interval whose coverage before it is less than c
	return y.starts[i] + (c - y.before[i])
}
