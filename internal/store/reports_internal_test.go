package store

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSelectNthMatchesSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for n := 1; n < 3000; n += 1 + n/7 {
		v := make([]int64, n)
		for i := range v {
			v[i] = r.Int64N(int64(n/3 + 1)) // many duplicates
		}
		sorted := slices.Sorted(slices.Values(v))
		p50, p90 := percentiles(slices.Clone(v))
		want50, want90 := sorted[(50*n+99)/100-1], sorted[(90*n+99)/100-1]
		if int64(p50.Seconds()) != want50 || int64(p90.Seconds()) != want90 {
			t.Fatalf("n=%d: percentiles %v %v, want %d %d", n, p50, p90, want50, want90)
		}
	}
}
