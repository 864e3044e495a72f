package store

import (
	"bytes"
	"context"
	"testing"
	"time"
)

func TestWebSessions(t *testing.T) {
	ctx := context.Background()
	db := openForTest(t)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	s := db.Sessions()
	s.now = func() time.Time { return now }

	if _, found, err := s.Find("nope"); found || err != nil {
		t.Fatalf("unknown token: found %t, %v", found, err)
	}
	if err := s.Commit("a", []byte("one"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit("a", []byte("two"), now.Add(time.Hour)); err != nil { // replaces
		t.Fatal(err)
	}
	if b, found, err := s.Find("a"); !found || err != nil || !bytes.Equal(b, []byte("two")) {
		t.Fatalf("find a: %q %t %v", b, found, err)
	}
	if err := s.Commit("old", []byte("x"), now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Minute)
	if _, found, _ := s.Find("old"); found {
		t.Fatal("an expired session was found")
	}
	rows := func() int {
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM web_sessions`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := s.Commit("b", []byte("y"), now.Add(time.Hour)); err != nil { // the last sweep was 2 minutes ago: none now
		t.Fatal(err)
	}
	if n := rows(); n != 3 {
		t.Fatalf("rows before the next sweep: %d", n)
	}
	now = now.Add(pruneEvery)
	if err := s.Commit("b", []byte("z"), now.Add(time.Hour)); err != nil { // sweeps the expired one
		t.Fatal(err)
	}
	if n := rows(); n != 2 {
		t.Fatalf("rows after the sweep: %d", n)
	}
	if err := s.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("a"); err != nil { // unknown: no error
		t.Fatal(err)
	}
	if _, found, _ := s.Find("a"); found {
		t.Fatal("a deleted session was found")
	}
}
