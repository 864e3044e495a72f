package apidocs

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDocsAreServedFromTheBinary(t *testing.T) {
	mux := http.NewServeMux()
	Mount(mux, "/api/v1/docs", "/api/v1/openapi.json")
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tests := []struct {
		name, path, contains, ctype string
	}{
		{"the page names the spec and loads only local scripts", "/api/v1/docs", `data-spec="/api/v1/openapi.json"`, "text/html"},
		{"the bundle is embedded", "/api/v1/docs/assets/swagger-ui-bundle.js", "SwaggerUIBundle", "javascript"},
		{"the stylesheet is embedded", "/api/v1/docs/assets/swagger-ui.css", ".swagger-ui", "text/css"},
		{"the licence is shipped", "/api/v1/docs/assets/LICENSE", "Apache License", "text/plain"},
		{"the initializer is ours", "/api/v1/docs/assets/interlock-init.js", "data-spec", "javascript"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := http.Get(srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 || !strings.Contains(string(b), tc.contains) || !strings.Contains(res.Header.Get("Content-Type"), tc.ctype) {
				t.Fatalf("GET %s: %d %s, body has %q: %t", tc.path, res.StatusCode, res.Header.Get("Content-Type"), tc.contains, strings.Contains(string(b), tc.contains))
			}
			if strings.Contains(string(b), "unpkg.com") || strings.Contains(string(b), "cdn.jsdelivr") {
				t.Errorf("%s refers to a CDN", tc.path)
			}
		})
	}
}
