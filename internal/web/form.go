package web

import (
	"net/http"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// version reads the hidden version field a form carries, the web's
// If-Match; without one the service decides whether it is needed.
func version(r *http.Request) int {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || v < 0 {
		return core.NoVersion
	}
	return v
}

// pathID reads a numeric path value, or fails with a NotFound error.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, core.Errorf(core.NotFound, "there is no %s %q", name, r.PathValue(name))
	}
	return id, nil
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// page reads the cursor and limit of a list page.
func page(r *http.Request) core.Page {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	return core.Page{Limit: limit, Cursor: r.URL.Query().Get("cursor")}
}

// nextLink is the link to the next page of a list, keeping its filters.
func nextLink(r *http.Request, cursor string) string {
	if cursor == "" {
		return ""
	}
	q := r.URL.Query()
	q.Set("cursor", cursor)
	return r.URL.Path + "?" + q.Encode()
}
