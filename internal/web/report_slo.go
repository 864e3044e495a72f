package web

import (
	"math"
	"net/http"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/web/chart"
)

// sloData is the SLO report of a period and attainment by month.
type sloData struct {
	Report  maintenance.SLOReport
	Months  []monthAttainment
	SLOSVG  string
	RTOSVG  string
	From    string
	To      string
	Periods int
}

// monthAttainment is the share of clocks met, per criticality, in one month.
type monthAttainment struct {
	Month string
	Rows  []maintenance.SLORow
}

// attainment is met / (met + missed); NaN (a gap in the chart) when no clock ended.
func attainment(met, missed int) float64 {
	if met+missed == 0 {
		return math.NaN()
	}
	return float64(met) / float64(met+missed)
}

// sloReportPage shows the SLO/RTO report of a period (from, to as
// YYYY-MM-DD; the last six months by default) and charts attainment by
// criticality month by month.
func (ui *UI) sloReportPage(w http.ResponseWriter, r *http.Request) {
	ctx, actor := r.Context(), actorOf(r)
	now := ui.clock.Now().UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	from, to := first.AddDate(0, -5, 0), first.AddDate(0, 1, 0)
	v := view{Title: "SLO report", Nav: "slo", Form: r.URL.Query()}
	var p core.Problems
	if s := r.URL.Query().Get("from"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		p.Require(err == nil, "from", "must be a date, YYYY-MM-DD", s)
		from = t
	}
	if s := r.URL.Query().Get("to"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		p.Require(err == nil, "to", "must be a date, YYYY-MM-DD", s)
		to = t
	}
	d := sloData{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
	err := p.Err("the period is not valid")
	if err == nil {
		d.Report, err = ui.svc.Maintenance.SLO(ctx, actor, from, to)
	}
	if err != nil {
		v.Data = d
		ui.render(w, r, ui.problem(err, &v), "report_slo", v)
		return
	}
	var labels []string
	slo, rto := map[inventory.Criticality][]float64{}, map[inventory.Criticality][]float64{}
	var months []time.Time
	for m := first.AddDate(0, -5, 0); !m.After(first); m = m.AddDate(0, 1, 0) {
		months = append(months, m)
	}
	// the monthly aggregates only: no per-tool rows or zombie split per month
	byMonth, err := ui.svc.Maintenance.SLOByMonth(ctx, actor, months)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	for i, m := range months {
		labels = append(labels, m.Format("Jan 2006"))
		d.Months = append(d.Months, monthAttainment{Month: m.Format("Jan 2006"), Rows: byMonth[i]})
		for _, c := range inventory.Criticalities[:3] {
			s, t := math.NaN(), math.NaN()
			for _, row := range byMonth[i] {
				if row.Level == c {
					s, t = attainment(row.SLOMet, row.SLOMissed), attainment(row.RTOMet, row.RTOMissed)
				}
			}
			slo[c], rto[c] = append(slo[c], s), append(rto[c], t)
		}
	}
	var sloSeries, rtoSeries []chart.Series
	for _, c := range inventory.Criticalities[:3] {
		sloSeries = append(sloSeries, chart.Series{Name: string(c), Values: slo[c]})
		rtoSeries = append(rtoSeries, chart.Series{Name: string(c), Values: rto[c]})
	}
	d.SLOSVG = chart.Lines("slo-attainment", chart.Chart{Title: "SLO attainment by criticality", Percent: true, Max: 1,
		Desc: "Share of SLO clocks met, of those that ended, per month and criticality, over the last six months; a month where no clock ended is a gap.", Labels: labels, Series: sloSeries})
	d.RTOSVG = chart.Lines("rto-attainment", chart.Chart{Title: "RTO attainment by criticality", Percent: true, Max: 1,
		Desc: "Share of RTO clocks met, of those that ended, per month and criticality, over the last six months; a month where no clock ended is a gap.", Labels: labels, Series: rtoSeries})
	v.Data = d
	ui.render(w, r, http.StatusOK, "report_slo", v)
}
