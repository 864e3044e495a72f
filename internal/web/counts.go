package web

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// countIssues counts the issues of a filter by paging through the list
// service (at most a few thousand; enough for a chart).
func (ui *UI) countIssues(r *http.Request, f maintenance.IssueFilter) (int, error) {
	n, p := 0, core.Page{Limit: core.MaxLimit}
	for i := 0; i < 20; i++ {
		list, next, err := ui.svc.Maintenance.ListIssues(r.Context(), actorOf(r), f, p)
		if err != nil {
			return 0, err
		}
		n += len(list)
		if next == "" {
			break
		}
		p.Cursor = next
	}
	return n, nil
}

// toolNames reads the names of the tools of a page of issues; a tool that
// cannot be read keeps its number.
func (ui *UI) toolNames(r *http.Request, issues []maintenance.Issue) map[int64]string {
	names := map[int64]string{}
	for _, is := range issues {
		if _, ok := names[is.ToolID]; ok {
			continue
		}
		if t, err := ui.svc.Inventory.Tool(r.Context(), actorOf(r), is.ToolID); err == nil {
			names[is.ToolID] = t.Name
		} else {
			names[is.ToolID] = ""
		}
	}
	return names
}
