package web

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// reviewsData is the review schedule and the zombie candidates.
type reviewsData struct {
	Due     []maintenance.DueReview
	Zombies []maintenance.DueReview
}

// reviewsPage lists the reviews that are due, most overdue first, and the
// tools flagged as zombies.
func (ui *UI) reviewsPage(w http.ResponseWriter, r *http.Request) {
	ctx, actor := r.Context(), actorOf(r)
	due, err := ui.svc.Maintenance.DueReviews(ctx, actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	zombies, err := ui.svc.Maintenance.Zombies(ctx, actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if len(due) > 200 {
		due = due[:200]
	}
	ui.render(w, r, http.StatusOK, "reviews", view{Title: "Reviews", Nav: "reviews", Data: reviewsData{Due: due, Zombies: zombies}})
}
