package httpapi_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestSLOAndInventoryReports(t *testing.T) {
	env := testenv.New(t)
	newYorkCalendar(t, env)
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, newYork)
	env.Clock.Set(monday)
	crit := toolWith(t, env, "crit", "critical", "maintain")
	high := toolWith(t, env, "high", "high", "maintain")
	open := func(tool int64) string {
		is := openIssue(t, env, tool, map[string]any{"title": "down", "kind": "outage", "blocks_functionality": true}, http.StatusCreated)
		return fmt.Sprintf("/api/v1/tools/%d/issues/%d", tool, int64(is["id"].(float64)))
	}
	a, b, c := open(crit), open(crit), open(high)
	openIssue(t, env, crit, map[string]any{"title": "question", "kind": "question"}, http.StatusCreated) // not blocking: not counted
	env.Clock.Set(monday.Add(time.Hour))
	jsonCall(t, env, http.MethodPost, a+"/triage", map[string]any{"assignee": "erin"}, http.StatusOK)
	env.Clock.Set(monday.Add(2 * time.Hour))
	jsonCall(t, env, http.MethodPost, a+"/recover", map[string]any{}, http.StatusOK)
	env.Clock.Set(monday.Add(5 * time.Hour))
	jsonCall(t, env, http.MethodPost, b+"/triage", map[string]any{"assignee": "erin"}, http.StatusOK) // 5h > 4h: missed
	jsonCall(t, env, http.MethodPost, c+"/triage", map[string]any{"assignee": "sam"}, http.StatusOK)  // within a day: met

	rep := jsonCall(t, env, http.MethodGet, "/api/v1/reports/slo?from=2026-11-01&to=2026-12-01", nil, http.StatusOK)
	total := rep["total"].(map[string]any)
	if total["issues"].(float64) != 3 || total["slo_met"].(float64) != 2 || total["slo_missed"].(float64) != 1 || total["rto_met"].(float64) != 1 {
		t.Errorf("total = %v", total)
	}
	// triage times: 1h, 5h, 5h → median 5h, p90 5h
	if total["triage_median_seconds"].(float64) != 5*3600 || total["triage_p90_seconds"].(float64) != 5*3600 {
		t.Errorf("triage percentiles = %v, %v", total["triage_median_seconds"], total["triage_p90_seconds"])
	}
	var critRow map[string]any
	for _, r := range rep["by_criticality"].([]any) {
		if m := r.(map[string]any); m["criticality"] == "critical" {
			critRow = m
		}
	}
	if critRow == nil || critRow["issues"].(float64) != 2 || critRow["slo_missed"].(float64) != 1 || critRow["triage_median_seconds"].(float64) != 3600 {
		t.Errorf("critical row = %v", critRow)
	}
	if n := len(rep["by_tool"].([]any)); n != 2 {
		t.Errorf("%d tool rows, want 2", n)
	}

	res := env.Do(http.MethodGet, "/api/v1/reports/slo?from=2026-11-01&to=2026-12-01", testenv.AdminToken, nil, map[string]string{"Accept": "text/csv"})
	records, err := csv.NewReader(strings.NewReader(string(res.Body))).ReadAll()
	if err != nil || res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || len(records) != 1+2+2+1 {
		t.Fatalf("CSV: %d %s %v\n%s", res.Status, res.Header.Get("Content-Type"), err, res.Body)
	}
	if last := records[len(records)-1]; last[0] != "total" || last[4] != "3" {
		t.Errorf("CSV total row = %v", last)
	}
	bad := env.Do(http.MethodGet, "/api/v1/reports/slo?from=last+week", testenv.AdminToken, nil, nil)
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(string(bad.Body), "query.from") {
		t.Errorf("a bad from: %d %s", bad.Status, bad.Body)
	}

	inv := jsonCall(t, env, http.MethodGet, "/api/v1/reports/inventory", nil, http.StatusOK)
	if inv["by_criticality"].(map[string]any)["critical"].(float64) != 1 || inv["by_stage"].(map[string]any)["operational"].(float64) != 2 {
		t.Errorf("inventory = %v", inv)
	}
	res = env.Do(http.MethodGet, "/api/v1/reports/inventory", testenv.AdminToken, nil, map[string]string{"Accept": "text/csv"})
	if !strings.Contains(string(res.Body), "criticality,critical,1") {
		t.Errorf("inventory CSV:\n%s", res.Body)
	}
}
