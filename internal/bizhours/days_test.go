package bizhours

import (
	"testing"
	"time"
)

func TestAddBusinessDays(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	nyCal := cal(t, "America/New_York", nineToFive("America/New_York"))
	withHoliday, err := New(Config{ReferenceTimeZone: "America/New_York", Windows: []Window{nineToFive("America/New_York")},
		Holidays: []Holiday{{Date: Date{2026, 11, 26}}}}) // Thanksgiving
	if err != nil {
		t.Fatal(err)
	}
	sun, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		c    *Calendar
		from time.Time
		n    int
		want time.Time
	}{
		{"Friday + 1 is Monday, same time", nyCal, time.Date(2026, 11, 20, 15, 30, 0, 0, ny), 1, time.Date(2026, 11, 23, 15, 30, 0, 0, ny)},
		{"a week is five business days", nyCal, time.Date(2026, 11, 16, 10, 0, 0, 0, ny), 5, time.Date(2026, 11, 23, 10, 0, 0, 0, ny)},
		{"two weeks are ten", nyCal, time.Date(2026, 11, 16, 10, 0, 0, 0, ny), 10, time.Date(2026, 11, 30, 10, 0, 0, 0, ny)},
		{"Saturday + 1 is Monday", nyCal, time.Date(2026, 11, 21, 10, 0, 0, 0, ny), 1, time.Date(2026, 11, 23, 10, 0, 0, 0, ny)},
		{"a holiday is skipped", withHoliday, time.Date(2026, 11, 25, 10, 0, 0, 0, ny), 1, time.Date(2026, 11, 27, 10, 0, 0, 0, ny)},
		{"across DST the wall clock holds", nyCal, time.Date(2026, 3, 6, 10, 0, 0, 0, ny), 1, time.Date(2026, 3, 9, 10, 0, 0, 0, ny)},
		{"across a new year", nyCal, time.Date(2026, 12, 31, 10, 0, 0, 0, ny), 1, time.Date(2027, 1, 1, 10, 0, 0, 0, ny)},
		{"leap day counts", nyCal, time.Date(2028, 2, 28, 10, 0, 0, 0, ny), 1, time.Date(2028, 2, 29, 10, 0, 0, 0, ny)},
		{"follow the sun: a week is still five business days", sun, time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC), 5,
			time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)},
		{"zero is now", nyCal, time.Date(2026, 11, 21, 10, 0, 0, 0, ny), 0, time.Date(2026, 11, 21, 10, 0, 0, 0, ny)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.AddBusinessDays(tc.from, tc.n); !got.Equal(tc.want) {
				t.Errorf("AddBusinessDays(%s, %d) = %s, want %s", tc.from, tc.n, got.In(tc.want.Location()), tc.want)
			}
		})
	}
	if sun.IsBusinessDay(time.Date(2026, 11, 28, 0, 30, 0, 0, time.UTC)) {
		t.Error("Saturday is a business day because San Francisco's Friday reaches into it in UTC")
	}
}

func TestValidation(t *testing.T) {
	ok := nineToFive("Europe/London")
	tests := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"unknown reference zone", Config{ReferenceTimeZone: "Mars/Olympus", Windows: []Window{ok}}, "reference_timezone"},
		{"no windows", Config{ReferenceTimeZone: "UTC"}, "windows"},
		{"unknown window zone", Config{ReferenceTimeZone: "UTC", Windows: []Window{{TimeZone: "Nowhere", Weekdays: weekdays, Start: 0, End: 60}}}, "windows[0].timezone"},
		{"start equals end", Config{ReferenceTimeZone: "UTC", Windows: []Window{{TimeZone: "UTC", Weekdays: weekdays, Start: 60, End: 60}}}, "windows[0].end"},
		{"no weekdays", Config{ReferenceTimeZone: "UTC", Windows: []Window{{TimeZone: "UTC", Start: 0, End: 60}}}, "windows[0].weekdays"},
		{"duplicate window", Config{ReferenceTimeZone: "UTC", Windows: []Window{ok, ok}}, "windows[1]"},
		{"bad holiday zone", Config{ReferenceTimeZone: "UTC", Windows: []Window{ok}, Holidays: []Holiday{{Date: Date{2026, 12, 25}, TimeZone: "Atlantis"}}}, "holidays[0].timezone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if !namesField(err, tc.field) {
				t.Errorf("New: %v; want an error naming %s", err, tc.field)
			}
		})
	}
}

func TestParseDocument(t *testing.T) {
	doc := Document{ReferenceTimezone: "UTC",
		Windows:  []WindowDocument{{Timezone: "UTC", Weekdays: []string{"mon", "Funday"}, Start: "9:00", End: "25:00"}},
		Holidays: []HolidayDocument{{Date: "2026-13-01"}}}
	_, err := ParseCalendar(doc)
	for _, f := range []string{"windows[0].weekdays[1]", "windows[0].start", "windows[0].end", "holidays[0].date"} {
		if !namesField(err, f) {
			t.Errorf("error %v does not name %s", err, f)
		}
	}
	c, err := ParseCalendar(DefaultConfig().Document())
	if err != nil || len(c.Config().Windows) != 3 {
		t.Fatalf("the default document does not round-trip: %v", err)
	}
	if got := c.Config().Document(); got.Windows[0].Start != "09:00" || got.Windows[0].Weekdays[0] != "mon" {
		t.Errorf("document = %+v", got)
	}
}
