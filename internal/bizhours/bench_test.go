package bizhours

import (
	"math/rand/v2"
	"testing"
	"time"

	rickar "github.com/rickar/cal/v2"
)

// starts are instants spread over 2026, in New York, so that benchmarks do
// not measure one cached path.
func starts() []time.Time {
	ny, _ := time.LoadLocation("America/New_York")
	r := rand.New(rand.NewPCG(3, 5))
	out := make([]time.Time, 1024)
	for i := range out {
		out[i] = time.Date(2026, 1, 1, 0, 0, 0, 0, ny).Add(time.Duration(r.Int64N(365*24*3600)) * time.Second)
	}
	return out
}

var sink time.Time
var sinkD time.Duration

func benchCalendars(b *testing.B) (single, sun *Calendar, theirs *rickar.BusinessCalendar) {
	single = cal(b, "America/New_York", nineToFive("America/New_York"))
	sun = cal(b, "UTC", DefaultConfig().Windows...)
	theirs = rickarCalendar(nineToFive("America/New_York"))
	// warm the yearly tables, as a running server has them
	for _, t := range starts() {
		single.Add(t, time.Hour)
		sun.Add(t, time.Hour)
	}
	return single, sun, theirs
}

func BenchmarkAdd(b *testing.B) {
	single, sun, theirs := benchCalendars(b)
	ts := starts()
	for _, d := range []time.Duration{4 * time.Hour, 80 * time.Hour, 2000 * time.Hour} {
		b.Run(d.String()+"/single", func(b *testing.B) {
			i := 0
			for b.Loop() {
				sink = single.Add(ts[i%len(ts)], d)
				i++
			}
		})
		b.Run(d.String()+"/follow-the-sun", func(b *testing.B) {
			i := 0
			for b.Loop() {
				sink = sun.Add(ts[i%len(ts)], d)
				i++
			}
		})
		b.Run(d.String()+"/rickar-cal", func(b *testing.B) {
			i := 0
			for b.Loop() {
				sink = theirs.AddWorkHours(ts[i%len(ts)], d)
				i++
			}
		})
	}
}

func BenchmarkBetween30Days(b *testing.B) {
	single, sun, theirs := benchCalendars(b)
	ts := starts()
	const span = 30 * 24 * time.Hour
	b.Run("single", func(b *testing.B) {
		i := 0
		for b.Loop() {
			t := ts[i%len(ts)]
			sinkD = single.Between(t, t.Add(span))
			i++
		}
	})
	b.Run("follow-the-sun", func(b *testing.B) {
		i := 0
		for b.Loop() {
			t := ts[i%len(ts)]
			sinkD = sun.Between(t, t.Add(span))
			i++
		}
	})
	b.Run("rickar-cal", func(b *testing.B) {
		i := 0
		for b.Loop() {
			t := ts[i%len(ts)]
			sinkD = theirs.WorkHoursInRange(t, t.Add(span))
			i++
		}
	})
}

func BenchmarkAddBusinessDays(b *testing.B) {
	single, _, _ := benchCalendars(b)
	ts := starts()
	i := 0
	for b.Loop() {
		sink = single.AddBusinessDays(ts[i%len(ts)], 3)
		i++
	}
}
