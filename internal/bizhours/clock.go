package bizhours

import (
	"fmt"
	"strconv"
	"strings"
)

// ClockTime is a local time of day in minutes after midnight, 0 to 1440
// (24:00, the end of the day, is allowed as a window's end).
type ClockTime int

// ParseClock reads "HH:MM" (24-hour, 24:00 allowed).
func ParseClock(s string) (ClockTime, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, fmt.Errorf("%q is not a time HH:MM", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("%q is not a time between 00:00 and 24:00", s)
	}
	return ClockTime(hh*60 + mm), nil
}

// String formats the time as HH:MM.
func (c ClockTime) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }
