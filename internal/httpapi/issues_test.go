package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

var newYork, _ = time.LoadLocation("America/New_York")

// newYorkCalendar makes business time New York's 09:00-17:00 weekdays.
func newYorkCalendar(t *testing.T, env *testenv.Env) {
	putConfig(t, env, "/api/v1/calendar", map[string]any{"reference_timezone": "America/New_York",
		"windows": []map[string]any{{"timezone": "America/New_York", "weekdays": []string{"mon", "tue", "wed", "thu", "fri"},
			"start": "09:00", "end": "17:00"}}}, http.StatusOK)
}

func toolWith(t *testing.T, env *testenv.Env, name, criticality, category string) int64 {
	body := map[string]any{"name": name, "owner_team": "appsec", "stakeholder_teams": []string{"sirt"},
		"criticality": criticality, "category": category}
	if category == "integrate" {
		body["epic_url"], body["milestone"] = "https://gitlab.com/groups/g/-/epics/1", "18.9"
	}
	if category == "sunset" { // rule 2 of issue 14: only opening a sunset plan sets it
		body["category"] = "maintain"
	}
	id := int64(jsonCall(t, env, http.MethodPost, "/api/v1/tools", body, http.StatusCreated)["id"].(float64))
	if category == "sunset" {
		jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/sunset", id), map[string]any{"kind": "direct", "reason": "unused"},
			http.StatusCreated)
	}
	return id
}

func openIssue(t *testing.T, env *testenv.Env, tool int64, body map[string]any, want int) map[string]any {
	return jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/issues", tool), body, want)
}

func TestClocksForEveryCommitment(t *testing.T) {
	env := testenv.New(t)
	newYorkCalendar(t, env)
	fridayAfternoon := time.Date(2026, 11, 20, 16, 0, 0, 0, newYork).Format(time.RFC3339)
	tests := []struct {
		name, criticality, category string
		blocks                      bool
		slo, rto                    string // due, in New York; "" for no clock
	}{
		{"critical: 4h and 12h of business time", "critical", "maintain", true, "2026-11-23T12:00:00-05:00", "2026-11-24T12:00:00-05:00"},
		{"high: 1 and 2 business days at the same wall-clock time", "high", "maintain", true, "2026-11-23T16:00:00-05:00", "2026-11-24T16:00:00-05:00"},
		{"medium: 3 business days and two weeks", "medium", "improve_then_maintain", true, "2026-11-25T16:00:00-05:00", "2026-12-04T16:00:00-05:00"},
		{"low: best effort", "low", "maintain", true, "", ""},
		{"redirect caps at low", "critical", "redirect", true, "", ""},
		{"an issue that does not block the tool has no clock", "critical", "maintain", false, "", ""},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tool := toolWith(t, env, fmt.Sprintf("tool-%d", i), tc.criticality, tc.category)
			is := openIssue(t, env, tool, map[string]any{"title": "scans fail", "kind": "outage",
				"blocks_functionality": tc.blocks, "opened_at": fridayAfternoon}, http.StatusCreated)
			for _, c := range []struct{ clock, want string }{{"slo", tc.slo}, {"rto", tc.rto}} {
				due := is[c.clock+"_due_at"]
				if c.want == "" {
					if due != nil || is[c.clock+"_state"] != "none" {
						t.Errorf("%s: due %v, state %v; want no clock", c.clock, due, is[c.clock+"_state"])
					}
					continue
				}
				got, _ := time.Parse(time.RFC3339, fmt.Sprint(due))
				want, _ := time.Parse(time.RFC3339, c.want)
				if !got.Equal(want) {
					t.Errorf("%s due %s, want %s", c.clock, got.In(newYork), want)
				}
			}
		})
	}
}

func TestClockAcrossDaylightSaving(t *testing.T) {
	env := testenv.New(t)
	newYorkCalendar(t, env)
	env.Clock.Set(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	tool := toolWith(t, env, "dst", "critical", "maintain")
	is := openIssue(t, env, tool, map[string]any{"title": "down", "kind": "outage", "blocks_functionality": true,
		"opened_at": time.Date(2026, 3, 6, 16, 0, 0, 0, newYork).Format(time.RFC3339)}, http.StatusCreated)
	got, _ := time.Parse(time.RFC3339, is["slo_due_at"].(string))
	if want := time.Date(2026, 3, 9, 12, 0, 0, 0, newYork); !got.Equal(want) {
		t.Errorf("SLO due %s, want Monday 12:00 EDT (%s)", got.In(newYork), want)
	}
	if is["slo_state"] != "breached" {
		t.Errorf("an imported issue past its deadline is %v, want breached", is["slo_state"])
	}
}

func TestFeatureRequestsByCategory(t *testing.T) {
	env := testenv.New(t)
	for _, cat := range []string{"maintain", "sunset", "redirect"} {
		tool := toolWith(t, env, "fr-"+cat, "high", cat)
		refusal := openIssue(t, env, tool, map[string]any{"title": "add SARIF export", "kind": "feature_request"}, http.StatusConflict)
		if !hasField(refusal, "body.kind") || !strings.Contains(fmt.Sprint(refusal["detail"]), "feature requests are not accepted") {
			t.Errorf("%s: %v", cat, refusal)
		}
		closed := openIssue(t, env, tool, map[string]any{"title": "add SARIF export", "kind": "feature_request", "external": true}, http.StatusCreated)
		if closed["state"] != "closed" || !strings.Contains(closed["close_reason"].(string), "not accepted") {
			t.Errorf("%s: an outside feature request should be accepted and closed with the reason: %v", cat, closed)
		}
	}
	for _, cat := range []string{"improve_then_maintain", "improve_then_integrate"} {
		tool := toolWith(t, env, "fr-"+cat, "high", cat)
		if is := openIssue(t, env, tool, map[string]any{"title": "add SARIF export", "kind": "feature_request"}, http.StatusCreated); is["state"] != "open" {
			t.Errorf("%s: a feature request should be open for triage: %v", cat, is)
		}
	}
}

func TestAtRiskBreachAndSignal(t *testing.T) {
	env := testenv.New(t)
	newYorkCalendar(t, env)
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, newYork)
	env.Clock.Set(monday)
	tool := toolWith(t, env, "flaky", "critical", "maintain")
	is := openIssue(t, env, tool, map[string]any{"title": "crashes", "kind": "bug", "blocks_functionality": true}, http.StatusCreated)
	path := fmt.Sprintf("/api/v1/tools/%d/issues/%d", tool, int64(is["id"].(float64)))

	env.Clock.Set(monday.Add(2*time.Hour + 59*time.Minute))
	if n, _ := env.Services.Maintenance.CheckClocks(t.Context()); n != 0 {
		t.Errorf("%d clocks changed before 75%% of the target", n)
	}
	env.Clock.Set(monday.Add(3 * time.Hour)) // 75% of 4h
	if n, err := env.Services.Maintenance.CheckClocks(t.Context()); err != nil || n != 1 {
		t.Fatalf("at 75%%: %d clocks changed, %v; want the SLO at risk", n, err)
	}
	atRisk := jsonCall(t, env, http.MethodGet, "/api/v1/issues?clock=at_risk", nil, http.StatusOK)["items"].([]any)
	if len(atRisk) != 1 {
		t.Errorf("at-risk list = %v", atRisk)
	}
	env.Clock.Set(monday.Add(4 * time.Hour))
	env.Services.Maintenance.CheckClocks(t.Context())
	if got := jsonCall(t, env, http.MethodGet, path, nil, http.StatusOK); got["slo_state"] != "breached" || got["rto_state"] != "running" {
		t.Errorf("at the deadline: SLO %v RTO %v", got["slo_state"], got["rto_state"])
	}
	topics := strings.Join(outboxTopics(t, env), " ")
	if !strings.Contains(topics, "clock.at_risk") || !strings.Contains(topics, "clock.breached") {
		t.Errorf("outbox = %s; want a warning before the breach and one at it", topics)
	}

	// Triage late: the SLO stays breached; recovery in time meets the RTO.
	tri := jsonCall(t, env, http.MethodPost, path+"/triage", map[string]any{"assignee": "erin"}, http.StatusOK)
	if tri["slo_state"] != "breached" || tri["time_to_triage"] != "4h0m0s" {
		t.Errorf("after triage: %v %v", tri["slo_state"], tri["time_to_triage"])
	}
	rec := jsonCall(t, env, http.MethodPost, path+"/recover", map[string]any{}, http.StatusOK)
	if rec["rto_state"] != "met" {
		t.Errorf("after recovery: %v", rec["rto_state"])
	}
	if len(jsonCall(t, env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d/signals", tool), nil, http.StatusOK)["items"].([]any)) != 0 {
		t.Error("a signal after one breach")
	}

	// A second breach within 90 days raises a signal.
	is2 := openIssue(t, env, tool, map[string]any{"title": "crashes again", "kind": "bug", "blocks_functionality": true}, http.StatusCreated)
	env.Clock.Advance(5 * 24 * time.Hour)
	env.Services.Maintenance.CheckClocks(t.Context())
	sigs := jsonCall(t, env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d/signals", tool), nil, http.StatusOK)["items"].([]any)
	if len(sigs) != 1 || !strings.Contains(sigs[0].(map[string]any)["recommendation"].(string), "improve_then_maintain") {
		t.Fatalf("signals = %v", sigs)
	}
	sigID := int64(sigs[0].(map[string]any)["id"].(float64))
	p := jsonCall(t, env, http.MethodGet, "/api/v1/priorities", nil, http.StatusOK)["items"].([]any)[0].(map[string]any)
	if p["recommendation"] != "improve" {
		t.Errorf("a tool with an open signal is recommended %v", p["recommendation"])
	}
	refusal := jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/signals/%d/act", tool, sigID),
		map[string]any{"criticality": "critical"}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.criticality") {
		t.Errorf("acting with the same criticality: %v", problemFields(refusal))
	}
	acted := jsonCall(t, env, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/signals/%d/act", tool, sigID),
		map[string]any{"category": "improve_then_maintain"}, http.StatusOK)
	if acted["state"] != "acted" {
		t.Errorf("signal = %v", acted)
	}
	if cat := jsonCall(t, env, http.MethodGet, fmt.Sprintf("/api/v1/tools/%d", tool), nil, http.StatusOK)["category"]; cat != "improve_then_maintain" {
		t.Errorf("category after acting = %v", cat)
	}

	// A later change of criticality does not move the open issue's deadlines.
	p2 := fmt.Sprintf("/api/v1/tools/%d/issues/%d", tool, int64(is2["id"].(float64)))
	before := jsonCall(t, env, http.MethodGet, p2, nil, http.StatusOK)
	res := env.Do(http.MethodGet, fmt.Sprintf("/api/v1/tools/%d", tool), testenv.AdminToken, nil, nil)
	env.Do(http.MethodPatch, fmt.Sprintf("/api/v1/tools/%d", tool), testenv.AdminToken, []byte(`{"criticality":"low"}`),
		map[string]string{"If-Match": res.Header.Get("ETag")})
	after := jsonCall(t, env, http.MethodGet, p2, nil, http.StatusOK)
	if before["rto_due_at"] != after["rto_due_at"] || !strings.Contains(after["commitment_note"].(string), "does not move them") {
		t.Errorf("deadlines moved: %v → %v (%v)", before["rto_due_at"], after["rto_due_at"], after["commitment_note"])
	}

	closing := jsonCall(t, env, http.MethodPost, p2+"/close", map[string]any{}, http.StatusUnprocessableEntity)
	if !hasField(closing, "body.reason") {
		t.Errorf("closing a blocking issue without recovery or reason: %v", problemFields(closing))
	}
	closed := jsonCall(t, env, http.MethodPost, p2+"/close", map[string]any{"reason": "duplicate of 1"}, http.StatusOK)
	if closed["state"] != "closed" || !strings.Contains(closed["rto_note"].(string), "without recovery") {
		t.Errorf("closed = %v", closed)
	}
}
