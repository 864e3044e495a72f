package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// TestIssuesPageCountsEveryStateAndNamesTools: the counts come from one
// counting query (not from paging, which stopped at a cap) and the tools
// of the page are named; the tool page lists only issues not closed.
func TestIssuesPageCountsEveryStateAndNamesTools(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	a := newTool(t, env, inventory.Tool{Name: "scanner", Criticality: inventory.High, Category: inventory.Maintain})
	b := newTool(t, env, inventory.Tool{Name: "mapper", Criticality: inventory.Low, Category: inventory.Maintain})
	open1, open2 := openBlocking(t, env, a.ID, "scans fail"), openBlocking(t, env, b.ID, "maps fail")
	triaged, closed := openBlocking(t, env, a.ID, "scans stall"), openBlocking(t, env, a.ID, "scans slow")
	if _, err := env.Services.Maintenance.Triage(ctx, core.System, a.ID, triaged.ID, "erin"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Services.Maintenance.Close(ctx, core.System, a.ID, closed.ID, "duplicate"); err != nil {
		t.Fatal(err)
	}
	_, _ = open1, open2
	v := signedIn(t, env, "rita", core.RoleRequester)
	p := v.get("/issues?limit=2")
	must(t, p, http.StatusOK, "<td>open</td><td>2</td>", "<td>triaged</td><td>1</td>", "<td>recovered</td><td>0</td>", ">scanner</a>")
	counts, err := env.Services.Maintenance.IssueCounts(ctx, core.System)
	if err != nil || counts["open"] != 2 || counts["triaged"] != 1 || counts["closed"] != 1 {
		t.Errorf("counts: %v %v", counts, err)
	}
	tp := v.get(fmt.Sprintf("/tools/%d", a.ID))
	must(t, tp, http.StatusOK, "scans fail", "scans stall")
	table := tp.body[strings.Index(tp.body, `<table id="issues">`):]
	if table = table[:strings.Index(table, "</table>")]; strings.Contains(table, "scans slow") {
		t.Errorf("the tool page lists a closed issue")
	}
	names, err := env.Services.Inventory.ToolNames(ctx, core.System, []int64{b.ID, a.ID, a.ID, 9999})
	if err != nil || len(names) != 2 || names[a.ID] != "scanner" || names[b.ID] != "mapper" {
		t.Errorf("names: %v %v", names, err)
	}
}
