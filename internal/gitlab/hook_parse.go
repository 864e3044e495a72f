package gitlab

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go"
)

// seenDelivery is what the receiver learns of a delivery before it is stored.
type seenDelivery struct {
	project string // path_with_namespace, or the numeric id when that is all the payload has
	status  string // queued when the worker has something to do, ignored otherwise
	note    string // why it is ignored
}

// projectOnly reads the project of any payload, for the list of deliveries.
// Only this is hand-written: every event's shape comes from client-go.
type projectOnly struct {
	Project *struct {
		ID                int64  `json:"id"`
		PathWithNamespace string `json:"path_with_namespace"`
	} `json:"project"`
	ProjectID int64 `json:"project_id"`
}

// inspectDelivery checks a delivery's shape with client-go's parser. A
// body that is not JSON, an event GitLab does not send, or an event of a
// kind interlock uses whose payload lacks what it needs, is an error (400).
// Events interlock does not use are fine and come back ignored.
func inspectDelivery(event string, body []byte) (seenDelivery, error) {
	if event == "" {
		return seenDelivery{}, errors.New("the X-Gitlab-Event header is missing")
	}
	if !json.Valid(body) {
		return seenDelivery{}, errors.New("the body is not JSON")
	}
	ev, err := gl.ParseHook(gl.EventType(event), body)
	if err != nil {
		return seenDelivery{}, fmt.Errorf("not a GitLab %q webhook: %v", clip(event, 100), clip(err.Error(), 300))
	}
	switch e := ev.(type) {
	case *gl.IssueEvent:
		return inspectIssue(e, body)
	case *gl.PipelineEvent:
		if e.ObjectAttributes.ID == 0 {
			return seenDelivery{}, errors.New("object_attributes.id is missing from the pipeline event")
		}
		if err := checkTimes(map[string]string{"object_attributes.created_at": e.ObjectAttributes.CreatedAt,
			"object_attributes.finished_at": e.ObjectAttributes.FinishedAt}); err != nil {
			return seenDelivery{}, err
		}
		return seenDelivery{project: projectName(e.Project.PathWithNamespace, e.Project.ID), status: DeliveryQueued}, nil
	case *gl.VulnerabilityEvent:
		a := e.ObjectAttributes
		if a.ID == 0 {
			return seenDelivery{}, errors.New("object_attributes.id is missing from the vulnerability event")
		}
		if err := checkTimes(map[string]string{"object_attributes.created_at": a.CreatedAt,
			"object_attributes.updated_at": a.UpdatedAt}); err != nil {
			return seenDelivery{}, err
		}
		return seenDelivery{project: projectName(projectPathOfURL(a.URL), a.ProjectID), status: DeliveryQueued}, nil
	}
	var p projectOnly
	_ = json.Unmarshal(body, &p)
	name := projectName("", p.ProjectID)
	if p.Project != nil {
		name = projectName(p.Project.PathWithNamespace, p.Project.ID)
	}
	return seenDelivery{project: name, status: DeliveryIgnored, note: "interlock does not use " + clip(event, 100) + " events"}, nil
}

func inspectIssue(e *gl.IssueEvent, body []byte) (seenDelivery, error) {
	a := e.ObjectAttributes
	var extras issueExtras
	if err := json.Unmarshal(body, &extras); err != nil {
		return seenDelivery{}, fmt.Errorf("object_attributes: %v", clip(err.Error(), 300))
	}
	if a.ID == 0 {
		return seenDelivery{}, errors.New("object_attributes.id is missing from the issue event")
	}
	if err := checkTimes(map[string]string{"object_attributes.created_at": a.CreatedAt,
		"object_attributes.updated_at": a.UpdatedAt, "changes.updated_at.current": e.Changes.UpdatedAt.Current,
		"changes.closed_at.current": e.Changes.ClosedAt.Current, "object_attributes.closed_at": extras.ObjectAttributes.ClosedAt}); err != nil {
		return seenDelivery{}, err
	}
	if a.CreatedAt == "" {
		return seenDelivery{}, errors.New("object_attributes.created_at is missing from the issue event")
	}
	return seenDelivery{project: projectName(e.Project.PathWithNamespace, projectIDOf(e)), status: DeliveryQueued}, nil
}

// checkTimes checks that each present timestamp is in one of GitLab's formats.
func checkTimes(fields map[string]string) error {
	for field, v := range fields {
		if _, err := ParseHookTime(v); err != nil {
			return fmt.Errorf("%s: %v", field, err)
		}
	}
	return nil
}

func projectIDOf(e *gl.IssueEvent) int64 {
	if e.Project.ID != 0 {
		return e.Project.ID
	}
	return e.ObjectAttributes.ProjectID
}

// projectName is a project's path, or its id when the path is unknown.
func projectName(path string, id int64) string {
	if path != "" {
		return path
	}
	if id != 0 {
		return strconv.FormatInt(id, 10)
	}
	return ""
}

// projectPathOfURL reads the project path of a GitLab URL such as
// https://gitlab.example.com/group/project/-/security/vulnerabilities/42.
func projectPathOfURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	path, _, found := strings.Cut(strings.Trim(u.Path, "/"), "/-/")
	if !found {
		return ""
	}
	return path
}

// pathOfURL is the path of a URL, "" when it does not parse.
func pathOfURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Path
}
