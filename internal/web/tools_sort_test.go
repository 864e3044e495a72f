package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// TestToolsSortAcrossPages follows the next links of a sorted listing, two
// tools a page, and finds the whole inventory in order: the store sorts,
// not the page.
func TestToolsSortAcrossPages(t *testing.T) {
	env := testenv.New(t)
	for _, tl := range []struct {
		name, owner string
		crit        inventory.Criticality
	}{{"alpha", "zeta", inventory.Low}, {"bravo", "eta", inventory.Critical}, {"charlie", "alpha", inventory.High},
		{"delta", "eta", inventory.Critical}, {"echo", "beta", inventory.Low}, {"Foxtrot", "Alpha", inventory.Medium}} {
		if _, err := env.Services.Inventory.CreateTool(context.Background(), core.System, inventory.Tool{Name: tl.name, OwnerTeam: tl.owner,
			Criticality: tl.crit, Category: inventory.Maintain, Stage: inventory.Operational, Health: inventory.Unassessed}); err != nil {
			t.Fatal(err)
		}
	}
	v := asAdmin(t, env)
	row := regexp.MustCompile(`<tr><td><a href="/tools/\d+">([^<]+)</a>`)
	next := regexp.MustCompile(`<a rel="next" href="([^"]+)">`)
	walk := func(path string) string {
		var names []string
		for pages := 0; path != "" && pages < 10; pages++ {
			p := v.get(path)
			must(t, p, http.StatusOK)
			for _, m := range row.FindAllStringSubmatch(p.body, -1) {
				names = append(names, m[1])
			}
			path = ""
			if m := next.FindStringSubmatch(p.body); m != nil {
				path = html.UnescapeString(m[1])
			}
		}
		return strings.Join(names, " ")
	}
	for _, tc := range []struct{ sort, want string }{
		{"", "alpha bravo charlie delta echo Foxtrot"},
		{"criticality", "bravo delta charlie Foxtrot alpha echo"},
		{"owner", "charlie Foxtrot echo bravo delta alpha"},
	} {
		if got := walk("/tools?limit=2&sort=" + tc.sort); got != tc.want {
			t.Errorf("sort %q: %s, want %s", tc.sort, got, tc.want)
		}
	}
	must(t, v.get("/tools?sort=colour"), http.StatusUnprocessableEntity, "must be criticality, health")

	// the API pages the same order, and a cursor of one order is refused by another
	api := func(path string) (items []string, next string, status int) {
		p := v.do("GET", path, nil, map[string]string{"Authorization": "Bearer " + testenv.AdminToken})
		var body struct {
			Items []struct {
				Name string `json:"name"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		_ = json.Unmarshal([]byte(p.body), &body)
		for _, it := range body.Items {
			items = append(items, it.Name)
		}
		return items, body.NextCursor, p.status
	}
	var all []string
	cursor := ""
	for range 5 {
		items, next, status := api("/api/v1/tools?limit=4&sort=criticality&cursor=" + cursor)
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		all = append(all, items...)
		if cursor = next; cursor == "" {
			break
		}
	}
	if got := strings.Join(all, " "); got != "bravo delta charlie Foxtrot alpha echo" {
		t.Errorf("API by criticality: %s", got)
	}
	_, byName, _ := api("/api/v1/tools?limit=2")
	if _, _, status := api("/api/v1/tools?limit=2&sort=owner&cursor=" + byName); status != http.StatusUnprocessableEntity {
		t.Errorf("a cursor of another order: status %d", status)
	}
}
