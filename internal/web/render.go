package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds one parsed template set per page: the layout and the page.
type pages map[string]*template.Template

// parsedPages is every page template with the layout, parsed once per
// process: the templates are embedded and never change, and a parsed
// template is safe to execute from many goroutines, so every handler (and
// every test's server) shares one set.
var parsedPages = sync.OnceValues(parsePages)

// parsePages parses every page template with the layout.
func parsePages() (pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := pages{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		out[base] = t
	}
	return out, nil
}

// staticHandler serves the embedded stylesheet and scripts, cached for a day.
func staticHandler() http.HandlerFunc {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	}
}

// view is what every page template gets: who is signed in, the page's
// data, and a refused form's problem with the field messages to show
// next to each field.
type view struct {
	Title  string
	Nav    string
	Actor  core.Actor
	Data   any
	Form   url.Values
	Error  string            // the problem's detail
	Fields map[string]string // field name -> message, shown next to the field
	Notice string
}

// Field returns the message to show next to a form field, if any.
func (v view) Field(name string) string { return v.Fields[name] }

// Value returns what was typed into a field, to fill a form again.
func (v view) Value(name string) string { return v.Form.Get(name) }

// Or returns what was typed into a field when the form carried it (a
// refused post of this form), else the stored value.
func (v view) Or(name string, stored any) any {
	if _, ok := v.Form[name]; ok {
		return v.Form.Get(name)
	}
	return stored
}

// Can reports whether the signed-in user's role holds a permission, to
// hide forms they may not use (the service still decides).
func (v view) Can(p string) bool { return v.Actor.Role.Can(core.Permission(p)) }

// render writes a page with the status.
func (ui *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	t, ok := ui.pages[name]
	if !ok {
		ui.log.Error("no such page template", "page", name)
		http.Error(w, "the server failed", http.StatusInternalServerError)
		return
	}
	if v.Actor.Username == "" {
		v.Actor = actorOf(r)
	}
	if v.Notice == "" && r.Method == http.MethodGet {
		v.Notice = ui.sessions.PopString(r.Context(), "notice")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		ui.log.Error("render page", "page", name, "error", err)
		http.Error(w, "the server failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// problem turns a workflow error into the page status, the detail shown
// above the form and the message shown next to each named field. An
// internal error is logged and shown only as a failure.
func (ui *UI) problem(err error, v *view) int {
	var ce *core.Error
	if !errors.As(err, &ce) || ce.Code == core.Internal || httpapi.StatusOf(ce.Code) == 0 {
		ui.log.Error("page failed", "error", err)
		v.Error = "the server failed; the error is logged"
		return http.StatusInternalServerError
	}
	v.Error = ce.Message
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	for _, f := range ce.Fields {
		msg := f.Message
		if old := v.Fields[f.Field]; old != "" {
			msg = old + "; " + msg
		}
		v.Fields[f.Field] = msg
	}
	return httpapi.StatusOf(ce.Code) // the same status the API gives the same refusal
}

// fail renders the error page for a page that could not be read.
func (ui *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	v := view{Title: "Not shown"}
	status := ui.problem(err, &v)
	ui.render(w, r, status, "error", v)
}

// notice keeps a message for the next page shown, after a redirect.
func (ui *UI) notice(r *http.Request, msg string) {
	ui.sessions.Put(r.Context(), "notice", msg)
}

// seeOther redirects after a successful form post (303).
func seeOther(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// funcs are the helpers the templates use.
var funcs = template.FuncMap{
	"yesno": func(b *bool) string { // a tri-state answer: "", "yes" or "no"
		if b == nil {
			return ""
		}
		if *b {
			return "yes"
		}
		return "no"
	},
	"when": func(t any) string {
		switch x := t.(type) {
		case time.Time:
			if x.IsZero() {
				return ""
			}
			return x.UTC().Format("2006-01-02 15:04 UTC")
		case *time.Time:
			if x == nil {
				return ""
			}
			return x.UTC().Format("2006-01-02 15:04 UTC")
		}
		return fmt.Sprint(t)
	},
	"label":      func(s any) string { return strings.ReplaceAll(fmt.Sprint(s), "_", " ") },
	"join":       func(xs []string, sep string) string { return strings.Join(xs, sep) },
	"has":        slices.Contains[[]string],
	"has64":      slices.Contains[[]int64],
	"gapRows":    gapRows,
	"policyRows": policyRows,
	"memberRows": memberRows,
	"groupRows":  groupRows,
	"deref": func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	},
	"deref64": func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	},
	"num": func(p *float64) string {
		if p == nil {
			return "—"
		}
		return fmt.Sprintf("%.2f", *p)
	},
	"prefixed": func(s string, prefixes ...string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(s, p) {
				return true
			}
		}
		return false
	},
	"dict": func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	},
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	},
	"pct": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"svg": func(s string) template.HTML { return template.HTML(s) }, // only for charts drawn by package chart, which escapes its text
}
