package web

import (
	"net/http"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// toolsData is a page of the inventory with the filter's choices.
type toolsData struct {
	Tools         []inventory.Tool
	Next          string
	Categories    []inventory.Category
	Criticalities []inventory.Criticality
	Stages        []inventory.Stage
	Healths       []inventory.Health
	Sorts         []inventory.ToolSort
}

// toolsPage lists the inventory, filtered, searched and sorted as the
// API's list is, one page at a time: the store sorts, so every page
// continues the order of the one before.
func (ui *UI) toolsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := inventory.Filter{Category: inventory.Category(q.Get("category")), Criticality: inventory.Criticality(q.Get("criticality")),
		Stage: inventory.Stage(q.Get("stage")), Health: inventory.Health(q.Get("health")), OwnerTeam: strings.TrimSpace(q.Get("owner")),
		Stakeholder: strings.TrimSpace(q.Get("stakeholder")), Text: strings.TrimSpace(q.Get("q")), Sort: inventory.ToolSort(q.Get("sort"))}
	v := view{Title: "Tools", Nav: "tools", Form: q}
	d := toolsData{Categories: inventory.Categories, Criticalities: inventory.Criticalities, Stages: inventory.Stages,
		Healths: inventory.Healths, Sorts: inventory.ToolSorts}
	tools, next, err := ui.svc.Inventory.Tools(r.Context(), actorOf(r), f, page(r))
	status := http.StatusOK
	if err != nil {
		status = ui.problem(err, &v)
	}
	d.Tools, d.Next = tools, nextLink(r, next)
	v.Data = d
	ui.render(w, r, status, "tools", v)
}
