package bizhours

import "time"

// resolve turns a local wall-clock time (minutes after midnight of a date,
// up to 1440) in loc into an instant: a time inside a spring-forward gap is
// the first instant after the gap, and a time that occurs twice is its first
// occurrence (see the package documentation).
func resolve(y int, m time.Month, d int, minutes int, loc *time.Location) time.Time {
	naive := time.Date(y, m, d, 0, minutes, 0, 0, time.UTC) // the wall clock, read as if it were UTC
	_, offEarly := naive.Add(-24 * time.Hour).In(loc).Zone()
	_, offLate := naive.Add(24 * time.Hour).In(loc).Zone()
	early := naive.Add(-time.Duration(offEarly) * time.Second) // the instant if the earlier offset applies
	late := naive.Add(-time.Duration(offLate) * time.Second)
	earlyOK, lateOK := wallIs(early, naive, loc), wallIs(late, naive, loc)
	switch {
	case earlyOK && lateOK:
		if late.Before(early) {
			return late
		}
		return early
	case earlyOK:
		return early
	case lateOK:
		return late
	}
	// In a gap: neither offset gives this wall clock. The gap ends where the
	// offset changes, between the two candidates.
	lo, hi := early, late
	if hi.Before(lo) {
		lo, hi = hi, lo
	}
	_, offLo := lo.In(loc).Zone()
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
		if _, off := mid.In(loc).Zone(); off == offLo {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// wallIs reports whether instant t reads as the wall clock naive in loc.
func wallIs(t, naive time.Time, loc *time.Location) bool {
	l := t.In(loc)
	y, m, d := l.Date()
	ny, nm, nd := naive.Date()
	return y == ny && m == nm && d == nd && l.Hour() == naive.Hour() && l.Minute() == naive.Minute() && l.Second() == naive.Second()
}
