package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// Business-time arithmetic outside the calendar's range answers 422 naming
// the range (and the field), never a wrong date.
func TestCalendarRangeIsRefusedNotWrapped(t *testing.T) {
	env := testenv.New(t)
	for _, c := range []struct{ from, amount, unit, field string }{
		{"2300-01-05T10:00:00Z", "4", "business_hours", "query.from"},
		{"1969-12-31T10:00:00Z", "4", "business_hours", "query.from"},
		{"2200-12-30T10:00:00Z", "40", "business_hours", "query.amount"},
		{"2200-12-01T10:00:00Z", "10000", "business_days", "query.amount"},
	} {
		q := url.Values{"from": {c.from}, "amount": {c.amount}, "unit": {c.unit}}
		res := env.Do(http.MethodGet, "/api/v1/calendar/due?"+q.Encode(), testenv.AdminToken, nil, nil)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "1970-01-01 to 2200-12-31") ||
			!strings.Contains(string(res.Body), c.field) {
			t.Errorf("due from %s + %s %s: %d %s", c.from, c.amount, c.unit, res.Status, res.Body)
		}
	}
	q := url.Values{"from": {"2200-06-01T10:00:00Z"}, "amount": {"4"}, "unit": {"business_days"}}
	if res := env.Do(http.MethodGet, "/api/v1/calendar/due?"+q.Encode(), testenv.AdminToken, nil, nil); res.Status != http.StatusOK ||
		!strings.Contains(string(res.Body), `"due_at":"2200-06-`) {
		t.Errorf("inside the range: %d %s", res.Status, res.Body)
	}
}
