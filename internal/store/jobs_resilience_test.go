package store_test

import (
	"context"
	"database/sql"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// A clock job item that fails (here: its tool cannot be read) is reported
// and skipped; the other issues' clocks still move, and it is retried on
// the next run.
func TestClockJobSkipsAFailingIssue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jobs.db")
	storetest.SQLiteAt(t, path)
	db := open(t, path)
	defer db.Close()
	env := testenv.Over(t, db)
	ctx := context.Background()
	var ids []int64
	for _, name := range []string{"broken", "healthy"} {
		tool, err := env.Admin.CreateTool(ctx, httpapi.ToolCreate{Name: name, OwnerTeam: "appsec",
			StakeholderTeams: []string{"sirt"}, Criticality: "critical", Category: "maintain"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Admin.Do(ctx, http.MethodPost, "/api/v1/tools/"+itoa(tool.ID)+"/issues", nil,
			map[string]any{"title": "down", "kind": "outage"}, nil, ""); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tool.ID)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE tools SET created_at = 'not a time' WHERE id = $1`, ids[0]); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(3 * time.Hour)
	changed, err := env.Services.Maintenance.CheckClocks(ctx)
	if err == nil || !strings.Contains(err.Error(), "tool "+itoa(ids[0])) {
		t.Fatalf("CheckClocks error = %v, want one naming tool %d", err, ids[0])
	}
	if changed < 1 {
		t.Fatalf("the healthy tool's clocks did not move (changed %d)", changed)
	}
	clockEvents := func(toolID int64) int {
		t.Helper()
		evs, err := env.Admin.ToolEvents(ctx, toolID, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range evs.Items {
			if e.Type == "issue.clock" {
				n++
			}
		}
		return n
	}
	if clockEvents(ids[1]) != 1 {
		t.Fatalf("the healthy tool's clock job recorded %d issue.clock events, want 1", clockEvents(ids[1]))
	}
	// Repaired, the skipped issue catches up on the next run.
	if _, err := raw.Exec(`UPDATE tools SET created_at = updated_at WHERE id = $1`, ids[0]); err != nil {
		t.Fatal(err)
	}
	if changed, err := env.Services.Maintenance.CheckClocks(ctx); err != nil || changed < 1 || clockEvents(ids[0]) != 1 {
		t.Fatalf("the retry: changed %d, %v", changed, err)
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
