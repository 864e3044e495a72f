package web

import (
	"net/http"
	"net/url"
)

// afterForm ends a page's form once its step has run: on success it notes
// msg and redirects to back (303); a refusal shows the page again, built by
// again from what was posted, with the problem next to the field it names.
func (ui *UI) afterForm(w http.ResponseWriter, r *http.Request, msg string, err error, page, back string,
	again func(form url.Values) (view, error)) {
	if err != nil {
		v, verr := again(r.PostForm)
		if verr != nil {
			ui.fail(w, r, err)
			return
		}
		ui.render(w, r, ui.problem(err, &v), page, v)
		return
	}
	ui.notice(r, msg)
	seeOther(w, r, back)
}
