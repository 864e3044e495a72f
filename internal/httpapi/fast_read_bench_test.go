package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// BenchmarkListToolsServerSide lists 100 tools out of 10,000 by calling the
// whole handler in-process (no network, no client decoding): once with the
// same query (answered from the page cache after the first) and once with a
// new query string each time (every request runs the query and encodes).
func BenchmarkListToolsServerSide(b *testing.B) {
	env := testenv.New(b)
	seedTools(b, env, 10_000)
	h := env.Server.Config.Handler
	for _, bc := range []struct {
		name string
		miss bool
	}{{"cached", false}, {"uncached", true}} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				url := "/api/v1/tools?limit=100"
				if bc.miss {
					i++
					url += "&n=" + strconv.Itoa(i)
				}
				req := httptest.NewRequest(http.MethodGet, url, nil)
				req.Header.Set("Authorization", "Bearer "+testenv.AdminToken)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || rec.Body.Len() < 10_000 {
					b.Fatalf("%s: %d, %d bytes", url, rec.Code, rec.Body.Len())
				}
			}
		})
	}
}
