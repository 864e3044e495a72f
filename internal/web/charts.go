package web

import (
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/web/chart"
)

// adoptionChart draws the product's share of use over a sunset plan's
// samples; empty without samples.
func adoptionChart(samples []sunset.Sample) string {
	if len(samples) == 0 {
		return ""
	}
	c := chart.Chart{Title: "Adoption of the product feature", Percent: true, Max: 1,
		Desc: "The product's share of use at each adoption sample, from the first to the latest."}
	s := chart.Series{Name: "product share"}
	for _, x := range samples {
		c.Labels = append(c.Labels, x.At.UTC().Format("Jan 2"))
		s.Values = append(s.Values, x.ProductShare)
	}
	c.Series = []chart.Series{s}
	return chart.Lines("adoption", c)
}
