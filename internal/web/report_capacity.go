package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/web/chart"
)

// capacityData is the capacity report and its chart.
type capacityData struct {
	Report   maintenance.CapacityReport
	ChartSVG string
}

// blankMemberRows is how many blank rows the team form offers.
const blankMemberRows = 2

// capacityReportPage compares the committed maintenance load with the
// team's hours, as a chart and a table.
func (ui *UI) capacityReportPage(w http.ResponseWriter, r *http.Request) {
	v, err := ui.capacityView(r, nil)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "report_capacity", v)
}

func (ui *UI) capacityView(r *http.Request, form url.Values) (view, error) {
	rep, err := ui.svc.Maintenance.Capacity(r.Context(), actorOf(r))
	if err != nil {
		return view{}, err
	}
	svg := chart.Bars("capacity", chart.Chart{Title: "Committed load against capacity (hours a week)",
		Desc:   "Two bars: the team's capacity and the committed maintenance load, in hours a week.",
		Labels: []string{"hours a week"},
		Series: []chart.Series{{Name: "capacity", Values: []float64{rep.Capacity}}, {Name: "committed load", Values: []float64{rep.Load}}}})
	if len(rep.Tools) > 200 {
		rep.Tools = rep.Tools[:200]
	}
	return view{Title: "Capacity", Nav: "capacity", Form: form, Data: capacityData{Report: rep, ChartSVG: svg}}, nil
}

// capacityTeam sets the team's members and their weekly maintenance hours
// (manager), at the version the form was read at; a row without a name is
// dropped.
func (ui *UI) capacityTeam(w http.ResponseWriter, r *http.Request) {
	ui.capacityForm(w, r, func() (string, error) {
		var t maintenance.Team
		for i := 0; ; i++ {
			k := fmt.Sprintf("members[%d]", i)
			if _, ok := r.PostForm[k+".name"]; !ok {
				break
			}
			name, hours := strings.TrimSpace(r.PostFormValue(k+".name")), strings.TrimSpace(r.PostFormValue(k+".hours_per_week"))
			if name == "" && hours == "" {
				continue
			}
			h, err := strconv.ParseFloat(hours, 64)
			if err != nil {
				return "", fieldInvalid(k+".hours_per_week", hours, "must be a number of hours")
			}
			t.Members = append(t.Members, maintenance.Member{Name: name, HoursPerWeek: h})
		}
		_, err := ui.svc.Maintenance.SetTeam(r.Context(), actorOf(r), version(r), t)
		return "The team's capacity is saved.", err
	})
}

// capacityLoad sets a tool's expected maintenance hours a week (manager);
// an empty field returns it to the default by criticality and health.
func (ui *UI) capacityLoad(w http.ResponseWriter, r *http.Request) {
	ui.capacityForm(w, r, func() (string, error) {
		id, err := formInt(r, "tool")
		if err != nil {
			return "", err
		}
		var hours *float64
		if v := strings.TrimSpace(r.PostFormValue("hours_per_week")); v != "" {
			h, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return "", fieldInvalid("hours_per_week", v, "must be a number of hours")
			}
			hours = &h
		}
		return "The tool's load is saved.", ui.svc.Maintenance.SetLoad(r.Context(), actorOf(r), id, hours)
	})
}

// capacityForm runs one form of the capacity page and redirects back
// (303), or shows the page again with the problem next to its field.
func (ui *UI) capacityForm(w http.ResponseWriter, r *http.Request, do func() (string, error)) {
	if err := r.ParseForm(); err != nil {
		ui.fail(w, r, core.Errorf(core.Invalid, "the form could not be read"))
		return
	}
	msg, err := do()
	if err != nil {
		v, verr := ui.capacityView(r, r.PostForm)
		if verr != nil {
			ui.fail(w, r, err)
			return
		}
		ui.render(w, r, ui.problem(err, &v), "report_capacity", v)
		return
	}
	ui.notice(r, msg)
	seeOther(w, r, "/reports/capacity")
}

// memberRows are the rows of the team form: the members and blank rows.
func memberRows(t maintenance.Team) []maintenance.Member {
	return append(append([]maintenance.Member{}, t.Members...), make([]maintenance.Member, blankMemberRows)...)
}
