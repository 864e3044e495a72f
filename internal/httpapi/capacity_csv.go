package httpapi

import "strconv"

// CSVRows lays the capacity report out as a table: one row per tool's
// weekly load, then the team's capacity, the total load and the utilisation.
func (b CapacityBody) CSVRows() [][]string {
	out := [][]string{{"scope", "tool_id", "name", "criticality", "health", "hours_per_week", "overridden"}}
	for _, t := range b.Tools {
		out = append(out, []string{"tool", strconv.FormatInt(t.ToolID, 10), t.Name, t.Criticality, t.Health,
			hoursText(t.HoursPerWeek), strconv.FormatBool(t.Overridden)})
	}
	for _, t := range b.Zombies { // shown apart (rule 9 of issue 14)
		out = append(out, []string{"zombie_tool", strconv.FormatInt(t.ToolID, 10), t.Name, t.Criticality, t.Health,
			hoursText(t.HoursPerWeek), strconv.FormatBool(t.Overridden)})
	}
	out = append(out, []string{"support_hours", "", "", "", "", hoursText(b.Real.SupportHours), ""})
	return append(out,
		[]string{"load", "", "", "", "", hoursText(b.LoadHours), ""},
		[]string{"capacity", "", "", "", "", hoursText(b.CapacityHours), ""},
		[]string{"utilisation", "", "", "", "", strconv.FormatFloat(b.Utilisation, 'f', 2, 64), strconv.FormatBool(b.OverCapacity)})
}

func hoursText(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }
