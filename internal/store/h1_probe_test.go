package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/store"
)

func TestH1Probe(t *testing.T) {
	if os.Getenv("H1PROBE") == "" {
		t.Skip()
	}
	db, err := store.Open(context.Background(), store.Options{Path: filepath.Join(t.TempDir(), "x.db")})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := os.ReadFile("../gitlab/testdata/webhooks/client-go/issue.json")
	n := 0
	for _, size := range []int{1, 16, 64, 256} {
		start := time.Now()
		rounds := 50
		for r := 0; r < rounds; r++ {
			ds := make([]*gitlab.Delivery, size)
			for i := range ds {
				n++
				ds[i] = &gitlab.Delivery{IdempotencyKey: fmt.Sprint("k", n), ReceivedAt: time.Now(), Event: "Issue Hook", Body: body, Status: "queued"}
			}
			if err := db.RecordHookDeliveries(context.Background(), ds); err != nil {
				t.Fatal(err)
			}
		}
		el := time.Since(start)
		fmt.Printf("batch %d: %v per commit, %.0f deliveries/s\n", size, el/time.Duration(rounds), float64(size*rounds)/el.Seconds())
	}
}
