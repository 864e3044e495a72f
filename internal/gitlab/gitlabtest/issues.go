package gitlabtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Issue is the part of a GitLab issue a test sets; the rest of the answer
// is the docs' example issue as it is.
type Issue struct {
	ID           int64 // global id; made up when zero
	IID          int64 // made up when zero
	ProjectID    int64
	Title        string
	Description  string
	Labels       []string
	State        string // "opened" (default) or "closed"
	Confidential bool
	Assignees    []string // usernames
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ClosedAt     *time.Time
	WebURL       string // made up when empty
	// LabelEvents are its resource label events, oldest first.
	LabelEvents []LabelEvent
}

// LabelEvent is a label added to or removed from an issue.
type LabelEvent struct {
	Label  string
	Action string // "add" or "remove"
	At     time.Time
}

// Note is a comment the fake accepted.
type Note struct {
	ID   int64
	Body string
}

// AddIssue adds an issue to a project and returns it as stored.
func (s *Server) AddIssue(projectID int64, is Issue) Issue {
	if is.ID == 0 {
		is.ID = s.newID()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	is.ProjectID = projectID
	if is.IID == 0 {
		is.IID = int64(len(s.issues[projectID]) + 1)
	}
	if is.State == "" {
		is.State = "opened"
	}
	if is.CreatedAt.IsZero() {
		is.CreatedAt = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	}
	if is.UpdatedAt.IsZero() {
		is.UpdatedAt = is.CreatedAt
	}
	if is.WebURL == "" {
		is.WebURL = fmt.Sprintf("%s/team/project-%d/-/issues/%d", s.URL, projectID, is.IID)
	}
	p := is
	s.issues[projectID] = append(s.issues[projectID], &p)
	return is
}

// UpdateIssue changes an issue in place, as someone editing it in GitLab.
func (s *Server) UpdateIssue(projectID, iid int64, change func(*Issue)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, is := range s.issues[projectID] {
		if is.IID == iid {
			change(is)
		}
	}
}

// Issues returns a project's issues, those made through the API included.
func (s *Server) Issues(projectID int64) []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Issue, 0, len(s.issues[projectID]))
	for _, is := range s.issues[projectID] {
		out = append(out, *is)
	}
	return out
}

// Notes returns the comments accepted on an issue.
func (s *Server) Notes(projectID, iid int64) []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Note(nil), s.notes[fmt.Sprintf("%d#%d", projectID, iid)]...)
}

// render fills the docs' example issue with the test's values.
func (is Issue) render() any {
	m, err := object("gitlab-docs/issue_single_project.json")
	if err != nil {
		return map[string]any{"message": err.Error()}
	}
	m["id"], m["iid"], m["project_id"] = is.ID, is.IID, is.ProjectID
	m["title"], m["description"], m["state"] = is.Title, is.Description, is.State
	m["labels"] = append([]string{}, is.Labels...)
	m["confidential"] = is.Confidential
	m["created_at"], m["updated_at"] = is.CreatedAt.Format(time.RFC3339Nano), is.UpdatedAt.Format(time.RFC3339Nano)
	m["closed_at"] = nil
	if is.ClosedAt != nil {
		m["closed_at"] = is.ClosedAt.Format(time.RFC3339Nano)
	} else {
		m["closed_by"] = nil
	}
	m["web_url"] = is.WebURL
	if refs, ok := m["references"].(map[string]any); ok {
		refs["short"], refs["relative"] = fmt.Sprintf("#%d", is.IID), fmt.Sprintf("#%d", is.IID)
		refs["full"] = fmt.Sprintf("team/project-%d#%d", is.ProjectID, is.IID)
	}
	template, _ := m["assignee"].(map[string]any)
	var assignees []any
	for i, u := range is.Assignees {
		a := map[string]any{}
		for k, v := range template {
			a[k] = v
		}
		a["username"], a["id"], a["name"] = u, 100+i, u
		assignees = append(assignees, a)
	}
	m["assignees"], m["assignee"] = []any{}, nil
	if len(assignees) > 0 {
		m["assignees"], m["assignee"] = assignees, assignees[0]
	}
	return m
}

func (s *Server) listIssues(w http.ResponseWriter, r *http.Request, pid int64) {
	s.mu.Lock()
	items := s.filterIssues(r.URL.Query(), s.issues[pid])
	s.mu.Unlock()
	// GitLab's default order: newest first.
	slices.SortStableFunc(items, func(a, b Issue) int { return b.CreatedAt.Compare(a.CreatedAt) })
	page(w, r, items, Issue.render)
}

// listGroupIssues answers GET /groups/:id/issues with the issues of the
// projects named (AddProject) under that group path, subgroups included.
func (s *Server) listGroupIssues(w http.ResponseWriter, r *http.Request, group string) {
	s.mu.Lock()
	var all []*Issue
	for path, pid := range s.projects {
		if strings.HasPrefix(path, group+"/") {
			all = append(all, s.issues[pid]...)
		}
	}
	items := s.filterIssues(r.URL.Query(), all)
	s.mu.Unlock()
	slices.SortStableFunc(items, func(a, b Issue) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	page(w, r, items, Issue.render)
}

// filterIssues keeps the issues a list's query asks for; s.mu is held.
func (s *Server) filterIssues(q url.Values, issues []*Issue) []Issue {
	var items []Issue
	for _, is := range issues {
		if st := q.Get("state"); st != "" && st != "all" && st != is.State {
			continue
		}
		if search := q.Get("search"); search != "" &&
			!strings.Contains(is.Title, search) && !strings.Contains(is.Description, search) {
			continue
		}
		if !hasLabels(is.Labels, q.Get("labels")) {
			continue
		}
		if after, err := time.Parse(time.RFC3339, q.Get("updated_after")); err == nil && is.UpdatedAt.Before(after) {
			continue
		}
		items = append(items, *is)
	}
	return items
}

// createBody is what POST .../issues and POST .../epics send.
type createBody struct {
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Labels      string  `json:"labels"`
	ParentID    *int64  `json:"parent_id"`
	Private     *bool   `json:"confidential"`
	IssueType   *string `json:"issue_type"`
}

func (b createBody) labels() []string {
	var out []string
	for l := range strings.SplitSeq(b.Labels, ",") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (s *Server) createIssue(w http.ResponseWriter, pid int64, body []byte) {
	var in createBody
	if err := json.Unmarshal(body, &in); err != nil || strings.TrimSpace(in.Title) == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": map[string]any{"title": []string{"can't be blank"}}})
		return
	}
	now := time.Now().UTC().Truncate(time.Second)
	is := s.AddIssue(pid, Issue{Title: in.Title, Description: in.Description, Labels: in.labels(), CreatedAt: now})
	writeJSON(w, http.StatusCreated, is.render())
}

func (s *Server) createNote(w http.ResponseWriter, pid, iid int64, body []byte) {
	var in struct {
		Body string `json:"body"`
	}
	if err := json.Unmarshal(body, &in); err != nil || strings.TrimSpace(in.Body) == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": map[string]any{"note": []string{"can't be blank"}}})
		return
	}
	if !s.hasIssue(pid, iid) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Issue Not Found"})
		return
	}
	n := Note{ID: s.newID(), Body: in.Body}
	s.mu.Lock()
	key := fmt.Sprintf("%d#%d", pid, iid)
	s.notes[key] = append(s.notes[key], n)
	s.mu.Unlock()
	m, _ := object("go-scm/issue_note.json")
	m["id"], m["body"], m["system"], m["noteable_iid"] = n.ID, n.Body, false, iid
	writeJSON(w, http.StatusCreated, m)
}

func (s *Server) listNotes(w http.ResponseWriter, r *http.Request, pid, iid int64) {
	if !s.hasIssue(pid, iid) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Issue Not Found"})
		return
	}
	notes := s.Notes(pid, iid)
	slices.Reverse(notes) // newest first, as GitLab sorts by default
	page(w, r, notes, func(n Note) any {
		m, _ := object("gitlab-docs/notes_list_issue.json")
		m["id"], m["body"], m["system"], m["project_id"], m["noteable_iid"] = n.ID, n.Body, false, pid, iid
		m["confidential"], m["internal"] = false, false
		return m
	})
}

func (s *Server) listLabelEvents(w http.ResponseWriter, r *http.Request, pid, iid int64) {
	var events []LabelEvent
	var issueID int64
	found := false
	s.mu.Lock()
	for _, is := range s.issues[pid] {
		if is.IID == iid {
			events, issueID, found = append([]LabelEvent(nil), is.LabelEvents...), is.ID, true
		}
	}
	s.mu.Unlock()
	if !found {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Issue Not Found"})
		return
	}
	n := int64(0)
	page(w, r, events, func(e LabelEvent) any {
		m, _ := object("jenkins-x-go-scm/issue_events.json")
		n++
		m["id"], m["created_at"], m["resource_id"], m["action"] = issueID*1000+n, e.At.Format(time.RFC3339Nano), issueID, e.Action
		if l, ok := m["label"].(map[string]any); ok {
			l["name"] = e.Label
		}
		return m
	})
}

func (s *Server) hasIssue(pid, iid int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.ContainsFunc(s.issues[pid], func(is *Issue) bool { return is.IID == iid })
}

// hasLabels reports whether an issue carries every label of a labels=
// filter ("a,b"), as GitLab matches them; an empty filter matches all.
func hasLabels(labels []string, filter string) bool {
	for want := range strings.SplitSeq(filter, ",") {
		if want = strings.TrimSpace(want); want != "" &&
			!slices.ContainsFunc(labels, func(l string) bool { return strings.EqualFold(l, want) }) {
			return false
		}
	}
	return true
}
