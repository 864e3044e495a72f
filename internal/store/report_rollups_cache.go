package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"sync"
	"time"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// The SLO report's cache of whole days (ADR 0020). A report reads the
// versions of its whole days and the part-days at either end live, in one
// statement; when the versions are those of the whole-day part it grouped
// last, it adds the part-days to that, and reads no roll-up. Versions are
// roll-up generations (report_rollups.go), taken in the transaction that
// changes the day and never reused, so a version read from the database
// says whether another process, or another replica, has changed the day.

// sloCache holds one database's last whole-day part; nil inside a
// transaction, which may see changes that are never committed.
type sloCache struct {
	mu   sync.Mutex
	part *sloPart
	hits int // reports answered from part, for the tests
}

// get returns the cached part if it is the one of [first, last) at the
// versions days.
func (c *sloCache) get(first, last int64, days []dayVersion) *sloPart {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.part.current(first, last, days) {
		return nil
	}
	c.hits++
	return c.part
}

func (c *sloCache) put(p *sloPart) {
	c.mu.Lock()
	c.part = p
	c.mu.Unlock()
}

// dayVersion is a whole day's row as the cache sees it.
type dayVersion struct{ day, version, entries int64 }

// sloPart is the SLO report's grouping of the whole days [first, last) at
// the versions days: counts by tool, level and in total, and each group's
// durations sorted. It does not change once made, so reports share it.
type sloPart struct {
	first, last int64
	days        []dayVersion
	ids         []int64              // tools, by id
	rows        []maintenance.SLORow // counts by tool, as ids
	levels      [4]maintenance.SLORow
	total       maintenance.SLORow
	// durations by tool (tool i's at [off[i], off[i+1])) and by level
	// (level l's at [levelOff[l], levelOff[l+1])), each sorted
	toolT, toolR         []int64
	offT, offR           []int
	levelT, levelR       []int64
	levelOffT, levelOffR [5]int
}

func (p *sloPart) current(first, last int64, days []dayVersion) bool {
	return p != nil && p.first == first && p.last == last && slices.Equal(p.days, days)
}

// newSLOPart groups the whole days' entries.
func newSLOPart(first, last int64, days []dayVersion, entries []rollEntry) *sloPart {
	p := &sloPart{first: first, last: last, days: days}
	var b sloBuffers
	ids := newToolIndex(entries, &b)
	n := len(ids.ids)
	p.ids, p.rows = ids.ids, make([]maintenance.SLORow, n)
	p.offT, p.offR = make([]int, n+1), make([]int, n+1)
	// the durations with their tool and level, to sort once and lay out
	// by tool and by level in that order
	itemsT, itemsR := make([]sortItem, 0, len(entries)), make([]sortItem, 0, len(entries))
	for i := range entries {
		e := &entries[i]
		t, level := ids.of(e.keys>>6), int(e.keys>>4&3)
		sloState, rtoState := e.keys>>2&3, e.keys&3
		count(&p.rows[t], sloState, rtoState)
		count(&p.levels[level], sloState, rtoState)
		count(&p.total, sloState, rtoState)
		if slo := e.elapsed / shiftValue; slo != shiftValue-1 {
			p.offT[t+1]++
			p.levelOffT[level+1]++
			itemsT = append(itemsT, sortItem{v: slo, tool: int32(t), level: int8(level)})
		}
		if rto := e.elapsed % shiftValue; rto != shiftValue-1 {
			p.offR[t+1]++
			p.levelOffR[level+1]++
			itemsR = append(itemsR, sortItem{v: rto, tool: int32(t), level: int8(level)})
		}
	}
	for t := range n {
		p.rows[t].ToolID = p.ids[t]
		p.offT[t+1] += p.offT[t]
		p.offR[t+1] += p.offR[t]
	}
	for l := range 4 {
		p.levelOffT[l+1] += p.levelOffT[l]
		p.levelOffR[l+1] += p.levelOffR[l]
	}
	tmp := make([]sortItem, max(len(itemsT), len(itemsR)))
	p.toolT, p.levelT = layOut(sortItems(itemsT, tmp), p.offT, p.levelOffT)
	p.toolR, p.levelR = layOut(sortItems(itemsR, tmp), p.offR, p.levelOffR)
	return p
}

// sortItem is one duration with its tool (place) and level.
type sortItem struct {
	v     int64
	tool  int32
	level int8
}

// sortItems sorts items by value: by radix (a byte a pass) when the values
// are the non-negative seconds clocks make, by comparison otherwise. tmp
// is as long as items; the result is one of the two.
func sortItems(items, tmp []sortItem) []sortItem {
	if len(items) == 0 {
		return items
	}
	lo, hi := items[0].v, items[0].v
	for i := range items {
		lo, hi = min(lo, items[i].v), max(hi, items[i].v)
	}
	if lo < 0 {
		slices.SortFunc(items, func(a, b sortItem) int { return cmp.Compare(a.v, b.v) })
		return items
	}
	tmp = tmp[:len(items)]
	for shift := uint(0); shift < 64 && hi>>shift > 0; shift += 8 {
		var at [256]int
		for i := range items {
			at[items[i].v>>shift&255]++
		}
		sum := 0
		for d, c := range at {
			at[d], sum = sum, sum+c
		}
		for i := range items {
			d := items[i].v >> shift & 255
			tmp[at[d]] = items[i]
			at[d]++
		}
		items, tmp = tmp, items
	}
	return items
}

// layOut lays sorted items out by tool and by level: each tool's and each
// level's values come out sorted.
func layOut(items []sortItem, toolOff []int, levelOff [5]int) ([]int64, []int64) {
	byTool, byLevel := make([]int64, len(items)), make([]int64, len(items))
	tool := slices.Clone(toolOff)
	level := levelOff
	for i := range items {
		it := &items[i]
		byTool[tool[it.tool]] = it.v
		tool[it.tool]++
		byLevel[level[it.level]] = it.v
		level[it.level]++
	}
	return byTool, byLevel
}

// report is the report of the whole days with the part-days' entries
// live added: what groupEntries gives for all of them together.
func (p *sloPart) report(live []rollEntry) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow) {
	slices.SortFunc(live, compareEntries) // by tool
	var liveT, liveR [4][]int64           // the part-days' durations by level
	levels, total := p.levels, p.total
	for _, e := range live {
		level, sloState, rtoState := e.keys>>4&3, e.keys>>2&3, e.keys&3
		count(&levels[level], sloState, rtoState)
		count(&total, sloState, rtoState)
		if slo := e.elapsed / shiftValue; slo != shiftValue-1 {
			liveT[level] = append(liveT[level], slo)
		}
		if rto := e.elapsed % shiftValue; rto != shiftValue-1 {
			liveR[level] = append(liveR[level], rto)
		}
	}
	rows := make([]maintenance.SLORow, 0, len(p.ids)+len(live))
	var scratch []int64
	i, j := 0, 0
	for i < len(p.ids) || j < len(live) {
		var id int64
		switch {
		case j == len(live) || i < len(p.ids) && p.ids[i] < live[j].keys>>6:
			id = p.ids[i]
		default:
			id = live[j].keys >> 6
		}
		row := maintenance.SLORow{ToolID: id}
		var cachedT, cachedR []int64
		if i < len(p.ids) && p.ids[i] == id {
			row = p.rows[i]
			cachedT, cachedR = p.toolT[p.offT[i]:p.offT[i+1]], p.toolR[p.offR[i]:p.offR[i+1]]
			i++
		}
		k := j
		for j < len(live) && live[j].keys>>6 == id {
			count(&row, live[j].keys>>2&3, live[j].keys&3)
			j++
		}
		if k == j {
			row.TriageP50, row.TriageP90 = sortedPercentiles(cachedT)
			row.RecoverP50, row.RecoverP90 = sortedPercentiles(cachedR)
		} else {
			scratch = append(scratch[:0], cachedT...)
			for _, e := range live[k:j] {
				if slo := e.elapsed / shiftValue; slo != shiftValue-1 {
					scratch = append(scratch, slo)
				}
			}
			row.TriageP50, row.TriageP90 = percentiles(scratch)
			scratch = append(scratch[:0], cachedR...)
			for _, e := range live[k:j] {
				if rto := e.elapsed % shiftValue; rto != shiftValue-1 {
					scratch = append(scratch, rto)
				}
			}
			row.RecoverP50, row.RecoverP90 = percentiles(scratch)
		}
		rows = append(rows, row)
	}
	var byLevel []maintenance.SLORow
	allT, allR := make([][]int64, 0, 8), make([][]int64, 0, 8)
	for l := range levels {
		slices.Sort(liveT[l])
		slices.Sort(liveR[l])
		t := [][]int64{p.levelT[p.levelOffT[l]:p.levelOffT[l+1]], liveT[l]}
		r := [][]int64{p.levelR[p.levelOffR[l]:p.levelOffR[l+1]], liveR[l]}
		allT, allR = append(allT, t...), append(allR, r...)
		if levels[l].Issues == 0 {
			continue
		}
		levels[l].Level = inventory.Criticalities[l]
		levels[l].TriageP50, levels[l].TriageP90 = mergedPercentiles(t)
		levels[l].RecoverP50, levels[l].RecoverP90 = mergedPercentiles(r)
		byLevel = append(byLevel, levels[l])
	}
	total.TriageP50, total.TriageP90 = mergedPercentiles(allT)
	total.RecoverP50, total.RecoverP90 = mergedPercentiles(allR)
	return rows, byLevel, total
}

// sortedPercentiles is percentiles of sorted values.
func sortedPercentiles(v []int64) (*time.Duration, *time.Duration) {
	if len(v) == 0 {
		return nil, nil
	}
	return seconds(v[nearestRank(50, len(v))]), seconds(v[nearestRank(90, len(v))])
}

// mergedPercentiles is percentiles of the values of several sorted arrays
// together, without merging them.
func mergedPercentiles(sorted [][]int64) (*time.Duration, *time.Duration) {
	n := 0
	for _, a := range sorted {
		n += len(a)
	}
	if n == 0 {
		return nil, nil
	}
	return seconds(kthOfSorted(sorted, nearestRank(50, n))), seconds(kthOfSorted(sorted, nearestRank(90, n)))
}

// kthOfSorted is the value a sort of all the arrays' values together would
// put at index k: the least value v with more than k values at or below
// it, found by bisecting the values' range.
func kthOfSorted(sorted [][]int64, k int) int64 {
	first := true
	var lo, hi int64
	for _, a := range sorted {
		if len(a) == 0 {
			continue
		}
		if first {
			lo, hi, first = a[0], a[len(a)-1], false
		}
		lo, hi = min(lo, a[0]), max(hi, a[len(a)-1])
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		atOrBelow := 0
		for _, a := range sorted {
			i, _ := slices.BinarySearch(a, mid+1)
			atOrBelow += i
		}
		if atOrBelow > k {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// sloStatsCached is SLOStats through the database's cache of whole days:
// it reads the whole days' versions and the part-days in one statement,
// and the whole days again, with their roll-ups, only when they changed
// since the cached part was grouped.
func (q queries) sloStatsCached(ctx context.Context, from, to time.Time, first, last int64) ([]maintenance.SLORow, []maintenance.SLORow, maintenance.SLORow, error) {
	days, _, live, err := q.readReportPeriod(ctx, from, to, first, last, false, nil)
	if err != nil {
		return nil, nil, maintenance.SLORow{}, err
	}
	part := q.slo.get(first, last, days)
	if part == nil {
		b := takeBuffers() // the whole days' entries, read into the spare buffers
		n := 0
		for _, d := range days {
			n += int(d.entries)
		}
		b.entries = slices.Grow(b.entries[:0], n+n/8) // days may have grown meanwhile
		var whole []rollEntry
		days, whole, live, err = q.readReportPeriod(ctx, from, to, first, last, true, b.entries)
		if err == nil {
			part = newSLOPart(first, last, days, whole)
			q.slo.put(part)
			b.entries = whole[:0]
		}
		keepBuffers(b)
		if err != nil {
			return nil, nil, maintenance.SLORow{}, err
		}
	}
	tools, levels, total := part.report(live)
	if err := q.toolNames(ctx, tools); err != nil {
		return nil, nil, maintenance.SLORow{}, err
	}
	return tools, levels, total, nil
}

// readReportPeriod reads, in one statement, the versions of the whole days
// [first, last) (sorted by day), with packed their entries (appended to
// whole[:0]), and the entries of the part-days [from, first) and [last, to)
// from the issues.
func (q queries) readReportPeriod(ctx context.Context, from, to time.Time, first, last int64, packed bool, whole []rollEntry) ([]dayVersion, []rollEntry, []rollEntry, error) {
	column := `NULL`
	if packed {
		column = `packed`
	}
	live := `SELECT 1, NULL, ` + reportKeys + `, ` + reportElapsed + `, 0 FROM support_issues`
	rows, err := q.q.QueryContext(ctx, `SELECT 0, `+column+`, day, version, entries FROM slo_rollup_days WHERE day >= $1 AND day < $2
		UNION ALL `+live+` WHERE opened_at >= $3 AND opened_at < $4 AND blocks = TRUE
		UNION ALL `+live+` WHERE opened_at >= $5 AND opened_at < $6 AND blocks = TRUE`,
		first, last, from, ts(dayStart(first)), ts(dayStart(last)), to)
	if err != nil {
		return nil, nil, nil, translate(err, "report SLOs")
	}
	var days []dayVersion
	var part []rollEntry
	whole = whole[:0]
	var kind int
	var raw sql.RawBytes
	var a, b, c int64
	for rows.Next() {
		if err = rows.Scan(&kind, &raw, &a, &b, &c); err != nil {
			break
		}
		if kind == 1 {
			part = append(part, rollEntry{keys: a, elapsed: b})
			continue
		}
		days = append(days, dayVersion{day: a, version: b, entries: c})
		if !packed {
			continue
		}
		r := newDayReader(raw)
		for e, ok := r.next(); ok; e, ok = r.next() {
			whole = append(whole, e)
		}
		if err = r.err; err != nil {
			break
		}
	}
	rows.Close()
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return nil, nil, nil, translate(err, "report SLOs")
	}
	slices.SortFunc(days, func(x, y dayVersion) int { return cmp.Compare(x.day, y.day) })
	return days, whole, part, nil
}
