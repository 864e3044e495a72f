package gitlabtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Epic is a group epic made through the API.
type Epic struct {
	ID          int64
	IID         int64
	Group       string // the group id or path it was made in
	ParentID    *int64
	Title       string
	Description string
	Labels      []string
	WebURL      string
}

// Milestone is a project or group milestone; the rest of the answer is
// go-scm's example milestone as it is.
type Milestone struct {
	ID        int64
	Title     string
	State     string // "active" (default) or "closed"
	DueDate   string // YYYY-MM-DD, or "" for none
	StartDate string
	Expired   bool
}

// AddGroupMilestone adds a milestone to a group (by the id or path interlock uses).
func (s *Server) AddGroupMilestone(group string, m Milestone) { s.addMilestone("group:"+group, m) }

// AddProjectMilestone adds a milestone to a project.
func (s *Server) AddProjectMilestone(projectID int64, m Milestone) {
	s.addMilestone(fmt.Sprintf("project:%d", projectID), m)
}

func (s *Server) addMilestone(key string, m Milestone) {
	if m.ID == 0 {
		m.ID = s.newID()
	}
	if m.State == "" {
		m.State = "active"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.milestones[key] = append(s.milestones[key], m)
}

// Epics returns the epics made in a group.
func (s *Server) Epics(group string) []Epic {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Epic
	for _, e := range s.epics[group] {
		out = append(out, *e)
	}
	return out
}

func (m Milestone) render() any {
	o, err := object("go-scm/milestones.json")
	if err != nil {
		return map[string]any{"message": err.Error()}
	}
	o["id"], o["title"], o["state"], o["expired"] = m.ID, m.Title, m.State, m.Expired
	o["due_date"], o["start_date"] = nullIfEmpty(m.DueDate), nullIfEmpty(m.StartDate)
	return o
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) listMilestones(w http.ResponseWriter, r *http.Request, key string) {
	q := r.URL.Query()
	s.mu.Lock()
	var items []Milestone
	for _, m := range s.milestones[key] {
		if st := q.Get("state"); st != "" && st != m.State {
			continue
		}
		if t := q.Get("title"); t != "" && t != m.Title {
			continue
		}
		if t := q.Get("search"); t != "" && !strings.Contains(m.Title, t) {
			continue
		}
		items = append(items, m)
	}
	s.mu.Unlock()
	page(w, r, items, Milestone.render)
}

func (e Epic) render() any {
	o, err := object("gitlab-docs/epic_single_group.json")
	if err != nil {
		return map[string]any{"message": err.Error()}
	}
	o["id"], o["iid"], o["title"], o["description"] = e.ID, e.IID, e.Title, e.Description
	o["labels"], o["web_url"], o["state"] = append([]string{}, e.Labels...), e.WebURL, "opened"
	o["parent_id"] = nil
	if e.ParentID != nil {
		o["parent_id"] = *e.ParentID
	}
	return o
}

// AddEpic adds an epic to a group, as if someone made it by hand, and
// returns it with its id, iid and web URL.
func (s *Server) AddEpic(group, title string) Epic {
	e := &Epic{ID: s.newID(), Group: group, Title: title}
	s.mu.Lock()
	defer s.mu.Unlock()
	e.IID = int64(len(s.epics[group]) + 1)
	e.WebURL = fmt.Sprintf("%s/groups/%s/-/epics/%d", s.URL, group, e.IID)
	s.epics[group] = append(s.epics[group], e)
	return *e
}

func (s *Server) getEpic(w http.ResponseWriter, group, iid string) {
	for _, e := range s.Epics(group) {
		if fmt.Sprint(e.IID) == iid {
			writeJSON(w, http.StatusOK, e.render())
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Not Found"})
}

func (s *Server) createEpic(w http.ResponseWriter, group string, body []byte) {
	var in createBody
	if err := json.Unmarshal(body, &in); err != nil || strings.TrimSpace(in.Title) == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": map[string]any{"title": []string{"can't be blank"}}})
		return
	}
	e := &Epic{ID: s.newID(), Group: group, ParentID: in.ParentID, Title: in.Title, Description: in.Description, Labels: in.labels()}
	s.mu.Lock()
	e.IID = int64(len(s.epics[group]) + 1)
	e.WebURL = fmt.Sprintf("%s/groups/%s/-/epics/%d", s.URL, group, e.IID)
	s.epics[group] = append(s.epics[group], e)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, e.render())
}

func (s *Server) listEpics(w http.ResponseWriter, r *http.Request, group string) {
	search := r.URL.Query().Get("search")
	var items []Epic
	for _, e := range s.Epics(group) {
		if (search == "" || strings.Contains(e.Title, search) || strings.Contains(e.Description, search)) &&
			hasLabels(e.Labels, r.URL.Query().Get("labels")) {
			items = append(items, e)
		}
	}
	page(w, r, items, Epic.render)
}
