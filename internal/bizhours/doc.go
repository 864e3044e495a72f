// Package bizhours is the business-time engine every SLO/RTO clock runs on.
// It is pure: no I/O, no clock, no global state.
//
// # Coverage
//
// A Calendar is a set of working windows — a time zone, weekdays, and a local
// start and end such as 09:00–17:00 — minus holidays. Coverage is the union
// of all windows: with windows in San Francisco, London and Singapore an hour
// is covered when anyone is online. Windows may overlap and may cross
// midnight (22:00–06:00); a window belongs to the weekday on which it starts.
//
// # Hours and days
//
// Add(t, d) is the instant at which d of coverage has passed since t; a
// clock opened outside coverage starts at the next covered instant, and
// Add(t, 0) is t. Between(a, b) is the coverage in [a, b). Both cost the same
// for a span of four hours or four years: the covered intervals of each year
// are computed once, in UTC, with running totals, and searched.
//
// A business day is a date on which some window works: the date is one of
// the window's weekdays, in the window's own zone, and not its holiday. This
// is "a day with coverage" counted by the team's own dates rather than by
// the instants their hours fall on in one zone: with windows in San
// Francisco and Singapore, Friday afternoon in San Francisco is Saturday in
// UTC, and counting instants would make Saturday a business day and a week
// six days. Counted by dates, a week is five business days with the default
// windows, and a date is a business day as long as one team member works
// it. AddBusinessDays(t, n) falls due at t's wall-clock time in the
// calendar's reference time zone on the n-th business day after t's date
// there.
//
// # Holidays
//
// A holiday names a date and optionally a time zone. With a zone it removes
// the occurrences of that zone's windows that start on that local date;
// without one it removes every window's occurrence that starts on that date
// in the window's own zone (a holiday on 2026-12-25 silences Singapore's
// Christmas Day and, hours later, San Francisco's).
//
// # Daylight saving
//
// Windows are wall-clock times in their own zone: a 09:00–17:00 window is
// 09:00–17:00 local on the days the clocks change, and is eight hours long
// on ordinary days. For local times that do not exist or occur twice:
//
//   - a local time inside a spring-forward gap means the first instant after
//     the gap (in America/New_York, 02:30 on the second Sunday of March is
//     03:00 EDT); a window that starts and ends inside the gap is empty;
//   - a local time that occurs twice in a fall-back overlap means its first
//     occurrence (01:30 on the first Sunday of November in New York is 01:30
//     EDT, not EST); a window 01:00–03:00 on that night is three hours long.
package bizhours
