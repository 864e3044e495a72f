package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// schemeJSON is a scheme as the custom scheme form edits it: the API's
// fields (PUT /api/v1/process), without the version the service assigns.
func schemeJSON(s backlog.Scheme) string {
	b, _ := json.Marshal(s)
	var doc map[string]any
	_ = json.Unmarshal(b, &doc)
	delete(doc, "version")
	return indentJSON(doc)
}

// backlogScheme brings in a whole custom process scheme (manager), as PUT
// /api/v1/process does with a scheme: validated, stored as the next
// version of its name and made active, at the version the form was filled
// at. A refusal is shown under the textarea, its fields named scheme.<field>.
func (ui *UI) backlogScheme(w http.ResponseWriter, r *http.Request) {
	ui.backlogForm(w, r, func() (string, error) {
		var sc backlog.Scheme
		dec := json.NewDecoder(strings.NewReader(r.PostFormValue("scheme")))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&sc); err != nil {
			return "", invalidJSON("scheme", err)
		}
		sc.Version = 0 // the service numbers the versions of a name
		p, err := ui.svc.Backlog.SetProcess(r.Context(), actorOf(r), version(r), backlog.ProcessChange{Scheme: &sc})
		return fmt.Sprintf("The custom scheme %s (version %d) is saved and active.", p.Scheme.Name, p.Scheme.Version), schemeFields(err)
	})
}

// schemeFields names a refusal's fields within the scheme document, and
// shows one that names no field next to the textarea.
func schemeFields(err error) error {
	var ce *core.Error
	if !errors.As(err, &ce) || len(ce.Fields) == 0 {
		return atField(err, "scheme")
	}
	out := *ce
	out.Fields = nil
	for _, f := range ce.Fields {
		f.Field = "scheme." + f.Field
		out.Fields = append(out.Fields, f)
	}
	return &out
}
