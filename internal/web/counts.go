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
