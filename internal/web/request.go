package web

import (
	"net/http"
	"net/url"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// requestData is one request with what its step forms offer.
type requestData struct {
	R             intake.Request
	Keys          []string
	Comments      []intake.Comment
	Events        []core.Event
	Decisions     []intake.Outcome
	PathOutcomes  []intake.Outcome
	Categories    []inventory.Category
	Criticalities []inventory.Criticality
	Criteria      []inventory.Criterion
	Pending       []intake.Party
	CoCreate      *cocreate.CoCreate // of the need, when decided build_in_product
}

// requestPage shows a request: its answers, each step's record, the form
// of the step it is at, the decision with its agreements, the discussion.
func (ui *UI) requestPage(w http.ResponseWriter, r *http.Request) {
	v, err := ui.requestView(r, nil)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "request", v)
}

// requestView reads what the request page shows; form refills the forms
// after a refusal.
func (ui *UI) requestView(r *http.Request, form url.Values) (view, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return view{}, err
	}
	ctx, actor := r.Context(), actorOf(r)
	req, err := ui.svc.Intake.Get(ctx, actor, id)
	if err != nil {
		return view{}, err
	}
	comments, err := ui.svc.Intake.Comments(ctx, actor, id)
	if err != nil {
		return view{}, err
	}
	events, _, err := ui.svc.Intake.Events(ctx, actor, id, core.Page{Limit: core.MaxLimit})
	if err != nil {
		return view{}, err
	}
	d := requestData{R: req, Keys: intake.TemplateKeys[req.Kind], Comments: comments, Events: events,
		Decisions: intake.Outcomes[req.Kind], PathOutcomes: intake.Outcomes[intake.NetNew],
		Categories: inventory.Categories, Criticalities: inventory.Criticalities}
	if req.Decision != nil {
		d.Pending = req.Decision.Pending()
	}
	if req.NeedsCoCreate {
		if c, err := ui.svc.CoCreate.Of(ctx, actor, cocreate.Ref{Request: id}); err == nil {
			d.CoCreate = &c
		} else if !core.IsCode(err, core.NotFound) {
			return view{}, err
		}
	}
	if req.Step == intake.Maintainability {
		if rub, err := ui.svc.Inventory.Rubric(ctx, actor); err == nil {
			d.Criteria = rub.Criteria
		}
	}
	if form == nil {
		form = url.Values{}
		for k, a := range req.Template {
			form.Set(k, a)
		}
	}
	return view{Title: req.Title, Nav: "requests", Form: form, Data: d}, nil
}
