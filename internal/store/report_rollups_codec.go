package store

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"time"
)

// rollEntry is one blocking issue as the SLO report reads it: the two
// integers the report query packs (tool, level and clock states in keys;
// both elapsed times in elapsed), exactly as SQL computes them.
type rollEntry struct{ keys, elapsed int64 }

func compareEntries(a, b rollEntry) int {
	if c := cmp.Compare(a.keys, b.keys); c != 0 {
		return c
	}
	return cmp.Compare(a.elapsed, b.elapsed)
}

// rollFormat is the first byte of every packed day; another layout would
// take another number.
const rollFormat = 1

// daySeconds is the length of a roll-up day: days are UTC days.
const daySeconds = 86400

// dayOf is the UTC day (days since 1970-01-01) that t falls in.
func dayOf(t time.Time) int64 {
	s := t.Unix()
	d := s / daySeconds
	if s%daySeconds < 0 {
		d--
	}
	return d
}

// dayStart is the first instant of day d.
func dayStart(d int64) time.Time { return time.Unix(d*daySeconds, 0).UTC() }

// firstWholeDay is the first day that starts at or after t.
func firstWholeDay(t time.Time) int64 {
	d := dayOf(t)
	if !dayStart(d).Equal(t) {
		d++
	}
	return d
}

// packHalf maps one elapsed half (seconds, or noValue for none) to a small
// number: none to 0, a non-negative value to itself plus one; negative
// values, which no clock produces, stay as they are. It is one-to-one.
func packHalf(h int64) int64 {
	switch {
	case h == shiftValue-1:
		return 0
	case h >= 0:
		return h + 1
	}
	return h
}

func unpackHalf(v int64) int64 {
	switch {
	case v == 0:
		return shiftValue - 1
	case v > 0:
		return v - 1
	}
	return v
}

// encodeDay packs a day's entries, which must be sorted by compareEntries:
// the format byte, then per entry the varint of its keys less the previous
// entry's keys and the varints of its two elapsed halves.
func encodeDay(entries []rollEntry) []byte {
	out := make([]byte, 1, 1+len(entries)*8)
	out[0] = rollFormat
	var prev int64
	for _, e := range entries {
		out = binary.AppendVarint(out, e.keys-prev)
		out = binary.AppendVarint(out, packHalf(e.elapsed/shiftValue))
		out = binary.AppendVarint(out, packHalf(e.elapsed%shiftValue))
		prev = e.keys
	}
	return out
}

// dayReader walks a packed day without allocating.
type dayReader struct {
	b    []byte
	prev int64
	err  error
}

func newDayReader(b []byte) dayReader {
	if len(b) == 0 || b[0] != rollFormat {
		return dayReader{err: fmt.Errorf("report roll-up: unknown format")}
	}
	return dayReader{b: b[1:]}
}

// next returns the next entry; ok is false at the end or on damage (err).
func (r *dayReader) next() (e rollEntry, ok bool) {
	if len(r.b) == 0 || r.err != nil {
		return e, false
	}
	var v [3]int64
	for i := range v {
		x, n := binary.Varint(r.b)
		if n <= 0 {
			r.err = fmt.Errorf("report roll-up: truncated")
			return e, false
		}
		v[i], r.b = x, r.b[n:]
	}
	r.prev += v[0]
	return rollEntry{keys: r.prev, elapsed: unpackHalf(v[1])*shiftValue + unpackHalf(v[2])}, true
}

// decodeDay unpacks a whole day, sorted.
func decodeDay(b []byte) ([]rollEntry, error) {
	r := newDayReader(b)
	var out []rollEntry
	for {
		e, ok := r.next()
		if !ok {
			return out, r.err
		}
		out = append(out, e)
	}
}

// insertEntry adds e to the sorted entries.
func insertEntry(entries []rollEntry, e rollEntry) []rollEntry {
	i, _ := slices.BinarySearchFunc(entries, e, compareEntries)
	return slices.Insert(entries, i, e)
}

// removeEntry takes one entry equal to e out of the sorted entries; ok is
// false when there is none.
func removeEntry(entries []rollEntry, e rollEntry) ([]rollEntry, bool) {
	i, found := slices.BinarySearchFunc(entries, e, compareEntries)
	if !found {
		return entries, false
	}
	return slices.Delete(entries, i, i+1), true
}
