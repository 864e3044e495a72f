package web

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// prioritiesData is the ranked inventory with the weights used.
type prioritiesData struct {
	Ranked  []maintenance.Ranked
	Weights maintenance.Weights
}

// prioritiesPage ranks the tools by their weighted scores, with each
// recommendation and its reasons.
func (ui *UI) prioritiesPage(w http.ResponseWriter, r *http.Request) {
	ranked, weights, err := ui.svc.Maintenance.Priorities(r.Context(), actorOf(r))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if len(ranked) > 200 {
		ranked = ranked[:200]
	}
	ui.render(w, r, http.StatusOK, "priorities", view{Title: "Priorities", Nav: "priorities", Data: prioritiesData{Ranked: ranked, Weights: weights}})
}
