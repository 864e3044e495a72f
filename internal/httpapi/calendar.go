package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/calendar"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// CalendarBody is the business-time calendar.
type CalendarBody struct {
	ReferenceTimezone string        `json:"reference_timezone" minLength:"1" maxLength:"64" doc:"IANA zone business days are counted in"`
	Windows           []WindowBody  `json:"windows" minItems:"1" maxItems:"100"`
	Holidays          []HolidayBody `json:"holidays,omitempty" maxItems:"2000"`
	Version           int           `json:"version,omitempty" readOnly:"true"`
}

// WindowBody is when someone is online.
type WindowBody struct {
	Timezone string   `json:"timezone" minLength:"1" maxLength:"64"`
	Weekdays []string `json:"weekdays" minItems:"1" maxItems:"7" doc:"mon, tue, wed, thu, fri, sat, sun"`
	Start    string   `json:"start" pattern:"^[0-9]{2}:[0-9]{2}$" doc:"HH:MM local"`
	End      string   `json:"end" pattern:"^[0-9]{2}:[0-9]{2}$" doc:"HH:MM local; before start crosses midnight; 24:00 is the end of the day"`
}

// HolidayBody is a date without coverage, everywhere or in one zone.
type HolidayBody struct {
	Date     string `json:"date" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"`
	Timezone string `json:"timezone,omitempty" maxLength:"64"`
}

func calendarBody(st calendar.Stored) CalendarBody {
	b := CalendarBody{ReferenceTimezone: st.Document.ReferenceTimezone, Version: st.Version,
		Windows: []WindowBody{}, Holidays: []HolidayBody{}}
	for _, w := range st.Document.Windows {
		b.Windows = append(b.Windows, WindowBody{Timezone: w.Timezone, Weekdays: w.Weekdays, Start: w.Start, End: w.End})
	}
	for _, h := range st.Document.Holidays {
		b.Holidays = append(b.Holidays, HolidayBody{Date: h.Date, Timezone: h.Timezone})
	}
	return b
}

func (b CalendarBody) document() bizhours.Document {
	d := bizhours.Document{ReferenceTimezone: b.ReferenceTimezone}
	for _, w := range b.Windows {
		d.Windows = append(d.Windows, bizhours.WindowDocument{Timezone: w.Timezone, Weekdays: w.Weekdays, Start: w.Start, End: w.End})
	}
	for _, h := range b.Holidays {
		d.Holidays = append(d.Holidays, bizhours.HolidayDocument{Date: h.Date, Timezone: h.Timezone})
	}
	return d
}

type calendarOut struct {
	ETag string `header:"ETag"`
	Body CalendarBody
}

func (s *server) calendarRoutes() {
	huma.Register(s.api, op("get-calendar", http.MethodGet, "/api/v1/calendar", "The business-time calendar",
		"Coverage windows and holidays every SLO/RTO clock counts on."), s.getCalendar)
	huma.Register(s.api, op("set-calendar", http.MethodPut, "/api/v1/calendar", "Replace the calendar",
		"Admin. Deadlines of open issues keep the calendar they were computed on."), s.setCalendar)
	huma.Register(s.api, op("calendar-due", http.MethodGet, "/api/v1/calendar/due", "When is this due?",
		"The instant a target of amount business hours or days, started at from, falls due."), s.calendarDue)
}

func (s *server) getCalendar(ctx context.Context, _ *struct{}) (*calendarOut, error) {
	st, err := s.Calendar.Get(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &calendarOut{ETag: etag(st.Version), Body: calendarBody(st)}, nil
}

func (s *server) setCalendar(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    CalendarBody
}) (*calendarOut, error) {
	st, err := s.Calendar.Set(ctx, actorOf(ctx), ifMatch(in.IfMatch), in.Body.document())
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &calendarOut{ETag: etag(st.Version), Body: calendarBody(st)}, nil
}

type dueIn struct {
	From   string `query:"from" required:"true" doc:"RFC 3339 instant the clock starts"`
	Amount int    `query:"amount" required:"true" minimum:"0" maximum:"10000"`
	Unit   string `query:"unit" required:"true" enum:"business_hours,business_days"`
}

type dueOut struct {
	Body struct {
		DueAt  time.Time `json:"due_at"`
		From   time.Time `json:"from"`
		Amount int       `json:"amount"`
		Unit   string    `json:"unit"`
	}
}

func (s *server) calendarDue(ctx context.Context, in *dueIn) (*dueOut, error) {
	from, err := time.Parse(time.RFC3339, in.From)
	if err != nil {
		return nil, s.queryErr(&core.Error{Code: core.Invalid, Message: "from is not an instant",
			Fields: []core.FieldError{{Field: "from", Message: "must be an RFC 3339 time such as 2026-11-20T16:00:00-05:00", Value: in.From}}})
	}
	due, err := s.Calendar.Due(ctx, actorOf(ctx), from, in.Amount, calendar.Unit(in.Unit))
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &dueOut{}
	out.Body.DueAt, out.Body.From, out.Body.Amount, out.Body.Unit = due.In(from.Location()), from, in.Amount, in.Unit
	return out, nil
}
