package web

import (
	"net/http"
	"net/url"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// stageData lists the tools at the stages a page is about.
type stageData struct {
	Heading string
	Groups  []stageGroup
	// Needs are co-creates of needs (requests decided build_in_product),
	// which have no tool; only the co-create page lists them.
	Needs     []cocreate.Need
	ShowNeeds bool
	NeedsNext string
}

type stageGroup struct {
	Stage inventory.Stage
	Tools []inventory.Tool
	Next  string
}

// stageGroups lists the tools at each of the stages, one page each.
func (ui *UI) stageGroups(r *http.Request, title string, stages ...inventory.Stage) (stageData, error) {
	d := stageData{Heading: title}
	for _, st := range stages {
		tools, next, err := ui.svc.Inventory.Tools(r.Context(), actorOf(r), inventory.Filter{Stage: st}, page(r))
		if err != nil {
			return d, err
		}
		g := stageGroup{Stage: st, Tools: tools}
		if next != "" {
			g.Next = "/tools?stage=" + string(st)
		}
		d.Groups = append(d.Groups, g)
	}
	return d, nil
}

// cocreatePage lists the tools in co-create and the co-creates of needs;
// each one's page shows its loops.
func (ui *UI) cocreatePage(w http.ResponseWriter, r *http.Request) {
	d, err := ui.stageGroups(r, "Co-create", inventory.CoCreate)
	if err == nil {
		q := r.URL.Query()
		var next string
		d.ShowNeeds = true
		d.Needs, next, err = ui.svc.CoCreate.Needs(r.Context(), actorOf(r), core.Page{Cursor: q.Get("needs_cursor")})
		if next != "" {
			d.NeedsNext = "/cocreate?" + url.Values{"needs_cursor": {next}}.Encode()
		}
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "stages", view{Title: "Co-create", Nav: "cocreate", Data: d})
}

// sunsetPage lists the tools in transition and those retired or transferred.
func (ui *UI) sunsetPage(w http.ResponseWriter, r *http.Request) {
	d, err := ui.stageGroups(r, "Transition and sunset", inventory.Transition, inventory.Retired, inventory.Transferred)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "stages", view{Title: "Transition and sunset", Nav: "sunset", Data: d})
}
