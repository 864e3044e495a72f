package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// cocreateData is what the co-create page shows: the record of a tool's
// co-create or of a need's, its loops' activities and outputs, and what
// stands between it and the next loop.
type cocreateData struct {
	C        *cocreate.CoCreate // nil while a need's co-create has not started
	Subject  string             // the tool's name, or the request's title
	Base     string             // /tools/{id}/cocreate or /requests/{id}/cocreate
	Back     string             // the tool's or the request's page
	ForNeed  bool
	Percent  string // of the functionality in the product; "" while none is listed
	Warnings []string
	Missing  []cocreate.Missing
	// the choices of the forms
	Statuses  []cocreate.FunctionalityStatus
	Questions []cocreate.Question
	MRStates  []cocreate.MRState
	Parities  []cocreate.Parity
}

// cocreateRef reads whose co-create a page is about from its path: a
// tool's under /tools/{id}, a need's under /requests/{id}.
func cocreateRef(r *http.Request, forNeed bool) (cocreate.Ref, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return cocreate.Ref{}, err
	}
	if forNeed {
		return cocreate.Ref{Request: id}, nil
	}
	return cocreate.Ref{Tool: id}, nil
}

// cocreateView reads what the co-create page shows; form refills its forms
// after a refusal.
func (ui *UI) cocreateView(r *http.Request, ref cocreate.Ref, form url.Values) (view, error) {
	ctx, actor := r.Context(), actorOf(r)
	d := cocreateData{Statuses: []cocreate.FunctionalityStatus{cocreate.Planned, cocreate.InProgress, cocreate.InProduct, cocreate.Dropped},
		Questions: []cocreate.Question{cocreate.FitsGroup, cocreate.Concerns, cocreate.SmoothHandover, cocreate.DefinitionDone},
		MRStates:  []cocreate.MRState{cocreate.MROpened, cocreate.MRMerged, cocreate.MRClosed},
		Parities:  []cocreate.Parity{cocreate.FullParity, cocreate.GoodEnough}}
	if ref.Request != 0 {
		req, err := ui.svc.Intake.Get(ctx, actor, ref.Request)
		if err != nil {
			return view{}, err
		}
		d.Subject, d.ForNeed = req.Title, true
		d.Back = "/requests/" + strconv.FormatInt(ref.Request, 10)
	} else {
		t, err := ui.svc.Inventory.Tool(ctx, actor, ref.Tool)
		if err != nil {
			return view{}, err
		}
		d.Subject, d.Back = t.Name, "/tools/"+strconv.FormatInt(ref.Tool, 10)
	}
	d.Base = d.Back + "/cocreate"
	c, err := ui.svc.CoCreate.Of(ctx, actor, ref)
	switch {
	case err == nil:
		d.C, d.Warnings = &c, c.Warnings()
		if p := c.PercentInProduct(); p != nil {
			d.Percent = fmt.Sprintf("%.0f%% of the functionality", *p)
		}
		if c.Loop != cocreate.Shipped {
			d.Missing = c.MissingToAdvance()
		}
	case !core.IsCode(err, core.NotFound):
		return view{}, err
	}
	return view{Title: "Co-create: " + d.Subject, Nav: "cocreate", Form: form, Data: d}, nil
}

// toolCoCreatePage shows a tool's co-create with its forms.
func (ui *UI) toolCoCreatePage(w http.ResponseWriter, r *http.Request) {
	ui.cocreatePageOf(w, r, false)
}

// needCoCreatePage shows the co-create of a need (a request decided
// build_in_product), or the form that starts it.
func (ui *UI) needCoCreatePage(w http.ResponseWriter, r *http.Request) { ui.cocreatePageOf(w, r, true) }

func (ui *UI) cocreatePageOf(w http.ResponseWriter, r *http.Request, forNeed bool) {
	ref, err := cocreateRef(r, forNeed)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v, err := ui.cocreateView(r, ref, nil)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if v.Data.(cocreateData).C == nil && !forNeed {
		ui.fail(w, r, core.Errorf(core.NotFound, "%s has no co-create", v.Data.(cocreateData).Subject))
		return
	}
	ui.render(w, r, http.StatusOK, "cocreate", v)
}

// toolCoCreateAction runs one form of a tool's co-create page.
func (ui *UI) toolCoCreateAction(w http.ResponseWriter, r *http.Request) {
	ui.cocreateAction(w, r, false)
}

// needCoCreateAction runs one form of a need's co-create page.
func (ui *UI) needCoCreateAction(w http.ResponseWriter, r *http.Request) {
	ui.cocreateAction(w, r, true)
}

// cocreateAction runs one form of the co-create page and redirects back
// (303), or shows the page again with the problem next to its field.
func (ui *UI) cocreateAction(w http.ResponseWriter, r *http.Request, forNeed bool) {
	step, ok := cocreateSteps[r.PathValue("action")]
	ref, err := cocreateRef(r, forNeed)
	if !ok || err != nil {
		ui.fail(w, r, core.Errorf(core.NotFound, "there is no such form"))
		return
	}
	if err := r.ParseForm(); err != nil {
		ui.fail(w, r, core.Errorf(core.Invalid, "the form could not be read"))
		return
	}
	msg, err := step(ui, r, actorOf(r), ref)
	back := "/tools/" + strconv.FormatInt(ref.Tool, 10) + "/cocreate"
	if forNeed {
		back = "/requests/" + strconv.FormatInt(ref.Request, 10) + "/cocreate"
	}
	ui.afterForm(w, r, msg, err, "cocreate", back,
		func(form url.Values) (view, error) { return ui.cocreateView(r, ref, form) })
}
