package store

import (
	"maps"
	"slices"
	"sync"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// sloBuffers are the arrays one report works in, kept for the next report
// (a year's are tens of megabytes): the entries, the durations laid out by
// run, and the runs' bounds.
type sloBuffers struct {
	entries                []rollEntry
	triage, recovery       []int64
	runT, runR, posT, posR []int32
	dense                  []int32
	scratch, several       []int64
	hist                   []int32
}

// spareBuffers keeps one set of buffers between reports. Not a sync.Pool:
// that empties at every collection, and a report allocates enough to cause
// one, so it would hardly ever hand a set back.
var spareBuffers struct {
	sync.Mutex
	b *sloBuffers
}

// takeBuffers returns the spare set, or a new one when it is in use.
func takeBuffers() *sloBuffers {
	spareBuffers.Lock()
	defer spareBuffers.Unlock()
	b := spareBuffers.b
	spareBuffers.b = nil
	if b == nil {
		b = new(sloBuffers)
	}
	b.entries = b.entries[:0]
	return b
}

// keepBuffers makes b the spare set.
func keepBuffers(b *sloBuffers) {
	spareBuffers.Lock()
	spareBuffers.b = b
	spareBuffers.Unlock()
}

// sized returns s with length n, reusing its array when it is big enough;
// zeroed says to clear what is reused.
func sized[T any](s []T, n int, zeroed bool) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	if zeroed {
		clear(s)
	}
	return s
}

// groupEntries computes the SLO report's rows from the entries in b: per
// tool (by id), per level (in the order of inventory.Criticalities, those
// with issues) and in total, as group.add and group.finish would one entry
// at a time. It counts first, then lays the durations out in one array per
// clock, ordered by level then tool, so that each level's durations and
// nearly every tool's are one contiguous run to take percentiles of.
func groupEntries(b *sloBuffers) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow) {
	entries := b.entries
	ids := newToolIndex(entries, b)
	n := len(ids.ids)
	rows := make([]maintenance.SLORow, n)
	var levels [4]maintenance.SLORow
	var total maintenance.SLORow
	// per run (level*n + tool): how many triage and recovery durations
	b.runT, b.runR = sized(b.runT, 4*n+1, true), sized(b.runR, 4*n+1, true)
	runT, runR := b.runT, b.runR
	for i := range entries {
		e := &entries[i]
		t, level := ids.of(e.keys>>6), int(e.keys>>4&3)
		sloState, rtoState := e.keys>>2&3, e.keys&3
		count(&rows[t], sloState, rtoState)
		count(&levels[level], sloState, rtoState)
		count(&total, sloState, rtoState)
		slo, rto := e.elapsed/shiftValue, e.elapsed%shiftValue
		if slo != shiftValue-1 {
			runT[level*n+t+1]++
		}
		if rto != shiftValue-1 {
			runR[level*n+t+1]++
		}
	}
	for i := 1; i < len(runT); i++ { // from counts to where each run starts
		runT[i] += runT[i-1]
		runR[i] += runR[i-1]
	}
	b.triage, b.recovery = sized(b.triage, int(runT[4*n]), false), sized(b.recovery, int(runR[4*n]), false)
	b.posT, b.posR = append(b.posT[:0], runT[:4*n]...), append(b.posR[:0], runR[:4*n]...)
	triage, recovery, posT, posR := b.triage, b.recovery, b.posT, b.posR
	for i := range entries {
		e := &entries[i]
		run := int(e.keys>>4&3)*n + ids.of(e.keys>>6)
		if slo := e.elapsed / shiftValue; slo != shiftValue-1 {
			triage[posT[run]] = slo
			posT[run]++
		}
		if rto := e.elapsed % shiftValue; rto != shiftValue-1 {
			recovery[posR[run]] = rto
			posR[run]++
		}
	}
	// tools first (each percentile reorders only within what it is given),
	// then levels, then everything
	for t := range rows {
		rows[t].ToolID = ids.ids[t]
		rows[t].TriageP50, rows[t].TriageP90 = toolPercentiles(triage, runT, n, t, b)
		rows[t].RecoverP50, rows[t].RecoverP90 = toolPercentiles(recovery, runR, n, t, b)
	}
	var byLevel []maintenance.SLORow
	for l := range levels {
		if levels[l].Issues == 0 {
			continue
		}
		levels[l].Level = inventory.Criticalities[l]
		levels[l].TriageP50, levels[l].TriageP90 = fastPercentiles(triage[runT[l*n]:runT[(l+1)*n]], b)
		levels[l].RecoverP50, levels[l].RecoverP90 = fastPercentiles(recovery[runR[l*n]:runR[(l+1)*n]], b)
		byLevel = append(byLevel, levels[l])
	}
	total.TriageP50, total.TriageP90 = fastPercentiles(triage, b)
	total.RecoverP50, total.RecoverP90 = fastPercentiles(recovery, b)
	return rows, byLevel, total
}

// count adds one entry's clock states to a row.
func count(r *maintenance.SLORow, sloState, rtoState int64) {
	r.Issues++
	if sloState == codeRunning || rtoState == codeRunning {
		r.Running++
	}
	switch sloState {
	case codeMet:
		r.SLOMet++
	case codeBreached:
		r.SLOMissed++
	}
	switch rtoState {
	case codeMet:
		r.RTOMet++
	case codeBreached:
		r.RTOMissed++
	}
}

// toolPercentiles takes the percentiles of tool t's durations: in place
// when they are one run (the tool's issues opened under one level), from a
// copy when they are several.
func toolPercentiles(v []int64, start []int32, n, t int, b *sloBuffers) (*time.Duration, *time.Duration) {
	runs := 0
	var one []int64
	for l := range 4 {
		if r := v[start[l*n+t]:start[l*n+t+1]]; len(r) > 0 {
			runs, one = runs+1, r
		}
	}
	if runs <= 1 {
		return fastPercentiles(one, b)
	}
	b.several = b.several[:0]
	for l := range 4 {
		b.several = append(b.several, v[start[l*n+t]:start[l*n+t+1]]...)
	}
	return fastPercentiles(b.several, b)
}

// toolIndex gives the tools of the entries places 0..n-1 in id order:
// through a table by id when the ids are small (they are row ids), through
// a map otherwise.
type toolIndex struct {
	ids   []int64 // by place
	dense []int32 // place by id
	other map[int64]int
}

func (x *toolIndex) of(id int64) int {
	if x.dense != nil {
		return int(x.dense[id])
	}
	return x.other[id]
}

func newToolIndex(entries []rollEntry, b *sloBuffers) toolIndex {
	var x toolIndex
	if len(entries) == 0 {
		return x
	}
	lo, hi := entries[0].keys>>6, entries[0].keys>>6
	for i := range entries {
		lo, hi = min(lo, entries[i].keys>>6), max(hi, entries[i].keys>>6)
	}
	if lo >= 0 && hi < int64(4*len(entries)+1<<16) {
		b.dense = sized(b.dense, int(hi)+1, true)
		x.dense = b.dense
		for i := range entries {
			x.dense[entries[i].keys>>6] = 1
		}
		for id, seen := range x.dense {
			if seen == 0 {
				x.dense[id] = -1
				continue
			}
			x.dense[id] = int32(len(x.ids))
			x.ids = append(x.ids, int64(id))
		}
		return x
	}
	x.other = map[int64]int{}
	for i := range entries {
		x.other[entries[i].keys>>6] = 0
	}
	x.ids = slices.Sorted(maps.Keys(x.other))
	for place, id := range x.ids {
		x.other[id] = place
	}
	return x
}
