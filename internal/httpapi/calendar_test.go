package httpapi_test

import (
	"net/http"
	"net/url"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestCalendarDefaultsSetAndDue(t *testing.T) {
	env := testenv.New(t)
	c := jsonCall(t, env, http.MethodGet, "/api/v1/calendar", nil, http.StatusOK)
	if c["reference_timezone"] != "UTC" || len(c["windows"].([]any)) != 3 {
		t.Fatalf("a new install's calendar = %v; want the seeds' follow-the-sun default", c)
	}
	ny := map[string]any{"reference_timezone": "America/New_York", "windows": []map[string]any{{"timezone": "America/New_York",
		"weekdays": []string{"mon", "tue", "wed", "thu", "fri"}, "start": "09:00", "end": "17:00"}},
		"holidays": []map[string]any{{"date": "2026-11-26"}}}
	engineer := env.User("erin", core.RoleEngineer)
	if _, err := engineer.Do(t.Context(), http.MethodPut, "/api/v1/calendar", nil, ny, nil, ""); err == nil {
		t.Error("an engineer changed the calendar")
	}
	bad := map[string]any{"reference_timezone": "Mars/Base", "windows": []map[string]any{{"timezone": "Europe/Nowhere",
		"weekdays": []string{"mon", "funday"}, "start": "09:00", "end": "09:00"}}}
	refusal := putConfig(t, env, "/api/v1/calendar", bad, http.StatusUnprocessableEntity)
	for _, f := range []string{"body.reference_timezone", "body.windows[0].timezone", "body.windows[0].weekdays[1]", "body.windows[0].end"} {
		if !hasField(refusal, f) {
			t.Errorf("a bad calendar's refusal does not name %s: %v", f, problemFields(refusal))
		}
	}
	putConfig(t, env, "/api/v1/calendar", ny, http.StatusOK)

	due := func(from string, amount, unit string) string {
		q := url.Values{"from": {from}, "amount": {amount}, "unit": {unit}}
		return jsonCall(t, env, http.MethodGet, "/api/v1/calendar/due?"+q.Encode(), nil, http.StatusOK)["due_at"].(string)
	}
	if got := due("2026-11-20T16:00:00-05:00", "4", "business_hours"); got != "2026-11-23T12:00:00-05:00" {
		t.Errorf("Friday 16:00 + 4 business hours = %s, want Monday 12:00", got)
	}
	if got := due("2026-11-25T10:00:00-05:00", "1", "business_days"); got != "2026-11-27T10:00:00-05:00" {
		t.Errorf("the day before Thanksgiving + 1 business day = %s, want Friday", got)
	}
	for _, tc := range []struct{ q, field string }{
		{"from=yesterday&amount=4&unit=business_hours", "query.from"},
		{"from=2026-11-20T16:00:00Z&amount=4&unit=fortnights", "query.unit"},
		{"from=2026-11-20T16:00:00Z&amount=-1&unit=business_hours", "query.amount"},
	} {
		refusal := jsonCall(t, env, http.MethodGet, "/api/v1/calendar/due?"+tc.q, nil, http.StatusUnprocessableEntity)
		if !hasField(refusal, tc.field) {
			t.Errorf("%s: refusal names %v, want %s", tc.q, problemFields(refusal), tc.field)
		}
	}
}
