// Package gitlabtest is a fake GitLab for tests: an httptest server on
// loopback that answers the REST API v4 calls interlock makes with the real
// payloads of internal/gitlab/testdata/api (only values change per case,
// never a shape). It records every call, pages lists with x-next-page and no
// totals, and answers 429 (with or without Retry-After) or 5xx on demand.
// Issues can be listed by project or group (filtered by state, search, labels and
// updated_after), made, and changed with PUT (labels, add_labels,
// remove_labels, state_event).
package gitlabtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Token is the access token the fake accepts in PRIVATE-TOKEN (or as a
// bearer token); any other answers 401.
const Token = "glpat-fake-gitlab-token"

// Call is one request the fake received.
type Call struct {
	Method string
	Path   string // unescaped, e.g. /api/v4/projects/group/tool/issues
	Query  url.Values
	Header http.Header // X-Gitlab-Event-Uuid etc.; read with Header.Get
	Body   []byte
	Status int // what the fake answered
}

// Fault makes the fake answer Status to the next Times calls that match
// Method (any when empty) and whose path starts with PathPrefix.
type Fault struct {
	Method     string
	PathPrefix string
	Status     int
	RetryAfter string // sent as Retry-After when not empty
	Times      int
	// Lost makes the fake do what the call asks and then answer Status, as
	// when GitLab did the work but its answer never arrived.
	Lost bool
}

// Server is the fake GitLab.
type Server struct {
	URL string // base URL, e.g. http://127.0.0.1:41234

	srv *httptest.Server
	mu  sync.Mutex

	calls      []Call
	faults     []Fault
	projects   map[string]int64 // path_with_namespace -> id
	issues     map[int64][]*Issue
	notes      map[string][]Note // "<project id>#<iid>"
	epics      map[string][]*Epic
	milestones map[string][]Milestone // "project:<id>" or "group:<id or path>"
	nextID     int64
}

// New starts a fake GitLab that stops when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{projects: map[string]int64{}, issues: map[int64][]*Issue{}, notes: map[string][]Note{},
		epics: map[string][]*Epic{}, milestones: map[string][]Milestone{}, nextID: 1000}
	if _, err := object("gitlab-docs/issue_single_project.json"); err != nil {
		t.Fatalf("gitlabtest: %v", err)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// Fail adds a fault; faults are used up in the order they were added.
func (s *Server) Fail(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times <= 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, f)
}

// Calls returns every call received so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the calls of a method (any when empty) whose path starts with prefix.
func (s *Server) CallsTo(method, prefix string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if (method == "" || c.Method == method) && strings.HasPrefix(c.Path, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// AddProject names a project so that it can be addressed by its path too.
func (s *Server) AddProject(path string, id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.projects[path] = id
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	call := Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		call.Status = rec.status
		s.mu.Lock()
		s.calls = append(s.calls, call)
		s.mu.Unlock()
	}()
	f, faulty := s.fault(r)
	if faulty && f.Lost {
		s.route(httptest.NewRecorder(), r, body)
	}
	if faulty {
		if f.RetryAfter != "" {
			rec.Header().Set("Retry-After", f.RetryAfter)
		}
		writeJSON(rec, f.Status, map[string]any{"message": http.StatusText(f.Status)})
		return
	}
	tok := r.Header.Get("PRIVATE-TOKEN")
	if tok == "" {
		tok = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	if tok != Token {
		writeJSON(rec, http.StatusUnauthorized, map[string]any{"message": "401 Unauthorized"})
		return
	}
	s.route(rec, r, body)
}

// fault uses up the first fault that matches r.
func (s *Server) fault(r *http.Request) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults {
		f := &s.faults[i]
		if f.Times > 0 && (f.Method == "" || f.Method == r.Method) && strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			f.Times--
			return *f, true
		}
	}
	return Fault{}, false
}

// route dispatches /api/v4/{projects|groups}/:id/... by hand, because a
// project id may be a path with slashes (URL-encoded as %2F).
func (s *Server) route(w http.ResponseWriter, r *http.Request, body []byte) {
	parts := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/api/v4/"), "/")
	if len(parts) < 3 {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Not Found"})
		return
	}
	id, _ := url.PathUnescape(parts[1])
	rest := strings.Join(parts[2:], "/")
	switch {
	case parts[0] == "projects":
		s.routeProject(w, r, id, rest, body)
	case parts[0] == "groups":
		s.routeGroup(w, r, id, rest, body)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Not Found"})
	}
}

func (s *Server) routeProject(w http.ResponseWriter, r *http.Request, id, rest string, body []byte) {
	pid, ok := s.projectID(id)
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Project Not Found"})
		return
	}
	seg := strings.Split(rest, "/")
	switch {
	case rest == "issues" && r.Method == http.MethodGet:
		s.listIssues(w, r, pid)
	case rest == "issues" && r.Method == http.MethodPost:
		s.createIssue(w, pid, body)
	case len(seg) == 2 && seg[0] == "issues" && r.Method == http.MethodPut:
		iid, _ := strconv.ParseInt(seg[1], 10, 64)
		s.updateIssue(w, pid, iid, body)
	case len(seg) == 3 && seg[0] == "issues" && seg[2] == "resource_label_events" && r.Method == http.MethodGet:
		iid, _ := strconv.ParseInt(seg[1], 10, 64)
		s.listLabelEvents(w, r, pid, iid)
	case len(seg) == 3 && seg[0] == "issues" && seg[2] == "notes":
		iid, _ := strconv.ParseInt(seg[1], 10, 64)
		if r.Method == http.MethodPost {
			s.createNote(w, pid, iid, body)
		} else {
			s.listNotes(w, r, pid, iid)
		}
	case rest == "milestones" && r.Method == http.MethodGet:
		s.listMilestones(w, r, "project:"+strconv.FormatInt(pid, 10))
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Not Found"})
	}
}

func (s *Server) routeGroup(w http.ResponseWriter, r *http.Request, id, rest string, body []byte) {
	switch {
	case rest == "epics" && r.Method == http.MethodPost:
		s.createEpic(w, id, body)
	case rest == "epics" && r.Method == http.MethodGet:
		s.listEpics(w, r, id)
	case strings.HasPrefix(rest, "epics/") && r.Method == http.MethodGet:
		s.getEpic(w, id, strings.TrimPrefix(rest, "epics/"))
	case rest == "issues" && r.Method == http.MethodGet:
		s.listGroupIssues(w, r, id)
	case rest == "milestones" && r.Method == http.MethodGet:
		s.listMilestones(w, r, "group:"+id)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Not Found"})
	}
}

func (s *Server) projectID(id string) (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n, err := strconv.ParseInt(id, 10, 64); err == nil {
		return n, true
	}
	n, ok := s.projects[id]
	return n, ok
}

// page writes one page of items with GitLab's paging headers: x-page,
// x-per-page, x-next-page (empty on the last page) and x-prev-page, and
// never the totals, as GitLab omits them on large collections.
func page[T any](w http.ResponseWriter, r *http.Request, items []T, render func(T) any) {
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 {
		per = 20
	}
	per = min(per, 100)
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg = max(pg, 1)
	from, to := min((pg-1)*per, len(items)), min(pg*per, len(items))
	h := w.Header()
	h.Set("X-Page", strconv.Itoa(pg))
	h.Set("X-Per-Page", strconv.Itoa(per))
	h.Set("X-Next-Page", "")
	if to < len(items) {
		h.Set("X-Next-Page", strconv.Itoa(pg+1))
	}
	h.Set("X-Prev-Page", "")
	if pg > 1 {
		h.Set("X-Prev-Page", strconv.Itoa(pg-1))
	}
	out := make([]any, 0, to-from)
	for _, it := range items[from:to] {
		out = append(out, render(it))
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (s *Server) newID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	return s.nextID
}
