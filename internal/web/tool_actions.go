package web

import (
	"net/http"
	"net/url"
	"strconv"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// toolIssueAction triages, recovers or closes an issue of the tool.
func (ui *UI) toolIssueAction(w http.ResponseWriter, r *http.Request) {
	ui.toolForm(w, r, func(id int64) (string, error) {
		issue, err := pathID(r, "issue")
		if err != nil {
			return "", err
		}
		ctx, a := r.Context(), actorOf(r)
		switch r.PathValue("action") {
		case "triage":
			_, err = ui.svc.Maintenance.Triage(ctx, a, id, issue, r.PostFormValue("assignee"))
			return "Issue triaged: the SLO clock stopped.", err
		case "recover":
			_, err = ui.svc.Maintenance.Recover(ctx, a, id, issue)
			return "The tool works again: the RTO clock stopped.", err
		case "close":
			_, err = ui.svc.Maintenance.Close(ctx, a, id, issue, r.PostFormValue("reason"))
			return "Issue closed.", err
		}
		return "", core.Errorf(core.NotFound, "there is no such form")
	})
}

// toolForm runs one form of the tool page and redirects back (303), or
// shows the page again with the problem next to its field.
func (ui *UI) toolForm(w http.ResponseWriter, r *http.Request, do func(id int64) (string, error)) {
	id, err := pathID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	msg, err := do(id)
	ui.afterForm(w, r, msg, err, "tool", "/tools/"+strconv.FormatInt(id, 10),
		func(form url.Values) (view, error) { return ui.toolView(r, form) })
}
