package inventory

import (
	"slices"
	"strconv"
	"strings"
)

// ToolSort is the order of the inventory listing; the empty sort is by name.
// Every order ends with the name, so that keyset paging stays exact.
type ToolSort string

// The orders of the inventory listing: most critical, least healthy first,
// stages and categories in their declared order, owner teams alphabetically.
const (
	SortByName        ToolSort = ""
	SortByCriticality ToolSort = "criticality"
	SortByHealth      ToolSort = "health"
	SortByStage       ToolSort = "stage"
	SortByCategory    ToolSort = "category"
	SortByOwner       ToolSort = "owner"
)

// ToolSorts lists the orders besides the name.
var ToolSorts = []ToolSort{SortByCriticality, SortByHealth, SortByStage, SortByCategory, SortByOwner}

// Valid reports whether s is a known order.
func (s ToolSort) Valid() bool { return s == SortByName || slices.Contains(ToolSorts, s) }

// SortRanks are the values of an enum column in the order a sort puts
// them; nil for the orders that are not by an enum column.
func (s ToolSort) SortRanks() []string {
	var out []string
	add := func(n int, at func(int) string) []string {
		for i := range n {
			out = append(out, at(i))
		}
		return out
	}
	switch s {
	case SortByCriticality:
		return add(len(Criticalities), func(i int) string { return string(Criticalities[i]) })
	case SortByHealth:
		return add(len(Healths), func(i int) string { return string(Healths[i]) })
	case SortByStage:
		return add(len(Stages), func(i int) string { return string(Stages[i]) })
	case SortByCategory:
		return add(len(Categories), func(i int) string { return string(Categories[i]) })
	}
	return nil
}

// sortValue is the key of a tool in a sort other than by name: the rank of
// its enum value, or its lower-cased owner team.
func (s ToolSort) sortValue(t Tool) string {
	if ranks := s.SortRanks(); ranks != nil {
		v := map[ToolSort]string{SortByCriticality: string(t.Criticality), SortByHealth: string(t.Health),
			SortByStage: string(t.Stage), SortByCategory: string(t.Category)}[s]
		return strconv.Itoa(slices.Index(ranks, v))
	}
	return strings.ToLower(t.OwnerTeam)
}

// cursorKey is where the next page of a sorted listing starts: after the
// last tool's sort value and lower-cased name.
func (s ToolSort) cursorKey(t Tool) string {
	name := strings.ToLower(t.Name) // the store orders by the lower-cased name
	if s == SortByName {
		return name
	}
	return s.sortValue(t) + "\x00" + name
}

// splitCursorKey reads a cursor key back; ok is false when it does not
// belong to the sort.
func (s ToolSort) splitCursorKey(key string) (sortAfter, nameAfter string, ok bool) {
	if s == SortByName || key == "" {
		return "", key, !strings.Contains(key, "\x00")
	}
	sortAfter, nameAfter, ok = strings.Cut(key, "\x00")
	if ok && s.SortRanks() != nil {
		_, err := strconv.Atoi(sortAfter)
		ok = err == nil
	}
	return sortAfter, nameAfter, ok
}
