package store_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// Two workers taking due deliveries at once never take the same one, and a
// taken delivery is not due again until its hold ends; on either store.
func TestDueDeliveriesAreTakenOnce(t *testing.T) {
	ctx := context.Background()
	path := storetest.Path(t)
	db := open(t, path)
	defer db.Close()
	raw, err := sql.Open(driver(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	at := now.Format("2006-01-02 15:04:05-07:00") // as the store writes times, on either store
	if _, err := raw.Exec(`INSERT INTO outbox (topic, subject_type, subject_id, recipients, title, created_at)
		VALUES ('tool.added', 'tool', 1, '[]', 'a tool', $1)`, at); err != nil {
		t.Fatal(err)
	}
	const n = 40
	for i := range n {
		if _, err := raw.Exec(`INSERT INTO deliveries (message_id, channel, address, next_attempt_at, started_at, created_at)
			VALUES (1, 'chat', $1, $2, $2, $2)`, "https://chat.example/"+string(rune('a'+i%26))+string(rune('a'+i/26)), at); err != nil {
			t.Fatal(err)
		}
	}
	var st notify.Store = db
	taken := make([][]notify.Due, 4)
	var wg sync.WaitGroup
	for w := range taken {
		wg.Go(func() {
			var err error
			taken[w], err = st.DueDeliveries(ctx, []string{"chat"}, now, now.Add(time.Minute), 15)
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	total := 0
	for _, ds := range taken {
		for _, d := range ds {
			if seen[d.ID] {
				t.Fatalf("delivery %d was taken twice", d.ID)
			}
			seen[d.ID] = true
			total++
		}
	}
	if total != n {
		t.Fatalf("the workers took %d deliveries, want all %d, each once", total, n)
	}
	if again, err := st.DueDeliveries(ctx, []string{"chat"}, now.Add(59*time.Second), now.Add(2*time.Minute), n); err != nil || len(again) != 0 {
		t.Fatalf("during the hold: %d due again, %v", len(again), err)
	}
	if again, err := st.DueDeliveries(ctx, []string{"chat"}, now.Add(time.Minute), now.Add(2*time.Minute), n); err != nil || len(again) != n {
		t.Fatalf("after the hold: %d due again, %v; want %d", len(again), err, n)
	}
}
