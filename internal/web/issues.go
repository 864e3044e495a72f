package web

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/web/chart"
)

// issuesData is a page of support issues and the chart of open issues by state.
type issuesData struct {
	Issues   []maintenance.Issue
	Next     string
	States   []maintenance.IssueState
	Clocks   []maintenance.ClockState
	ByState  []stateCount
	ChartSVG string
	// ToolNames names the tools of the issues shown.
	ToolNames map[int64]string
}

type stateCount struct {
	State maintenance.IssueState
	Count int
}

// issuesPage lists support issues across tools, filtered by state and
// clock, with open issues by state as a chart and a table.
func (ui *UI) issuesPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ctx, actor := r.Context(), actorOf(r)
	f := maintenance.IssueFilter{State: maintenance.IssueState(q.Get("state")), Clock: maintenance.ClockState(q.Get("clock"))}
	v := view{Title: "Issues", Nav: "issues", Form: q}
	d := issuesData{States: []maintenance.IssueState{maintenance.Open, maintenance.Triaged, maintenance.Recovered, maintenance.Closed},
		Clocks: []maintenance.ClockState{maintenance.Running, maintenance.AtRisk, maintenance.Breached, maintenance.Met}}
	list, next, err := ui.svc.Maintenance.ListIssues(ctx, actor, f, page(r))
	if err != nil {
		v.Data = d
		ui.render(w, r, ui.problem(err, &v), "issues", v)
		return
	}
	d.Issues, d.Next = list, nextLink(r, next)
	ids := make([]int64, len(list))
	for i, is := range list {
		ids[i] = is.ToolID
	}
	// one read names the page's tools, one query counts every state
	if d.ToolNames, err = ui.svc.Inventory.ToolNames(ctx, actor, ids); err != nil {
		ui.fail(w, r, err)
		return
	}
	counts, err := ui.svc.Maintenance.IssueCounts(ctx, actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	c := chart.Chart{Title: "Issues not closed, by state", Desc: "How many support issues are open, triaged or recovered."}
	s := chart.Series{Name: "issues"}
	for _, st := range d.States[:3] {
		n := counts[st]
		d.ByState = append(d.ByState, stateCount{st, n})
		c.Labels = append(c.Labels, string(st))
		s.Values = append(s.Values, float64(n))
	}
	c.Series = []chart.Series{s}
	d.ChartSVG = chart.Bars("issues-by-state", c)
	v.Data = d
	ui.render(w, r, http.StatusOK, "issues", v)
}
