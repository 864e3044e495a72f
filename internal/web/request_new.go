package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/intake"
)

// newRequestData is the template form of one kind.
type newRequestData struct {
	Kind  intake.Kind
	Kinds []intake.Kind
	Keys  []string
}

func newRequestView(kind intake.Kind, form url.Values) view {
	if !kind.Valid() {
		kind = intake.NetNew
	}
	return view{Title: "New request", Nav: "requests", Form: form, Data: newRequestData{Kind: kind,
		Kinds: []intake.Kind{intake.NetNew, intake.Handover, intake.Other}, Keys: intake.TemplateKeys[kind]}}
}

// requestNewPage shows the template form of the kind asked for (?kind=).
func (ui *UI) requestNewPage(w http.ResponseWriter, r *http.Request) {
	ui.render(w, r, http.StatusOK, "request_new", newRequestView(intake.Kind(r.URL.Query().Get("kind")), r.URL.Query()))
}

// requestCreate opens a request from the form (kind, title,
// requesting_team and the template answers by their API names) and
// redirects to it (303); a refusal shows the form again with each
// problem next to its field.
func (ui *UI) requestCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		ui.fail(w, r, err)
		return
	}
	f := r.PostForm
	in := intake.NewRequest{Kind: intake.Kind(f.Get("kind")), Title: f.Get("title"), RequestingTeam: f.Get("requesting_team"),
		Template: map[string]string{}, Tool: intake.ToolDetails{Name: f.Get("tool.name"), RepositoryURL: f.Get("tool.repository_url"),
			GitLabProject: f.Get("tool.gitlab_project"), EpicURL: f.Get("tool.epic_url"), Milestone: f.Get("tool.milestone")}}
	for _, k := range intake.TemplateKeys[in.Kind] {
		if v := strings.TrimSpace(f.Get(k)); v != "" {
			in.Template[k] = v
		}
	}
	req, err := ui.svc.Intake.Create(r.Context(), actorOf(r), in)
	if err != nil {
		v := newRequestView(in.Kind, f)
		ui.render(w, r, ui.problem(err, &v), "request_new", v)
		return
	}
	ui.notice(r, "Request opened.")
	seeOther(w, r, "/requests/"+strconv.FormatInt(req.ID, 10))
}
