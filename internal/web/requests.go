package web

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/intake"
)

// requestsData is the list of requests with its filters.
type requestsData struct {
	Requests []intake.Request
	Next     string
	Kinds    []intake.Kind
	States   []intake.State
}

// requestsPage lists requests, filtered by kind, state and team, and
// "mine" for the signed-in user's own.
func (ui *UI) requestsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := intake.Filter{Kind: intake.Kind(q.Get("kind")), State: intake.State(q.Get("state")), RequestingTeam: q.Get("requesting_team")}
	list, next, err := ui.svc.Intake.List(r.Context(), actorOf(r), f, q.Get("mine") == "1", q.Get("due") == "1", page(r))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "requests", view{Title: "Requests", Nav: "requests", Form: q, Data: requestsData{
		Requests: list, Next: nextLink(r, next), Kinds: []intake.Kind{intake.NetNew, intake.Handover, intake.Other},
		States: []intake.State{intake.Open, intake.AwaitingAgreement, intake.Decided, intake.Withdrawn}}})
}
