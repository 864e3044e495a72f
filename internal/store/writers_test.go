package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// Writers go one at a time, on PostgreSQL as on SQLite (ADR 18): rules that
// read and then write in one transaction hold when two servers write at
// once. Here two pools on one database (two replicas) record ADRs of one
// tool together, each numbered from the ADRs before it; every one is
// stored, with numbers 1 to n.
func TestWritersGoOneAtATimeAcrossServers(t *testing.T) {
	ctx := context.Background()
	path := storetest.Path(t)
	a, b := open(t, path), open(t, path)
	defer a.Close()
	defer b.Close()
	tool := inventory.Tool{Name: "raced", OwnerTeam: "o", Criticality: inventory.Low, Category: inventory.Maintain,
		Stage: inventory.Operational, Health: inventory.Unassessed, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := a.Inventory().InTx(ctx, func(tx inventory.Tx) error { return tx.InsertTool(ctx, &tool, "test") }); err != nil {
		t.Fatal(err)
	}
	const n = 16
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		db := a
		if i%2 == 1 {
			db = b
		}
		wg.Go(func() {
			svc := inventory.NewService(db.Inventory(), core.SystemClock{})
			_, errs[i] = svc.CreateADR(ctx, core.System, tool.ID, inventory.ADR{Title: fmt.Sprintf("decision %d", i),
				Context: "c", Decision: "d"})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("ADR %d: %v", i, err)
		}
	}
	adrs, err := a.ADRs(ctx, tool.ID)
	if err != nil || len(adrs) != n {
		t.Fatalf("%d ADRs stored, %v; want %d", len(adrs), err, n)
	}
	for i, adr := range adrs {
		if adr.Number != i+1 {
			t.Fatalf("ADR numbers %d at position %d: want 1 to %d in order", adr.Number, i, n)
		}
	}
}
