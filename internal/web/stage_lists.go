package web

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// stageData lists the tools at the stages a page is about.
type stageData struct {
	Heading string
	Groups  []stageGroup
}

type stageGroup struct {
	Stage inventory.Stage
	Tools []inventory.Tool
	Next  string
}

// stagePage lists the tools at each of the stages, one page each.
func (ui *UI) stagePage(w http.ResponseWriter, r *http.Request, name, title, nav string, stages ...inventory.Stage) {
	d := stageData{Heading: title}
	for _, st := range stages {
		tools, next, err := ui.svc.Inventory.Tools(r.Context(), actorOf(r), inventory.Filter{Stage: st}, page(r))
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		g := stageGroup{Stage: st, Tools: tools}
		if next != "" {
			g.Next = "/tools?stage=" + string(st)
		}
		d.Groups = append(d.Groups, g)
	}
	ui.render(w, r, http.StatusOK, name, view{Title: title, Nav: nav, Data: d})
}

// cocreatePage lists the tools in co-create; each tool page shows its loops.
func (ui *UI) cocreatePage(w http.ResponseWriter, r *http.Request) {
	ui.stagePage(w, r, "stages", "Co-create", "cocreate", inventory.CoCreate)
}

// sunsetPage lists the tools in transition and those retired or transferred.
func (ui *UI) sunsetPage(w http.ResponseWriter, r *http.Request) {
	ui.stagePage(w, r, "stages", "Transition and sunset", "sunset", inventory.Transition, inventory.Retired, inventory.Transferred)
}
