package httpapi_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// An Accept the endpoint cannot produce is refused before the handler runs:
// 406, a problem document, and nothing written.
func TestNotAcceptableIsRefusedBeforeTheHandler(t *testing.T) {
	env := testenv.New(t)
	w := wire{t, env}
	for _, accept := range []string{"text/csv", "text/html", "application/xml, text/plain;q=0.5"} {
		res := w.send(testenv.AdminToken, http.MethodPost, "/api/v1/tools", map[string]string{"Accept": accept},
			sampleTool("negotiated", "high", "maintain"))
		if res.Status != http.StatusNotAcceptable || !strings.Contains(string(res.Body), "header.Accept") ||
			res.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("POST with Accept %q: %d %s %s", accept, res.Status, res.Header.Get("Content-Type"), res.Body)
		}
	}
	var list items[httpapi.ToolBody]
	w.admin(http.MethodGet, "/api/v1/tools", nil, http.StatusOK, &list)
	if len(list.Items) != 0 {
		t.Fatalf("a refused request wrote %d tool(s)", len(list.Items))
	}
	res := w.send(testenv.AdminToken, http.MethodGet, "/api/v1/tools", map[string]string{"Accept": "text/csv"}, nil)
	if res.Status != http.StatusNotAcceptable {
		t.Fatalf("GET tools as CSV: %d %s", res.Status, res.Body)
	}
	// Ranges and preferences that JSON satisfies still answer JSON.
	for _, accept := range []string{"", "*/*", "application/*", "application/json", "application/problem+json",
		"text/html, */*;q=0.8", "text/csv;q=0.9, application/json"} {
		res := w.send(testenv.AdminToken, http.MethodGet, "/api/v1/tools", map[string]string{"Accept": accept}, nil)
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("GET tools with Accept %q: %d %s", accept, res.Status, res.Header.Get("Content-Type"))
		}
	}
	// A report prefers what the client prefers, CSV included.
	res = w.send(testenv.AdminToken, http.MethodGet, "/api/v1/reports/inventory",
		map[string]string{"Accept": "application/json;q=0.5, text/csv"}, nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(string(res.Body), "dimension,value,tools") {
		t.Fatalf("inventory as preferred CSV: %d %s\n%s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
}

// The capacity report exports CSV, and every CSV cell that a spreadsheet
// would read as a formula is defused with a leading apostrophe.
func TestCapacityReportAsCSVDefusesFormulas(t *testing.T) {
	env := testenv.New(t)
	w := wire{t, env}
	names := []string{"=HYPERLINK(\"http://evil\")", "+1", "-2+3", "@SUM(A1)", "plain"}
	for _, n := range names {
		w.addTool(testenv.AdminToken, sampleTool(n, "high", "maintain"))
	}
	res := w.send(testenv.AdminToken, http.MethodGet, "/api/v1/reports/capacity", map[string]string{"Accept": "text/csv"}, nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("capacity CSV: %d %s\n%s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	rows, err := csv.NewReader(strings.NewReader(string(res.Body))).ReadAll()
	if err != nil {
		t.Fatalf("capacity CSV does not parse: %v\n%s", err, res.Body)
	}
	got := map[string]bool{}
	for _, r := range rows[1:] {
		if r[0] == "tool" {
			got[r[2]] = true
		}
	}
	for _, n := range names {
		want := n
		if n != "plain" {
			want = "'" + n
		}
		if !got[want] {
			t.Errorf("capacity CSV lacks the cell %q; rows: %q", want, rows)
		}
	}
	if last := rows[len(rows)-1]; last[0] != "utilisation" {
		t.Errorf("last row = %q, want the utilisation", last)
	}
}
