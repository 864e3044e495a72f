package store

import "time"

// fastPercentiles returns what percentiles returns, faster on long arrays
// (a level's or the period's durations): it buckets the values first, in
// one pass, so that the selections run only on the two buckets that hold
// the ranks. v may be reordered; b's scratch arrays are reused.
func fastPercentiles(v []int64, b *sloBuffers) (*time.Duration, *time.Duration) {
	if len(v) < 1<<14 {
		return percentiles(v)
	}
	hi := v[0]
	for _, x := range v {
		if x < 0 {
			return percentiles(v) // no clock makes these; keep the plain way for them
		}
		hi = max(hi, x)
	}
	shift := uint(0)
	for hi>>shift >= 1<<16 {
		shift++
	}
	b.hist = sized(b.hist, int(hi>>shift)+1, true)
	for _, x := range v {
		b.hist[x>>shift]++
	}
	pick := func(rank int) *time.Duration {
		bucket, below := 0, 0
		for below+int(b.hist[bucket]) <= rank {
			below += int(b.hist[bucket])
			bucket++
		}
		b.scratch = b.scratch[:0]
		for _, x := range v {
			if int(x>>shift) == bucket {
				b.scratch = append(b.scratch, x)
			}
		}
		return seconds(selectNth(b.scratch, rank-below))
	}
	return pick(nearestRank(50, len(v))), pick(nearestRank(90, len(v)))
}

// nearestRank is the index of the p-th percentile of n sorted values.
func nearestRank(p, n int) int { return (p*n+99)/100 - 1 }

func seconds(v int64) *time.Duration {
	d := time.Duration(v) * time.Second
	return &d
}
