package web

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/web/chart"
)

// capacityData is the capacity report and its chart.
type capacityData struct {
	Report   maintenance.CapacityReport
	ChartSVG string
}

// capacityReportPage compares the committed maintenance load with the
// team's hours, as a chart and a table.
func (ui *UI) capacityReportPage(w http.ResponseWriter, r *http.Request) {
	rep, err := ui.svc.Maintenance.Capacity(r.Context(), actorOf(r))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	svg := chart.Bars("capacity", chart.Chart{Title: "Committed load against capacity (hours a week)",
		Desc:   "Two bars: the team's capacity and the committed maintenance load, in hours a week.",
		Labels: []string{"hours a week"},
		Series: []chart.Series{{Name: "capacity", Values: []float64{rep.Capacity}}, {Name: "committed load", Values: []float64{rep.Load}}}})
	if len(rep.Tools) > 200 {
		rep.Tools = rep.Tools[:200]
	}
	ui.render(w, r, http.StatusOK, "report_capacity", view{Title: "Capacity", Nav: "capacity", Data: capacityData{Report: rep, ChartSVG: svg}})
}
