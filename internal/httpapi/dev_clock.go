package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// SettableClock is a clock the demo can move (`interlock serve --demo`).
type SettableClock interface {
	core.Clock
	Advance(d time.Duration)
	Set(t time.Time)
}

// DevClockBody is the service's time, as the demo clock tells it.
type DevClockBody struct {
	Now time.Time `json:"now"`
}

// devClockRoutes adds GET and POST /api/v1/dev/clock; only `serve --demo`
// has them (without, the path answers 404).
func (s *server) devClockRoutes(c SettableClock) {
	huma.Register(s.api, op("get-dev-clock", http.MethodGet, "/api/v1/dev/clock", "The demo clock",
		"The time the service runs at (serve --demo only)."), func(ctx context.Context, _ *struct{}) (*struct{ Body DevClockBody }, error) {
		return &struct{ Body DevClockBody }{DevClockBody{Now: c.Now()}}, nil
	})
	huma.Register(s.api, op("set-dev-clock", http.MethodPost, "/api/v1/dev/clock", "Move the demo clock",
		`Moves the service's time (admin; serve --demo only): {"advance": "720h"} (Go durations, and days as "30d"), or {"set": "2027-01-04T09:00:00Z"}. `+
			"Clocks, reminders and reviews follow at their next run."),
		func(ctx context.Context, in *struct {
			Body struct {
				Advance string `json:"advance,omitempty" maxLength:"32" doc:"How far forward, e.g. 720h or 30d"`
				Set     string `json:"set,omitempty" maxLength:"64" doc:"RFC 3339 time to jump to"`
			}
		}) (*struct{ Body DevClockBody }, error) {
			if err := actorOf(ctx).Require(core.PermAdminister, "moving the demo clock"); err != nil {
				return nil, s.bodyErr(err)
			}
			switch b := in.Body; {
			case (b.Advance == "") == (b.Set == ""):
				return nil, s.bodyErr(&core.Error{Code: core.Invalid, Message: "give advance or set, one of them",
					Fields: []core.FieldError{{Field: "advance", Message: `give either advance (e.g. "720h", "30d") or set (RFC 3339)`}}})
			case b.Advance != "":
				d, err := ParseSpan(b.Advance)
				if err != nil || d <= 0 || !bizhours.InRange(c.Now().Add(d)) {
					return nil, s.bodyErr(&core.Error{Code: core.Invalid, Message: "advance is not a forward duration",
						Fields: []core.FieldError{{Field: "advance", Message: `must be a positive duration such as 720h or 30d, staying within 1970-2200`, Value: b.Advance}}})
				}
				c.Advance(d)
			default:
				t, err := time.Parse(time.RFC3339, b.Set)
				if err != nil || !bizhours.InRange(t) {
					return nil, s.bodyErr(&core.Error{Code: core.Invalid, Message: "set is not a time",
						Fields: []core.FieldError{{Field: "set", Message: "must be an RFC 3339 time between 1970 and 2200", Value: b.Set}}})
				}
				c.Set(t)
			}
			return &struct{ Body DevClockBody }{DevClockBody{Now: c.Now()}}, nil
		})
}

// ParseSpan reads a duration as Go writes them (90m, 720h) or in days (30d).
func ParseSpan(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, err
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}
