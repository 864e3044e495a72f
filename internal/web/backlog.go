package web

import (
	"net/http"
	"net/url"

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
	Settings    backlog.Settings
	Policies    backlog.Policies
	Groups      backlog.GroupMap
	Process     backlog.Process
	Rules       []string
	Actions     []string
	Triage      *backlog.TriageResult // what a dry run of the policies would do
	SchemeJSON  string                // the active scheme, for the custom scheme form
}

// backlogPage shows the build board, the findings of the backlog rules and
// the velocity chart (weight closed per week, with a table).
func (ui *UI) backlogPage(w http.ResponseWriter, r *http.Request) {
	v, err := ui.backlogView(r, nil)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "backlog", v)
}

// backlogView reads what the backlog page shows; form refills its forms
// after a refusal.
func (ui *UI) backlogView(r *http.Request, form url.Values) (view, error) {
	if ui.svc.Backlog == nil {
		return view{}, core.Errorf(core.NotFound, "the backlog is not available")
	}
	ctx, actor := r.Context(), actorOf(r)
	var d backlogData
	var err error
	if d.Board, err = ui.svc.Backlog.Board(ctx, actor); err != nil {
		return view{}, err
	}
	if d.Findings, err = ui.svc.Backlog.Findings(ctx, actor, ""); err != nil {
		return view{}, err
	}
	if d.Settings, err = ui.svc.Backlog.Settings(ctx, actor); err != nil {
		return view{}, err
	}
	if d.Policies, err = ui.svc.Backlog.Policies(ctx, actor); err != nil {
		return view{}, err
	}
	if d.Groups, err = ui.svc.Backlog.Groups(ctx, actor); err != nil {
		return view{}, err
	}
	if d.Process, err = ui.svc.Backlog.Process(ctx, actor); err != nil {
		return view{}, err
	}
	d.SchemeJSON = schemeJSON(d.Process.Scheme)
	d.Rules = backlog.Rules
	d.Actions = []string{backlog.DoAddLabel, backlog.DoComment, backlog.DoNotifyManager, backlog.DoNotifyTeam}
	now := ui.clock.Now()
	if d.Metrics, err = ui.svc.Backlog.Metrics(ctx, actor, now.AddDate(0, 0, -91), now); err != nil {
		return view{}, err
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
	return view{Title: "Backlog", Nav: "backlog", Form: form, Data: d}, nil
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
