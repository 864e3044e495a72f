package httpapi_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// seedTools stores n tools in one transaction, spread over the enums.
func seedTools(b *testing.B, env *testenv.Env, n int) {
	b.Helper()
	crits := inventory.Criticalities
	cats := []inventory.Category{inventory.Maintain, inventory.ImproveThenMaintain, inventory.Sunset, inventory.Redirect}
	err := env.DB.Inventory().InTx(context.Background(), func(tx inventory.Tx) error {
		for i := range n {
			t := inventory.Tool{
				Name: fmt.Sprintf("tool-%05d", i), Summary: fmt.Sprintf("automation number %d for the security team", i),
				OwnerTeam: fmt.Sprintf("team-%d", i%40), StakeholderTeams: []string{"sirt", fmt.Sprintf("group-%d", i%25)},
				Criticality: crits[i%len(crits)], Category: cats[i%len(cats)], Stage: inventory.Operational,
				Health: inventory.Unassessed, CreatedAt: testenv.Start, UpdatedAt: testenv.Start,
			}
			if err := tx.InsertTool(context.Background(), &t, "bench"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkListTools lists 100 tools out of 10,000 through the HTTP API.
func BenchmarkListTools(b *testing.B) {
	env := testenv.New(b)
	seedTools(b, env, 10_000)
	ctx := context.Background()
	for _, bc := range []struct {
		name  string
		query url.Values
	}{
		{"first_page", url.Values{"limit": {"100"}}},
		{"middle_page", nil},
		{"filtered_category_criticality", url.Values{"limit": {"100"}, "category": {"maintain"}, "criticality": {"critical"}}},
		{"stakeholder", url.Values{"limit": {"100"}, "stakeholder": {"group-7"}}},
		{"free_text", url.Values{"limit": {"100"}, "q": {"number 9"}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			q := bc.query
			if q == nil {
				first, err := env.Admin.Tools(ctx, url.Values{"limit": {"500"}})
				if err != nil {
					b.Fatal(err)
				}
				next, err := env.Admin.Tools(ctx, url.Values{"limit": {"500"}, "cursor": {first.NextCursor}})
				if err != nil {
					b.Fatal(err)
				}
				q = url.Values{"limit": {"100"}, "cursor": {next.NextCursor}}
			}
			for b.Loop() {
				l, err := env.Admin.Tools(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				if len(l.Items) == 0 {
					b.Fatalf("no tools for %v", q)
				}
			}
		})
	}
}
