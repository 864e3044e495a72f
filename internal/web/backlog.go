package web

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/web/chart"
)

// backlogData is the team's board, what breaks its conventions, and its
// velocity over the last quarter.
type backlogData struct {
	Board       backlog.Board
	Findings    []backlog.Finding
	Metrics     backlog.Metrics
	VelocitySVG string
}

// backlogPage shows the build board, the findings of the backlog rules and
// the velocity chart (weight closed per week, with a table).
func (ui *UI) backlogPage(w http.ResponseWriter, r *http.Request) {
	if ui.svc.Backlog == nil {
		ui.fail(w, r, core.Errorf(core.NotFound, "the backlog is not available"))
		return
	}
	ctx, actor := r.Context(), actorOf(r)
	var d backlogData
	var err error
	if d.Board, err = ui.svc.Backlog.Board(ctx, actor); err != nil {
		ui.fail(w, r, err)
		return
	}
	if d.Findings, err = ui.svc.Backlog.Findings(ctx, actor, ""); err != nil {
		ui.fail(w, r, err)
		return
	}
	now := ui.clock.Now()
	if d.Metrics, err = ui.svc.Backlog.Metrics(ctx, actor, now.AddDate(0, 0, -91), now); err != nil {
		ui.fail(w, r, err)
		return
	}
	c := chart.Chart{Title: "Backlog velocity: weight closed per week",
		Desc: "Total weight of the team's issues closed in each of the last thirteen weeks."}
	s := chart.Series{Name: "weight closed"}
	for _, wk := range d.Metrics.Velocity {
		c.Labels = append(c.Labels, wk.Start.Format("Jan 2"))
		s.Values = append(s.Values, float64(wk.Weight))
	}
	c.Series = []chart.Series{s}
	d.VelocitySVG = chart.Bars("velocity", c)
	ui.render(w, r, http.StatusOK, "backlog", view{Title: "Backlog", Nav: "backlog", Data: d})
}

// backlogTakeOn takes an item onto the team's backlog with a metric label
// (engineer); the service decides the labels and whom to ping.
func (ui *UI) backlogTakeOn(w http.ResponseWriter, r *http.Request) {
	if ui.svc.Backlog == nil {
		ui.fail(w, r, core.Errorf(core.NotFound, "the backlog is not available"))
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		var res backlog.TakeOnResult
		res, err = ui.svc.Backlog.TakeOn(r.Context(), actorOf(r), id, r.PostFormValue("metric"))
		if err == nil {
			msg := "Taken on: " + res.Item.Title + "."
			if res.Note != "" {
				msg += " " + res.Note
			}
			ui.notice(r, msg)
		}
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	seeOther(w, r, "/backlog")
}
