package store

import (
	"slices"
	"testing"
	"time"
)

func TestConvertGivesOneCanonicalFormFromEitherStore(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 123456000, time.UTC)
	tests := []struct {
		name          string
		kind          columnKind
		sqlite, pg    any
		wantCanonical string
	}{
		{"boolean stored as an integer", kindBool, int64(1), true, "true"},
		{"false", kindBool, int64(0), false, "false"},
		{"time as the driver parses it", kindTime, at.In(time.FixedZone("CET", 3600)), at.In(time.Local), "2026-11-23T09:00:00.123456Z"},
		{"time as text with nanoseconds", kindTime, "2026-11-23 10:00:00.123456789+01:00", at, "2026-11-23T09:00:00.123456Z"},
		{"time as RFC 3339", kindTime, "2026-11-23T09:00:00.123456Z", at, "2026-11-23T09:00:00.123456Z"},
		{"bytes", kindBytes, []byte{0, 0xff}, []byte{0, 0xff}, "00ff"},
		{"bytes stored as text", kindBytes, "ab", []byte("ab"), "6162"},
		{"text stored as bytes", kindText, []byte("é"), "é", "é"},
		{"integer", kindInt, int64(-42), int64(-42), "-42"},
		{"float", kindFloat, int64(3), float64(3), "3"},
		{"fraction", kindFloat, 0.1, 0.1, "0.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := convert(tc.kind, tc.sqlite)
			if err != nil {
				t.Fatal(err)
			}
			p, err := convert(tc.kind, tc.pg)
			if err != nil {
				t.Fatal(err)
			}
			cs, _ := canonical(s)
			cp, _ := canonical(p)
			if cs != tc.wantCanonical || cp != tc.wantCanonical {
				t.Errorf("canonical %q from SQLite, %q from PostgreSQL; want %q", cs, cp, tc.wantCanonical)
			}
		})
	}
	for _, bad := range []struct {
		kind columnKind
		v    any
	}{{kindTime, "soon"}, {kindInt, "many"}, {kindBool, "perhaps"}, {kindInt, 1.5}} {
		if _, err := convert(bad.kind, bad.v); err == nil {
			t.Errorf("convert(%d, %v) should fail", bad.kind, bad.v)
		}
	}
}

func TestChecksumTellsRowsApart(t *testing.T) {
	sum := func(rows ...[]any) string {
		c := newChecksum()
		for _, r := range rows {
			c.add(r)
		}
		return c.sum()
	}
	pairs := [][2][][]any{
		{{{nil}}, {{""}}},                        // NULL is not empty text
		{{{"ab", "c"}}, {{"a", "bc"}}},           // values do not run into each other
		{{{"a"}, {"b"}}, {{"b"}, {"a"}}},         // order counts
		{{{int64(1)}}, {{int64(1)}, {int64(1)}}}, // so does every row
		{{{"v1:x;"}}, {{"x", nil}}},              // text that looks like the encoding
	}
	for _, p := range pairs {
		if sum(p[0]...) == sum(p[1]...) {
			t.Errorf("%v and %v hash alike", p[0], p[1])
		}
	}
}

func TestTopoSortPutsParentsFirst(t *testing.T) {
	got, err := topoSort([]string{"tokens", "users", "deliveries", "outbox", "settings"},
		map[string][]string{"tokens": {"users"}, "deliveries": {"outbox"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"outbox", "settings", "users", "deliveries", "tokens"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if _, err := topoSort([]string{"a", "b", "c"}, map[string][]string{"a": {"b"}, "b": {"a"}}); err == nil {
		t.Error("a cycle should be refused")
	}
}
