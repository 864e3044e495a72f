// Package chart draws small charts as SVG on the server: bars and lines
// with a title and a description for screen readers. It is pure: data in,
// markup out, every text escaped. Pages show each chart beside a table of
// the same numbers.
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Series is one named row of values, one per label.
type Series struct {
	Name   string
	Values []float64
}

// Chart is what both kinds of chart draw.
type Chart struct {
	Title  string // read as the SVG's <title>
	Desc   string // read as its <desc>: what the chart shows, in words
	Labels []string
	Series []Series
	// Max is the top of the value axis; the largest value when zero.
	Max float64
	// Percent shows the axis as percentages of 1.
	Percent bool
}

// Geometry of every chart.
const (
	width, height      = 640, 280
	left, right        = 48, 150
	top, bottom        = 30, 40
	plotW, plotH       = width - left - right, height - top - bottom
	gridLines          = 4
	fontSize           = 11
	maxSeries, maxBars = 8, 60
)

// palette has colours told apart in common colour-vision deficiencies.
var palette = []string{"#5b3fd1", "#e69f00", "#009e73", "#cc79a7", "#0072b2", "#d55e00", "#56b4e9", "#999999"}

func esc(s string) string { return html.EscapeString(s) }

func (c Chart) top() float64 {
	m := c.Max
	if m <= 0 {
		for _, s := range c.Series {
			for _, v := range s.Values {
				if v > m {
					m = v
				}
			}
		}
	}
	if m <= 0 || math.IsNaN(m) {
		m = 1
	}
	return m
}

// clean bounds the chart's size and its values, so that bad data draws an
// empty chart rather than broken markup. NaN stays: it means "no value"
// (a line skips it, a bar is empty); infinities and negatives become zero.
func (c Chart) clean() Chart {
	if len(c.Series) > maxSeries {
		c.Series = c.Series[:maxSeries]
	}
	if len(c.Labels) > maxBars {
		c.Labels = c.Labels[len(c.Labels)-maxBars:]
	}
	out := make([]Series, len(c.Series))
	for i, s := range c.Series {
		vals := make([]float64, len(c.Labels))
		for j := range vals {
			switch {
			case j >= len(s.Values):
				vals[j] = math.NaN()
			case math.IsNaN(s.Values[j]):
				vals[j] = math.NaN()
			case !math.IsInf(s.Values[j], 0) && s.Values[j] > 0:
				vals[j] = s.Values[j]
			}
		}
		out[i] = Series{Name: s.Name, Values: vals}
	}
	c.Series = out
	return c
}

func (c Chart) open(b *strings.Builder, id string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d">`,
		width, height, width, height, id, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(c.Title), id, esc(c.Desc))
	fmt.Fprintf(b, `<text x="%d" y="18" font-size="13" font-weight="600" fill="#1f1f24">%s</text>`, left, esc(c.Title))
}

// axes draws the value grid with its labels.
func (c Chart) axes(b *strings.Builder, max float64) {
	for i := 0; i <= gridLines; i++ {
		v := max * float64(i) / gridLines
		y := float64(top+plotH) - float64(plotH)*float64(i)/gridLines
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e3e3ea"/>`, left, y, left+plotW, y)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" font-size="%d" text-anchor="end" fill="#5f5f6b">%s</text>`, left-6, y+4, fontSize, c.tick(v))
	}
}

func (c Chart) tick(v float64) string {
	if c.Percent {
		return fmt.Sprintf("%.0f%%", v*100)
	}
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// legend names each series beside the plot.
func (c Chart) legend(b *strings.Builder) {
	for i, s := range c.Series {
		y := top + 10 + i*18
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/>`, left+plotW+14, y-9, palette[i%len(palette)])
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="%d" fill="#1f1f24">%s</text>`, left+plotW+30, y, fontSize, esc(s.Name))
	}
}

// xLabels names each slot under the plot, thinned to fit.
func (c Chart) xLabels(b *strings.Builder, slot float64, centre bool) {
	step := 1
	if n := len(c.Labels); n > 12 {
		step = (n + 11) / 12
	}
	for i, l := range c.Labels {
		if i%step != 0 {
			continue
		}
		x := float64(left) + slot*float64(i)
		if centre {
			x += slot / 2
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%d" font-size="%d" text-anchor="middle" fill="#5f5f6b">%s</text>`, x, top+plotH+16, fontSize, esc(l))
	}
}

// Bars draws grouped bars: one group per label, one bar per series.
func Bars(id string, c Chart) string {
	c = c.clean()
	var b strings.Builder
	c.open(&b, id)
	max := c.top()
	c.axes(&b, max)
	if n := len(c.Labels); n > 0 && len(c.Series) > 0 {
		slot := float64(plotW) / float64(n)
		bw := slot * 0.8 / float64(len(c.Series))
		for si, s := range c.Series {
			for i, v := range s.Values {
				if math.IsNaN(v) {
					v = 0
				}
				h := float64(plotH) * math.Min(v, max) / max
				x := float64(left) + slot*float64(i) + slot*0.1 + bw*float64(si)
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s, %s: %s</title></rect>`,
					x, float64(top+plotH)-h, bw, h, palette[si%len(palette)], esc(s.Name), esc(c.Labels[i]), c.tick(v))
			}
		}
		c.xLabels(&b, slot, true)
	}
	c.legend(&b)
	b.WriteString(`</svg>`)
	return b.String()
}

// polyline joins the points of one run of values; a single point needs no line.
func (c Chart) polyline(b *strings.Builder, pts []string, si int) {
	if len(pts) > 1 {
		fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), palette[si%len(palette)])
	}
}

// Lines draws one line per series across the labels; a NaN value is a gap.
func Lines(id string, c Chart) string {
	c = c.clean()
	var b strings.Builder
	c.open(&b, id)
	max := c.top()
	c.axes(&b, max)
	if n := len(c.Labels); n > 0 {
		slot := float64(plotW)
		if n > 1 {
			slot = float64(plotW) / float64(n-1)
		}
		for si, s := range c.Series {
			var pts []string
			for i, v := range s.Values {
				if math.IsNaN(v) { // no value: the line breaks here
					c.polyline(&b, pts, si)
					pts = nil
					continue
				}
				x := float64(left) + slot*float64(i)
				y := float64(top+plotH) - float64(plotH)*math.Min(v, max)/max
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s, %s: %s</title></circle>`,
					x, y, palette[si%len(palette)], esc(s.Name), esc(c.Labels[i]), c.tick(v))
			}
			c.polyline(&b, pts, si)
		}
		c.xLabels(&b, slot, false)
	}
	c.legend(&b)
	b.WriteString(`</svg>`)
	return b.String()
}
