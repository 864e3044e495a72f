package gitlabtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// updateBody is what PUT .../issues/:iid sends. Label lists arrive as a
// comma-separated string (client-go's LabelOptions) or as a JSON array,
// both of which GitLab accepts.
type updateBody struct {
	Title        *string         `json:"title"`
	Description  *string         `json:"description"`
	Confidential *bool           `json:"confidential"`
	Labels       json.RawMessage `json:"labels"`
	AddLabels    json.RawMessage `json:"add_labels"`
	RemoveLabels json.RawMessage `json:"remove_labels"`
	StateEvent   *string         `json:"state_event"`
}

// labelList reads a label list sent as "a,b" or ["a","b"]; set reports
// whether the field was sent at all (an empty labels clears them).
func labelList(raw json.RawMessage) (labels []string, set bool, ok bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, false, true
	}
	var parts []string
	var s string
	switch {
	case json.Unmarshal(raw, &s) == nil:
		parts = strings.Split(s, ",")
	case json.Unmarshal(raw, &parts) == nil:
	default:
		return nil, true, false
	}
	for _, l := range parts {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(labels, l) {
			labels = append(labels, l)
		}
	}
	return labels, true, true
}

// updateIssue answers PUT /projects/:id/issues/:iid as GitLab does: labels
// replaces the labels, then add_labels and remove_labels change them (so
// labels someone else set meanwhile are kept), state_event closes or
// reopens, and the answer is the issue as it is now. Each label change is
// also recorded as a resource label event.
func (s *Server) updateIssue(w http.ResponseWriter, pid, iid int64, body []byte) {
	var in updateBody
	if err := json.Unmarshal(body, &in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "400 Bad request - " + err.Error()})
		return
	}
	labels, labelsSet, ok1 := labelList(in.Labels)
	add, _, ok2 := labelList(in.AddLabels)
	remove, _, ok3 := labelList(in.RemoveLabels)
	if !ok1 || !ok2 || !ok3 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "labels, add_labels, remove_labels are invalid"})
		return
	}
	if in.StateEvent != nil && *in.StateEvent != "close" && *in.StateEvent != "reopen" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "state_event does not have a valid value"})
		return
	}
	now := time.Now().UTC()
	s.mu.Lock()
	var is *Issue
	for _, x := range s.issues[pid] {
		if x.IID == iid {
			is = x
		}
	}
	if is == nil {
		s.mu.Unlock()
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404 Issue Not Found"})
		return
	}
	before := append([]string(nil), is.Labels...)
	if labelsSet {
		is.Labels = labels
	}
	for _, l := range add {
		if !slices.ContainsFunc(is.Labels, func(x string) bool { return strings.EqualFold(x, l) }) {
			is.Labels = append(is.Labels, l)
		}
	}
	is.Labels = slices.DeleteFunc(is.Labels, func(x string) bool {
		return slices.ContainsFunc(remove, func(l string) bool { return strings.EqualFold(x, l) })
	})
	for _, l := range is.Labels {
		if !slices.Contains(before, l) {
			is.LabelEvents = append(is.LabelEvents, LabelEvent{Label: l, Action: "add", At: now})
		}
	}
	for _, l := range before {
		if !slices.Contains(is.Labels, l) {
			is.LabelEvents = append(is.LabelEvents, LabelEvent{Label: l, Action: "remove", At: now})
		}
	}
	if in.Title != nil {
		is.Title = *in.Title
	}
	if in.Description != nil {
		is.Description = *in.Description
	}
	if in.Confidential != nil {
		is.Confidential = *in.Confidential
	}
	if in.StateEvent != nil {
		switch *in.StateEvent {
		case "close":
			is.State, is.ClosedAt = "closed", &now
		case "reopen":
			is.State, is.ClosedAt = "opened", nil
		}
	}
	is.UpdatedAt = now
	out := *is
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out.render())
}
