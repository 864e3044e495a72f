package web

import (
	"cmp"
	"net/http"
	"slices"
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
}

// toolsPage lists the inventory by name, filtered and searched as the
// API's list is, one page at a time.
func (ui *UI) toolsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := inventory.Filter{Category: inventory.Category(q.Get("category")), Criticality: inventory.Criticality(q.Get("criticality")),
		Stage: inventory.Stage(q.Get("stage")), Health: inventory.Health(q.Get("health")), OwnerTeam: strings.TrimSpace(q.Get("owner")),
		Stakeholder: strings.TrimSpace(q.Get("stakeholder")), Text: strings.TrimSpace(q.Get("q"))}
	v := view{Title: "Tools", Nav: "tools", Form: q}
	d := toolsData{Categories: inventory.Categories, Criticalities: inventory.Criticalities, Stages: inventory.Stages, Healths: inventory.Healths}
	tools, next, err := ui.svc.Inventory.Tools(r.Context(), actorOf(r), f, page(r))
	status := http.StatusOK
	if err != nil {
		status = ui.problem(err, &v)
	}
	sortTools(tools, q.Get("sort"))
	d.Tools, d.Next = tools, nextLink(r, next)
	v.Data = d
	ui.render(w, r, status, "tools", v)
}

// toolOrder ranks the values of a column for sorting: most critical, least
// healthy first, stages in lifecycle order.
var toolOrder = map[string]func(inventory.Tool) int{
	"criticality": func(t inventory.Tool) int { return slices.Index(inventory.Criticalities, t.Criticality) },
	"health":      func(t inventory.Tool) int { return slices.Index(inventory.Healths, t.Health) },
	"stage":       func(t inventory.Tool) int { return slices.Index(inventory.Stages, t.Stage) },
	"category":    func(t inventory.Tool) int { return slices.Index(inventory.Categories, t.Category) },
}

// sortTools orders one page of tools by a column; the list itself pages by
// name, so another order sorts the tools of the page shown.
func sortTools(tools []inventory.Tool, by string) {
	switch by {
	case "owner":
		slices.SortStableFunc(tools, func(a, b inventory.Tool) int { return cmp.Compare(a.OwnerTeam, b.OwnerTeam) })
	default:
		if rank, ok := toolOrder[by]; ok {
			slices.SortStableFunc(tools, func(a, b inventory.Tool) int { return cmp.Compare(rank(a), rank(b)) })
		}
	}
}
