package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// prioritiesData is the ranked inventory with the weights used.
type prioritiesData struct {
	Ranked   []maintenance.Ranked
	Weights  maintenance.Weights
	Criteria []maintenance.Criterion
}

// prioritiesPage ranks the tools by their weighted scores, with each
// recommendation and its reasons.
func (ui *UI) prioritiesPage(w http.ResponseWriter, r *http.Request) {
	v, err := ui.prioritiesView(r, nil)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "priorities", v)
}

func (ui *UI) prioritiesView(r *http.Request, form url.Values) (view, error) {
	ranked, weights, err := ui.svc.Maintenance.Priorities(r.Context(), actorOf(r))
	if err != nil {
		return view{}, err
	}
	if len(ranked) > 200 {
		ranked = ranked[:200]
	}
	return view{Title: "Priorities", Nav: "priorities", Form: form,
		Data: prioritiesData{Ranked: ranked, Weights: weights, Criteria: maintenance.Criteria}}, nil
}

// prioritiesWeights sets how much each criterion counts (manager). The
// form carries the weights it was filled from, the web's If-Match.
func (ui *UI) prioritiesWeights(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		ui.fail(w, r, core.Errorf(core.Invalid, "the form could not be read"))
		return
	}
	in := maintenance.Weights{Values: map[maintenance.Criterion]float64{}}
	var err error
	for _, c := range maintenance.Criteria {
		name := "weights." + string(c)
		v := strings.TrimSpace(r.PostFormValue(name))
		if v == "" {
			continue // the service names it as required
		}
		f, perr := strconv.ParseFloat(v, 64)
		if perr != nil {
			err = fieldInvalid(name, v, "must be a number from 0 to 10")
			break
		}
		in.Values[c] = f
	}
	if err == nil {
		_, err = ui.svc.Maintenance.SetWeights(r.Context(), actorOf(r), version(r), in)
	}
	if err != nil {
		v, verr := ui.prioritiesView(r, r.PostForm)
		if verr != nil {
			ui.fail(w, r, err)
			return
		}
		ui.render(w, r, ui.problem(formFields(err, "weights."), &v), "priorities", v)
		return
	}
	ui.notice(r, "The weights are saved; the priorities are ranked again.")
	seeOther(w, r, "/priorities")
}
