package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/store/storetest"
)

// The data version stays while nothing is written and changes with every
// commit, whichever connection (or process) makes it; on either store.
func TestDataVersionChangesWithEveryCommit(t *testing.T) {
	ctx := context.Background()
	path := storetest.Path(t)
	db := open(t, path)
	defer db.Close()
	version := func() int64 {
		t.Helper()
		v, err := db.VersionSource()(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := version()
	if _, err := db.Access().Users(ctx); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v0 {
		t.Fatalf("a read changed the data version: %d, then %d", v0, v)
	}
	svc := access.NewService(db.Access(), core.SystemClock{})
	if _, _, err := svc.Bootstrap(ctx, "a-token-long-enough-0123"); err != nil {
		t.Fatal(err)
	}
	v1 := version()
	if v1 == v0 {
		t.Fatalf("a commit left the data version at %d", v1)
	}
	other := open(t, path) // another pool, as another process would be
	defer other.Close()
	if _, _, err := access.NewService(other.Access(), core.SystemClock{}).RecoverAdmin(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if v := version(); v == v1 {
		t.Fatalf("a commit by another connection pool left the data version at %d", v)
	}
}

// While many requests read the data version at once (their reads grouped),
// a read that begins after a commit never answers the number from before it.
func TestGroupedDataVersionReadsSeeEveryCommit(t *testing.T) {
	ctx := context.Background()
	db := open(t, storetest.Path(t))
	defer db.Close()
	svc := access.NewService(db.Access(), core.SystemClock{})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 { // keep reads under way all the time
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := db.DataVersion(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	defer func() { close(stop); wg.Wait() }()
	for i := range 20 {
		before, err := db.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.RecoverAdmin(ctx, fmt.Sprintf("admin%d", i)); err != nil {
			t.Fatal(err)
		}
		results := make([]int64, 8)
		var check sync.WaitGroup
		for j := range results {
			check.Go(func() { results[j], _ = db.DataVersion(ctx) })
		}
		check.Wait()
		for _, v := range results {
			if v == before {
				t.Fatalf("commit %d: a read begun after it answered %d, the version from before", i, v)
			}
		}
	}
}
