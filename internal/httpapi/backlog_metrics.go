package httpapi

import (
	"context"
	"encoding/json"
	"strings"

	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// MetricsBody is the team's metrics over a period.
type MetricsBody struct {
	backlog.Metrics
}

func ratio(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 4, 64)
}

// CSVRows lays the metrics out as metric, key, value.
func (b MetricsBody) CSVRows() [][]string {
	m := b.Metrics
	out := [][]string{{"metric", "key", "value"},
		{"period", "from", m.From.Format(time.RFC3339)}, {"period", "to", m.To.Format(time.RFC3339)},
		{"metric_label_coverage", "", ratio(m.MetricLabelCoverage)}, {"team_items", "", itoa(m.TeamItems)}}
	for _, k := range sortedKeys(m.ByMetric) {
		out = append(out, []string{"by_metric", k, itoa(m.ByMetric[k])})
	}
	for _, w := range m.Velocity {
		out = append(out, []string{"velocity", w.Start.Format(time.DateOnly), itoa(w.Weight)})
	}
	out = append(out, []string{"velocity_average", "", strconv.FormatFloat(m.VelocityAverage, 'f', 2, 64)},
		[]string{"merged_requests", "", itoa(m.MergedRequests)})
	for _, k := range sortedKeys(m.MergedByMetric) {
		out = append(out, []string{"merged_by_metric", k, itoa(m.MergedByMetric[k])})
	}
	out = append(out, []string{"peer_review_rate", "", ratio(m.PeerReviewRate)},
		[]string{"tool_merge_requests", "", itoa(m.ToolRequests)}, []string{"peer_reviewed", "", itoa(m.PeerReviewed)})
	for _, t := range m.CoCreateShares {
		out = append(out, []string{"cocreate_share", t.Tool, ratio(t.Share)})
	}
	return out
}

// ToolingReportBody is the List of Tools.
type ToolingReportBody struct {
	backlog.ToolingReport
}

// CSVRows lays the List of Tools out as a table.
func (b ToolingReportBody) CSVRows() [][]string { return b.ToolingReport.CSVRows() }

func (s *server) backlogMetricRoutes() {
	huma.Register(s.api, withCSV(op("backlog-metrics", http.MethodGet, "/api/v1/backlog/metrics", "Backlog metrics",
		"Over [from, to): metric_label_coverage, team items by metric label, velocity (weight closed per week), merged merge "+
			"requests by metric label, peer_review_rate on the team's tools, and each co-create tool's share of functionality "+
			"contributed.")), s.backlogMetrics)
	huma.Register(s.api, withMarkdown(withCSV(op("tooling-integration-report", http.MethodGet, "/api/v1/reports/tooling-integration",
		"The List of Tools", "Each co-create tool's integration epic (a child of the Tooling Integration epic), its functionality "+
			"epics with their metric label, its handover epic and its sunset roadmap. format=markdown (or Accept: text/markdown) "+
			"for Markdown."))), s.toolingReport)
}

func (s *server) backlogMetrics(ctx context.Context, in *struct {
	From string `query:"from" doc:"RFC 3339 or YYYY-MM-DD; default 90 days before to"`
	To   string `query:"to" doc:"RFC 3339 or YYYY-MM-DD; default now"`
}) (*struct{ Body MetricsBody }, error) {
	to, err := parseWhen("to", in.To, s.now())
	if err != nil {
		return nil, s.queryErr(err)
	}
	from, err := parseWhen("from", in.From, to.AddDate(0, 0, -90))
	if err != nil {
		return nil, s.queryErr(err)
	}
	m, err := s.Backlog.Metrics(ctx, actorOf(ctx), from, to)
	if err != nil {
		return nil, s.queryErr(err)
	}
	return &struct{ Body MetricsBody }{MetricsBody{m}}, nil
}

type toolingOut struct {
	ContentType string `header:"Content-Type"`
	Body        any
}

func (s *server) toolingReport(ctx context.Context, in *struct {
	Format string `query:"format" enum:"json,csv,markdown" doc:"Overrides the Accept header"`
	Accept string `header:"Accept"`
}) (*toolingOut, error) {
	r, err := s.Backlog.ToolingIntegration(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.queryErr(err)
	}
	body := ToolingReportBody{r}
	switch {
	case in.Format == "markdown" || in.Format == "" && strings.HasPrefix(in.Accept, mediaMarkdown):
		return &toolingOut{ContentType: "text/markdown; charset=utf-8", Body: []byte(r.Markdown())}, nil
	case in.Format == "csv":
		var buf csvBuffer
		if err := csvFormat.Marshal(&buf, body); err != nil {
			return nil, s.queryErr(core.Wrap(err, "lay the report out as CSV"))
		}
		return &toolingOut{ContentType: "text/csv; charset=utf-8", Body: buf.b}, nil
	case in.Format == "json":
		b, err := json.Marshal(body)
		if err != nil {
			return nil, s.queryErr(core.Wrap(err, "encode the report"))
		}
		return &toolingOut{ContentType: "application/json", Body: b}, nil
	}
	return &toolingOut{Body: body}, nil
}

// csvBuffer collects CSV output.
type csvBuffer struct{ b []byte }

func (c *csvBuffer) Write(p []byte) (int, error) {
	c.b = append(c.b, p...)
	return len(p), nil
}
