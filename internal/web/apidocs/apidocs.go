// Package apidocs serves a browsable view of the OpenAPI document from
// assets embedded in the binary: Swagger UI, vendored from the npm package
// swagger-ui-dist at a pinned version with its licence (see
// swagger-ui/package.json and swagger-ui/LICENSE). Nothing is loaded from
// another host, so the docs work offline.
package apidocs

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

// Version is the vendored swagger-ui-dist release.
const Version = "5.32.0"

//go:embed swagger-ui
var assets embed.FS

var page = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>interlock API</title>
<link rel="stylesheet" href="{{.Base}}/assets/swagger-ui.css"></head>
<body><div id="swagger-ui" data-spec="{{.Spec}}"></div>
<script src="{{.Base}}/assets/swagger-ui-bundle.js"></script>
<script src="{{.Base}}/assets/interlock-init.js"></script>
</body></html>`))

// csp lets the viewer run its own scripts and inline styles (Swagger UI
// sets style attributes) and fetch only from this server.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// Mount serves the viewer at base (e.g. /api/v1/docs) and its assets under
// base/assets/, showing the OpenAPI document at spec.
func Mount(mux *http.ServeMux, base, spec string) {
	base = strings.TrimRight(base, "/")
	mux.HandleFunc("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		setHeaders(w)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = page.Execute(w, struct{ Base, Spec string }{base, spec})
	})
	sub, _ := fs.Sub(assets, "swagger-ui")
	files := http.StripPrefix(base+"/assets/", http.FileServerFS(sub))
	mux.Handle("GET "+base+"/assets/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setHeaders(w)
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	}))
}

func setHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Security-Policy", csp)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
}
