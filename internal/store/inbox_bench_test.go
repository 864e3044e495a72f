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

// BenchmarkRecordHookDeliveries commits webhook deliveries (client-go's
// issue.json, 4 KB) to the inbox in groups of 1 (a commit per delivery), 16
// and 64; ns/op is per delivery, each commit durable (synchronous=FULL).
func BenchmarkRecordHookDeliveries(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("..", "gitlab", "testdata", "webhooks", "client-go", "issue.json"))
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("group=%d", size), func(b *testing.B) {
			db, err := store.Open(context.Background(), store.Options{Path: filepath.Join(b.TempDir(), "inbox.db")})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			n := 0
			for b.Loop() {
				n++
				if n%size != 0 {
					continue
				}
				group := make([]*gitlab.Delivery, size)
				for i := range group {
					group[i] = &gitlab.Delivery{IdempotencyKey: fmt.Sprint("key-", n, "-", i), ReceivedAt: time.Now(),
						Event: "Issue Hook", Body: body, Status: gitlab.DeliveryQueued}
				}
				if err := db.RecordHookDeliveries(context.Background(), group); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
