package web

import (
	"net/http"
	"slices"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/notify"
)

// homeData is "my work": what waits on the signed-in user.
type homeData struct {
	Requests []intake.Request
	AtRisk   []maintenance.Issue
	Breached []maintenance.Issue
	Reviews  []maintenance.DueReview
	Signals  []maintenance.Signal
	// FailedDeliveries are the newest failed and dead deliveries, for admins.
	FailedDeliveries []notify.DeliveryStatus
}

// home shows my work: requests waiting on me, issues at risk or breached,
// reviews due and open signals.
func (ui *UI) home(w http.ResponseWriter, r *http.Request) {
	ctx, actor := r.Context(), actorOf(r)
	var d homeData
	var err error
	if d.Requests, err = ui.waitingOnMe(r, actor); err != nil {
		ui.fail(w, r, err)
		return
	}
	for _, c := range []maintenance.ClockState{maintenance.AtRisk, maintenance.Breached} {
		list, _, err := ui.svc.Maintenance.ListIssues(ctx, actor, maintenance.IssueFilter{Clock: c}, core.Page{Limit: 20})
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		if c == maintenance.AtRisk {
			d.AtRisk = list
		} else {
			d.Breached = list
		}
	}
	if d.Reviews, err = ui.svc.Maintenance.DueReviews(ctx, actor); err != nil {
		ui.fail(w, r, err)
		return
	}
	if len(d.Reviews) > 20 {
		d.Reviews = d.Reviews[:20]
	}
	if d.Signals, err = ui.svc.Maintenance.Signals(ctx, actor, 0, true); err != nil {
		ui.fail(w, r, err)
		return
	}
	if actor.Role.Can(core.PermAdminister) {
		if d.FailedDeliveries, err = ui.svc.Outbox.Troubled(ctx, actor, 20); err != nil {
			ui.fail(w, r, err)
			return
		}
	}
	ui.render(w, r, http.StatusOK, "home", view{Title: "My work", Nav: "home", Data: d})
}

// waitingOnMe lists the requests the user can move: open ones for those
// who work intake steps, and decisions that wait for the user's agreement
// (as requester, or as leadership). Who may act is still the service's call.
func (ui *UI) waitingOnMe(r *http.Request, actor core.Actor) ([]intake.Request, error) {
	var out []intake.Request
	if actor.Role.Can(core.PermEngineer) {
		open, _, err := ui.svc.Intake.List(r.Context(), actor, intake.Filter{State: intake.Open}, false, false, core.Page{Limit: 20})
		if err != nil {
			return nil, err
		}
		out = append(out, open...)
	}
	waiting, _, err := ui.svc.Intake.List(r.Context(), actor, intake.Filter{State: intake.AwaitingAgreement}, false, false, core.Page{Limit: 50})
	if err != nil {
		return nil, err
	}
	for _, q := range waiting {
		p := q.Decision.Pending()
		if (q.Requester == actor.Username && (slices.Contains(p, intake.RequestingTeam) || slices.Contains(p, intake.TransferringTeam))) ||
			(actor.Role == core.RoleLeadership && slices.Contains(p, intake.Leadership)) {
			out = append(out, q)
		}
	}
	return out, nil
}

// retryDelivery makes a message's failed and dead deliveries due again (admin).
func (ui *UI) retryDelivery(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "message")
	if err == nil {
		_, err = ui.svc.Outbox.Retry(r.Context(), actorOf(r), id)
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.notice(r, "The deliveries will be tried again now.")
	seeOther(w, r, "/")
}
