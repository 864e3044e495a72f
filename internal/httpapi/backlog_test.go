package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// bkCall sends a JSON request as the admin and decodes the answer, failing
// the test unless the status is want.
func bkCall(t *testing.T, env *testenv.Env, method, path string, body any, want int) map[string]any {
	t.Helper()
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	var header map[string]string
	if method == http.MethodPut { // shared configuration: send back the ETag last read
		header = map[string]string{"If-Match": env.Do(http.MethodGet, path, testenv.AdminToken, nil, nil).Header.Get("ETag")}
	}
	res := env.Do(method, path, testenv.AdminToken, raw, header)
	if res.Status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.Status, want, res.Body)
	}
	var out map[string]any
	_ = json.Unmarshal(res.Body, &out)
	return out
}

func observe(t *testing.T, env *testenv.Env, id int64, labels []string, weight int) backlog.Item {
	t.Helper()
	w := &weight
	if weight == 0 {
		w = nil
	}
	it, _, err := env.Services.Backlog.Upsert(context.Background(), core.System, backlog.ObservedItem{
		Key: "gitlab:issue:" + strconv.FormatInt(id, 10), Kind: backlog.Issue, Title: "Issue " + strconv.FormatInt(id, 10), URL: "https://gitlab.example.com/g/p/-/issues/" + strconv.FormatInt(id, 10),
		Project: "g/p", ProjectID: 15, IID: id, State: "opened", Labels: labels, Weight: w, UpdatedAt: env.Clock.Now(), CreatedAt: env.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func TestProcessAPI(t *testing.T) {
	env := testenv.New(t)
	p := bkCall(t, env, http.MethodGet, "/api/v1/process", nil, http.StatusOK)
	scheme := p["scheme"].(map[string]any)
	if p["profile"] != "handbook-seed" || scheme["break_down_above"].(float64) != 5 || len(p["profiles"].([]any)) != 2 ||
		scheme["priority_labels"].([]any)[0].(map[string]any)["label"] != "ProdSecEngPriority::1" ||
		scheme["workflow_labels"].([]any)[0] != "workflow::validation backlog" {
		t.Fatalf("process: %v", p)
	}
	eng := env.User("erin", core.RoleEngineer)
	if res := env.Do(http.MethodPut, "/api/v1/process", testenv.AdminToken, []byte(`{"profile":"handbook-2026-07"}`), nil); res.Status != http.StatusPreconditionRequired {
		t.Fatalf("the process is shared configuration: without If-Match %d", res.Status)
	}
	if _, err := eng.Do(context.Background(), http.MethodPut, "/api/v1/process", nil, map[string]any{"profile": "handbook-2026-07"}, nil, `"0"`); err == nil ||
		!strings.Contains(err.Error(), "403") {
		t.Fatalf("an engineer changed the process: %v", err)
	}
	p = bkCall(t, env, http.MethodPut, "/api/v1/process", map[string]any{"profile": "handbook-2026-07"}, http.StatusOK)
	scheme = p["scheme"].(map[string]any)
	if p["profile"] != "handbook-2026-07" || scheme["break_down_above"].(float64) != 13 ||
		scheme["priority_labels"].([]any)[3].(map[string]any)["meaning"] != "Best effort" || len(scheme["cocreate_phases"].([]any)) != 3 {
		t.Fatalf("after the switch: %v", p)
	}
	bad := bkCall(t, env, http.MethodPut, "/api/v1/process", map[string]any{"profile": "handbook-1999"}, http.StatusUnprocessableEntity)
	if !strings.Contains(fmt.Sprint(bad), "body.profile") {
		t.Fatalf("unknown profile: %v", bad)
	}
	custom := bkCall(t, env, http.MethodPut, "/api/v1/process", map[string]any{"name": "ours", "team_label": backlog.TeamLabel,
		"candidate_label": backlog.CandidateLabel, "priority_labels": []map[string]any{{"label": "P::1", "priority": 1, "meaning": "now"}},
		"workflow_labels": []string{"workflow::todo", "workflow::ready", "workflow::blocked"}, "ready_label": "workflow::ready",
		"blocked_label": "workflow::blocked", "metric_labels": []map[string]any{{"label": backlog.PendingMetricLabel}},
		"pending_metric_label": backlog.PendingMetricLabel, "weights": []map[string]any{{"weight": 1}, {"weight": 2}},
		"break_down_above": 2, "appsec_labels": []string{"AppSec"}, "cocreate_phases": []string{"one"},
		"seeking_community_label": backlog.SeekingCommunityLabel}, http.StatusOK)
	if custom["profile"] != "ours" || custom["scheme"].(map[string]any)["version"].(float64) != 1 {
		t.Fatalf("custom: %v", custom)
	}
	board := bkCall(t, env, http.MethodGet, "/api/v1/backlog/board", nil, http.StatusOK)
	cols := board["columns"].([]any)
	if len(cols) != 4 || cols[1].(map[string]any)["label"] != "workflow::todo" {
		t.Fatalf("board columns follow the profile: %v", cols)
	}
}

func TestBacklogAPI(t *testing.T) {
	env := testenv.New(t)
	heavy := observe(t, env, 1, []string{backlog.TeamLabel, "ProdSecEngMetric::AppSec Automation", "workflow::in dev"}, 8)
	observe(t, env, 2, []string{backlog.TeamLabel}, 2)
	observe(t, env, 3, []string{backlog.CandidateLabel, "ProdSecEngPriority::1"}, 0)

	list := bkCall(t, env, http.MethodGet, "/api/v1/backlog/items?team=true&workflow=in%20dev", nil, http.StatusOK)
	items := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["url"] != heavy.URL || items[0].(map[string]any)["weight"].(float64) != 8 {
		t.Fatalf("filtered items: %v", list)
	}
	it := bkCall(t, env, http.MethodGet, "/api/v1/backlog/items?label=prodsecengpriority::1", nil, http.StatusOK)["items"].([]any)
	if len(it) != 1 || it[0].(map[string]any)["priority"].(float64) != 1 || it[0].(map[string]any)["candidate"] != true {
		t.Fatalf("by label: %v", it)
	}
	for _, k := range []string{"id", "url", "title", "project", "iid", "state", "labels", "weight", "priority", "workflow", "metric",
		"candidate", "assignees", "milestone", "updated_at"} {
		if _, ok := it[0].(map[string]any)[k]; !ok {
			t.Errorf("item has no %s", k)
		}
	}
	bkCall(t, env, http.MethodGet, "/api/v1/backlog/items?state=shut", nil, http.StatusUnprocessableEntity)

	fs := bkCall(t, env, http.MethodGet, "/api/v1/backlog/findings", nil, http.StatusOK)["findings"].([]any)
	rules := map[string]string{}
	for _, f := range fs {
		m := f.(map[string]any)
		rules[m["rule"].(string)] = m["item_url"].(string)
	}
	if rules[backlog.RuleWeightAboveMax] != heavy.URL || rules[backlog.RuleNoAppSecInFlight] != "" || rules[backlog.RuleMissingMetricLabel] == "" {
		t.Fatalf("findings: %v", fs)
	}
	csv := env.Do(http.MethodGet, "/api/v1/backlog/findings?rule=weight_above_max", testenv.AdminToken, nil, map[string]string{"Accept": "text/csv"})
	if csv.Status != http.StatusOK || !strings.HasPrefix(string(csv.Body), "rule,item_url,message,profile\nweight_above_max,"+heavy.URL) {
		t.Fatalf("findings CSV: %d %s", csv.Status, csv.Body)
	}
	bkCall(t, env, http.MethodGet, "/api/v1/backlog/findings?rule=nope", nil, http.StatusUnprocessableEntity)

	bkCall(t, env, http.MethodPost, "/api/v1/backlog/triage", nil, http.StatusUnprocessableEntity)
	dry := bkCall(t, env, http.MethodPost, "/api/v1/backlog/triage?dry_run=true", nil, http.StatusOK)
	if len(dry["actions"].([]any)) < 3 || dry["dry_run"] != true {
		t.Fatalf("dry run: %v", dry)
	}
	if again := bkCall(t, env, http.MethodGet, "/api/v1/backlog/items/2", nil, http.StatusOK); again["metric"] != "" {
		t.Fatalf("a dry run changed an item: %v", again)
	}
	bkCall(t, env, http.MethodPost, "/api/v1/backlog/triage?dry_run=false", nil, http.StatusOK)
	if again := bkCall(t, env, http.MethodGet, "/api/v1/backlog/items/2", nil, http.StatusOK); again["metric"] != "Pending" {
		t.Fatalf("triage did not add the pending label: %v", again)
	}

	bkCall(t, env, http.MethodPost, "/api/v1/backlog/items/3/remove", map[string]any{"reason": ""}, http.StatusUnprocessableEntity)
	rm := bkCall(t, env, http.MethodPost, "/api/v1/backlog/items/3/remove", map[string]any{"reason": "Not ours", "mention": []string{"@em"},
		"group_labels": []string{"group::authentication"}, "seeking_community": true}, http.StatusOK)
	if rm["item"].(map[string]any)["candidate"] != false || len(rm["actions"].([]any)) != 2 {
		t.Fatalf("removal: %v", rm)
	}
	bkCall(t, env, http.MethodPost, "/api/v1/backlog/items/99/take-on", map[string]any{}, http.StatusNotFound)
	if bad := bkCall(t, env, http.MethodPut, "/api/v1/backlog/groups", map[string]any{"groups": []map[string]any{{"label": "team::x"}}},
		http.StatusUnprocessableEntity); !strings.Contains(fmt.Sprint(bad), "body.groups[0].label") {
		t.Fatalf("a label that is not group::: %v", bad)
	}
	bkCall(t, env, http.MethodPut, "/api/v1/backlog/groups", map[string]any{"groups": []map[string]any{{"label": "group::authentication",
		"product_managers": []string{"pm"}, "engineering_managers": []string{"em"}}}}, http.StatusOK)
	if bad := bkCall(t, env, http.MethodPut, "/api/v1/backlog/settings", map[string]any{"groups": []string{"/bad"}, "projects": []string{}},
		http.StatusUnprocessableEntity); !strings.Contains(fmt.Sprint(bad), "body.groups[0]") {
		t.Fatalf("a bad group path: %v", bad)
	}
	set := bkCall(t, env, http.MethodPut, "/api/v1/backlog/settings", map[string]any{"groups": []string{"gitlab-com/gl-security"},
		"projects": []string{"gitlab-com/gl-security/tooling"}}, http.StatusOK)
	if set["candidate_days"].(float64) != 14 || set["schedule"].(map[string]any)["enabled"] != false {
		t.Fatalf("settings take their defaults: %v", set)
	}
}

func TestBacklogMetricsAndToolingReportAPI(t *testing.T) {
	env := testenv.New(t)
	observe(t, env, 1, []string{backlog.TeamLabel, "ProdSecEngMetric::AppSec Automation"}, 3)
	observe(t, env, 2, []string{backlog.TeamLabel, backlog.PendingMetricLabel}, 3)
	m := bkCall(t, env, http.MethodGet, "/api/v1/backlog/metrics?from=2026-11-01&to=2026-12-01", nil, http.StatusOK)
	if m["metric_label_coverage"].(float64) != 0.5 || m["team_items"].(float64) != 2 {
		t.Fatalf("metrics: %v", m)
	}
	csv := env.Do(http.MethodGet, "/api/v1/backlog/metrics?from=2026-11-01&to=2026-12-01", testenv.AdminToken, nil, map[string]string{"Accept": "text/csv"})
	if csv.Status != http.StatusOK || !strings.Contains(string(csv.Body), "metric_label_coverage,,0.5000") {
		t.Fatalf("metrics CSV: %d %s", csv.Status, csv.Body)
	}
	bkCall(t, env, http.MethodGet, "/api/v1/backlog/metrics?from=2026-12-01&to=2026-11-01", nil, http.StatusUnprocessableEntity)
	bkCall(t, env, http.MethodGet, "/api/v1/backlog/metrics?from=yesterday", nil, http.StatusUnprocessableEntity)

	rep := bkCall(t, env, http.MethodGet, "/api/v1/reports/tooling-integration", nil, http.StatusOK)
	if _, ok := rep["tools"].([]any); !ok {
		t.Fatalf("report: %v", rep)
	}
	md := env.Do(http.MethodGet, "/api/v1/reports/tooling-integration?format=markdown", testenv.AdminToken, nil, nil)
	if md.Status != http.StatusOK || !strings.HasPrefix(md.Header.Get("Content-Type"), "text/markdown") ||
		!strings.HasPrefix(string(md.Body), "# List of Tools") {
		t.Fatalf("markdown: %d %s %s", md.Status, md.Header.Get("Content-Type"), md.Body)
	}
	md = env.Do(http.MethodGet, "/api/v1/reports/tooling-integration", testenv.AdminToken, nil, map[string]string{"Accept": "text/markdown"})
	if md.Status != http.StatusOK || !strings.HasPrefix(string(md.Body), "# List of Tools") {
		t.Fatalf("Accept: text/markdown: %d %s", md.Status, md.Body)
	}
	c := env.Do(http.MethodGet, "/api/v1/reports/tooling-integration", testenv.AdminToken, nil, map[string]string{"Accept": "text/csv"})
	if c.Status != http.StatusOK || !strings.HasPrefix(string(c.Body), "tool_id,tool,stage") {
		t.Fatalf("csv: %d %s", c.Status, c.Body)
	}

}

// TestAcceptIntoBacklogThroughTheAPI: an "other" request decided
// accept_into_backlog is a candidate on the backlog, linked to its page.
func TestAcceptIntoBacklogThroughTheAPI(t *testing.T) {
	env := testenv.New(t)
	r := bkCall(t, env, http.MethodPost, "/api/v1/requests", map[string]any{"kind": "other", "title": "Rotate the scanner's tokens",
		"requesting_team": "appsec", "template": map[string]string{"description": "They never expire."}}, http.StatusCreated)
	id := strconv.FormatInt(int64(r["id"].(float64)), 10)
	cur := env.Do(http.MethodGet, "/api/v1/requests/"+id, testenv.AdminToken, nil, nil)
	res := env.Do(http.MethodPost, "/api/v1/requests/"+id+"/decision", testenv.AdminToken,
		[]byte(`{"decision":"accept_into_backlog","basis":"Small, and ours."}`), map[string]string{"If-Match": cur.Header.Get("ETag")})
	if res.Status != http.StatusCreated {
		t.Fatalf("decide: %d %s", res.Status, res.Body)
	}
	items := bkCall(t, env, http.MethodGet, "/api/v1/backlog/items?kind=local&candidate=true", nil, http.StatusOK)["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("items: %v", items)
	}
	it := items[0].(map[string]any)
	if it["title"] != "Rotate the scanner's tokens" || it["url"] != "/requests/"+id || !strings.Contains(it["description"].(string), "They never expire.") {
		t.Fatalf("item: %v", it)
	}
}
