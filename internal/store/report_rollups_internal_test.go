package store

import (
	"cmp"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// groupOneByOne is the report's grouping entry by entry, as sloStatsLive
// does it.
func groupOneByOne(entries []rollEntry) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow) {
	byTool := map[int64]*group{}
	var byLevel [4]*group
	var total group
	for _, e := range entries {
		toolID, level := e.keys>>6, e.keys>>4&3
		slo, rto := unpack(e.elapsed/shiftValue), unpack(e.elapsed%shiftValue)
		if byTool[toolID] == nil {
			byTool[toolID] = &group{row: maintenance.SLORow{ToolID: toolID}}
		}
		if byLevel[level] == nil {
			byLevel[level] = &group{row: maintenance.SLORow{Level: inventory.Criticalities[level]}}
		}
		for _, g := range []*group{byTool[toolID], byLevel[level], &total} {
			g.add(e.keys>>2&3, e.keys&3, slo, rto)
		}
	}
	tools := []maintenance.SLORow{}
	for _, id := range slices.Sorted(maps.Keys(byTool)) {
		tools = append(tools, byTool[id].finish())
	}
	var levels []maintenance.SLORow
	for _, g := range byLevel {
		if g != nil {
			levels = append(levels, g.finish())
		}
	}
	return tools, levels, total.finish()
}

func TestGroupEntriesGroupsAsOneByOne(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, c := range []struct {
		name   string
		n      int
		tools  int64
		base   int64 // ids from here: large ones take the map
		levels int64 // how many levels one tool's issues span
	}{
		{"empty", 0, 1, 1, 1},
		{"one", 1, 1, 1, 1},
		{"dense ids, one level per tool", 5000, 300, 1, 1},
		{"dense ids, levels changed", 5000, 300, 1, 4},
		{"sparse ids", 3000, 50, 1 << 40, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			entries := make([]rollEntry, c.n)
			for i := range entries {
				tool := c.base + r.Int64N(c.tools)*7
				level := (tool + r.Int64N(c.levels)) & 3
				keys := tool*64 + level*16 + r.Int64N(4)*4 + r.Int64N(4)
				half := func() int64 {
					if r.IntN(4) == 0 {
						return shiftValue - 1 // none
					}
					return r.Int64N(400000)
				}
				entries[i] = rollEntry{keys: keys, elapsed: half()*shiftValue + half()}
			}
			wantTools, wantLevels, wantTotal := groupOneByOne(entries)
			gotTools, gotLevels, gotTotal := groupEntries(&sloBuffers{entries: slices.Clone(entries)})
			if !reflect.DeepEqual(gotTools, wantTools) || !reflect.DeepEqual(gotLevels, wantLevels) || !reflect.DeepEqual(gotTotal, wantTotal) {
				t.Errorf("grouped in passes: %+v\none by one: %+v", gotTotal, wantTotal)
			}
			// the cache of whole days with the part-days added (none, a
			// few, most of them)
			for _, split := range []int{c.n, c.n - c.n/20, c.n / 3, 0} {
				part := newSLOPart(0, 1, nil, slices.Clone(entries[:split]))
				gotTools, gotLevels, gotTotal := part.report(slices.Clone(entries[split:]))
				if !reflect.DeepEqual(gotTools, wantTools) || !reflect.DeepEqual(gotLevels, wantLevels) || !reflect.DeepEqual(gotTotal, wantTotal) {
					t.Errorf("cached %d, live %d: %+v\none by one: %+v", split, c.n-split, gotTotal, wantTotal)
				}
			}
		})
	}
}

func TestPackedDaysRoundTrip(t *testing.T) {
	entries := []rollEntry{
		{keys: 64, elapsed: (shiftValue-1)*shiftValue + shiftValue - 1}, // no durations
		{keys: 64, elapsed: 0},
		{keys: 65, elapsed: 3600*shiftValue + shiftValue - 1},
		{keys: 1 << 40, elapsed: -5}, // a negative duration, which no clock makes, still round-trips
		{keys: 1<<40 + 3, elapsed: 400000*shiftValue + 1},
	}
	got, err := decodeDay(encodeDay(entries))
	if err != nil || !slices.Equal(got, entries) {
		t.Fatalf("decode(encode) = %v, %v; want %v", got, err, entries)
	}
	if _, err := decodeDay(encodeDay(entries)[:7]); err == nil {
		t.Error("a truncated day decodes without an error")
	}
	if _, err := decodeDay([]byte{9}); err == nil {
		t.Error("an unknown format decodes without an error")
	}
}

func TestFastPercentilesAreNearestRank(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	var b sloBuffers
	for _, n := range []int{0, 1, 2, 1<<14 - 1, 1 << 14, 50000, 200001} {
		for _, spread := range []int64{1, 7, 3600, 1 << 31} { // from all equal to spread over the whole range
			v := make([]int64, n)
			for i := range v {
				v[i] = r.Int64N(spread)
				if i%3 == 0 {
					v[i] = spread / 2 // a cluster
				}
			}
			want50, want90 := percentiles(slices.Clone(v))
			got50, got90 := fastPercentiles(v, &b)
			if !reflect.DeepEqual(got50, want50) || !reflect.DeepEqual(got90, want90) {
				t.Errorf("n=%d spread=%d: %v %v, want %v %v", n, spread, got50, got90, want50, want90)
			}
		}
	}
}

func TestKthOfSortedIsTheSortedIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 500 {
		var arrays [][]int64
		var all []int64
		for range rng.IntN(6) + 1 {
			a := make([]int64, rng.IntN(40))
			for i := range a {
				a[i] = rng.Int64N(int64(trial%7+1)*50) - 10
			}
			slices.Sort(a)
			arrays = append(arrays, a)
			all = append(all, a...)
		}
		slices.Sort(all)
		for k := range all {
			if got := kthOfSorted(arrays, k); got != all[k] {
				t.Fatalf("trial %d, k %d: %d, want %d", trial, k, got, all[k])
			}
		}
	}
}

func TestSortItemsSortsByValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, spread := range []int64{1, 300, 1 << 20, 1<<31 - 1, -1} { // -1: some negative values, sorted by comparison
		items := make([]sortItem, 5000)
		for i := range items {
			if spread < 0 {
				items[i].v = rng.Int64N(1000) - 500
			} else {
				items[i].v = rng.Int64N(spread)
			}
			items[i].tool = int32(i)
		}
		want := slices.Clone(items)
		slices.SortStableFunc(want, func(a, b sortItem) int { return cmp.Compare(a.v, b.v) })
		got := sortItems(items, make([]sortItem, len(items)))
		if !slices.EqualFunc(got, want, func(a, b sortItem) bool { return a.v == b.v }) {
			t.Fatalf("spread %d: not sorted", spread)
		}
	}
}
