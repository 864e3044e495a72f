package metrics

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Instrument counts and times every request next answers, labelled by the
// ServeMux pattern that matched it (e.g. "/api/v1/tools/{id}"), never by
// the raw path, so that the number of series stays bounded.
func (m *Metrics) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		// A ServeMux writes the pattern it matched into the request it was
		// given; nested muxes (the root, then the API's) overwrite it in
		// turn, so after serving it names the innermost match.
		next.ServeHTTP(rec, r)
		route, method := Route(r.Pattern), methodLabel(r.Method)
		m.requests.WithLabelValues(route, method, strconv.Itoa(rec.status)).Inc()
		m.durations.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	})
}

// Route is the label of a ServeMux pattern: its path without the method
// ("GET /api/v1/tools/{id}" -> "/api/v1/tools/{id}"), or "unmatched" when
// no pattern matched (a 404 or 405 from a mux).
func Route(pattern string) string {
	if _, p, ok := strings.Cut(pattern, " "); ok {
		pattern = strings.TrimLeft(p, " \t")
	}
	if pattern == "" {
		return "unmatched"
	}
	return pattern
}

// methodLabel keeps the method label to the methods HTTP defines.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}

// recorder remembers the status a handler wrote.
type recorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wroteHeader = true
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Flush passes flushes through for handlers that stream.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
