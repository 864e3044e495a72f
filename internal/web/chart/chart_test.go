package chart

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
)

// wellFormed fails unless s parses as XML to the end.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed SVG: %v\n%s", err, s)
		}
	}
}

func TestCharts(t *testing.T) {
	base := Chart{Title: "Open issues <by> state", Desc: "open & triaged", Labels: []string{"open", "triaged"},
		Series: []Series{{Name: "issues", Values: []float64{3, 1}}}}
	tests := []struct {
		name  string
		draw  func(string, Chart) string
		chart Chart
		want  []string
		count map[string]int
	}{
		{"bars escape text and draw one rect per value", Bars, base,
			[]string{"<title id=\"c-t\">Open issues &lt;by&gt; state</title>", "<desc id=\"c-d\">open &amp; triaged</desc>", `role="img"`},
			map[string]int{"<rect x=": 3}}, // two bars and one legend swatch
		{"bar heights follow the values", Bars, base, []string{`height="210.0"`, `height="70.0"`}, nil},
		{"lines draw a point per value", Lines, Chart{Title: "SLO", Labels: []string{"Jan", "Feb", "Mar"}, Percent: true, Max: 1,
			Series: []Series{{Name: "critical", Values: []float64{1, 0.5, 0.75}}, {Name: "high", Values: []float64{0, 1}}}},
			[]string{"100%", "<polyline"}, map[string]int{"<circle": 5, "<polyline": 2}}, // a missing value is a gap
		{"bad values draw as zero", Bars, Chart{Title: "x", Labels: []string{"a", "b", "c"},
			Series: []Series{{Name: "s", Values: []float64{math.NaN(), math.Inf(1), -3}}}}, []string{`height="0.0"`}, map[string]int{"NaN": 0, "Inf": 0}},
		{"a line breaks where there is no value", Lines, Chart{Title: "x", Labels: []string{"a", "b", "c", "d", "e"}, Max: 1,
			Series: []Series{{Name: "s", Values: []float64{0.5, 1, math.NaN(), 1, 0.25}}}},
			nil, map[string]int{"<circle": 4, "<polyline": 2, "NaN": 0}},
		{"no data is still a chart", Lines, Chart{Title: "empty"}, []string{"<title id=\"c-t\">empty</title>"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.draw("c", tc.chart)
			wellFormed(t, got)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			for w, n := range tc.count {
				if c := strings.Count(got, w); c != n {
					t.Errorf("%q appears %d times, want %d", w, c, n)
				}
			}
		})
	}
}
