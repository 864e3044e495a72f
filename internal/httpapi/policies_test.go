package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestPolicies(t *testing.T) {
	env := testenv.New(t)
	p := jsonCall(t, env, http.MethodGet, "/api/v1/reviews/policy", nil, http.StatusOK)
	if p["zombie_after_days"].(float64) != 180 || p["every_months"].(map[string]any)["medium"].(float64) != 6 {
		t.Fatalf("default review policy = %v", p)
	}
	refusal := putConfig(t, env, "/api/v1/reviews/policy", map[string]any{"every_months": map[string]int{"critical": 3},
		"zombie_after_days": 30}, http.StatusUnprocessableEntity)
	if !hasField(refusal, "body.every_months.low") {
		t.Errorf("a policy without every criticality: %v", problemFields(refusal))
	}
	putConfig(t, env, "/api/v1/reviews/policy", map[string]any{"every_months": map[string]int{"critical": 1, "high": 2,
		"medium": 3, "low": 4}, "zombie_after_days": 30}, http.StatusOK)
	createTool(t, env, "idle", "maintain")
	env.Clock.Advance(31 * 24 * time.Hour)
	z := jsonCall(t, env, http.MethodGet, "/api/v1/reviews/zombies", nil, http.StatusOK)["items"].([]any)
	if len(z) != 1 || !strings.Contains(z[0].(map[string]any)["zombie_reasons"].([]any)[0].(string), "no issues or changes for 31 days") {
		t.Errorf("with a 30-day zombie threshold: %v", z)
	}

	putConfig(t, env, "/api/v1/sunset-policy", map[string]any{"notice_period_days": 10, "reminder_days_before": 20},
		http.StatusUnprocessableEntity)
	putConfig(t, env, "/api/v1/sunset-policy", map[string]any{"notice_period_days": 10, "reminder_days_before": 2}, http.StatusOK)
	sid := createTool(t, env, "old", "maintain")
	path := fmt.Sprintf("/api/v1/tools/%d/sunset", sid)
	jsonCall(t, env, http.MethodPost, path, map[string]any{"kind": "direct", "reason": "unused"}, http.StatusCreated)
	jsonCall(t, env, http.MethodPost, path+"/announce", map[string]any{"decommission_on": env.Clock.Now().AddDate(0, 0, 10).Format(time.DateOnly)}, http.StatusOK)

	cp := jsonCall(t, env, http.MethodGet, "/api/v1/clock-policy", nil, http.StatusOK)
	if cp["at_risk_fraction"].(float64) != 0.75 || cp["signal_breaches"].(float64) != 2 {
		t.Errorf("clock policy = %v", cp)
	}
	putConfig(t, env, "/api/v1/clock-policy", map[string]any{"at_risk_fraction": 1.5, "signal_breaches": 2,
		"signal_window_days": 90}, http.StatusUnprocessableEntity)
}
