package gitlab

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	gl "gitlab.com/gitlab-org/api/client-go"
)

// SeenDelivery is what the receiver learns of a delivery before it is stored.
type SeenDelivery struct {
	project string // path_with_namespace, or the numeric id when that is all the payload has
	Status  string // queued when the worker has something to do, ignored otherwise
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

// knownEvents are the X-Gitlab-Event values client-go parses.
var knownEvents = map[gl.EventType]bool{
	gl.EventConfidentialIssue: true, gl.EventConfidentialNote: true, gl.EventTypeBuild: true, gl.EventTypeDeployment: true,
	gl.EventTypeEmoji: true, gl.EventTypeFeatureFlag: true, gl.EventTypeIssue: true, gl.EventTypeJob: true,
	gl.EventTypeMember: true, gl.EventTypeMergeRequest: true, gl.EventTypeMilestone: true, gl.EventTypeNote: true,
	gl.EventTypePipeline: true, gl.EventTypeProject: true, gl.EventTypePush: true, gl.EventTypeRelease: true,
	gl.EventTypeResourceAccessToken: true, gl.EventTypeServiceHook: true, gl.EventTypeSubGroup: true,
	gl.EventTypeSystemHook: true, gl.EventTypeTagPush: true, gl.EventTypeVulnerability: true, gl.EventTypeWikiPage: true,
}

// checkEvent checks X-Gitlab-Event: present, and an event GitLab sends.
func checkEvent(event string) error {
	switch {
	case event == "":
		return errors.New("the X-Gitlab-Event header is missing")
	case !knownEvents[gl.EventType(event)]:
		return fmt.Errorf("X-Gitlab-Event %q is not an event GitLab sends", clip(event, 100))
	}
	return nil
}

// validJSON accepts what encoding/json's Valid accepts (duplicate names,
// invalid UTF-8 in strings) at a quarter of its cost: the check runs on
// every delivery before it is acknowledged.
var validJSON = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

// CheckDelivery is what the receiver checks, cheap enough for the hot
// path: a known X-Gitlab-Event and a JSON object. The worker parses the
// payload with client-go (InspectDelivery).
func CheckDelivery(event string, body []byte) error {
	if err := checkEvent(event); err != nil {
		return err
	}
	switch {
	case !jsontext.Value(body).IsValid(validJSON...):
		return errors.New("the body is not JSON")
	case !bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n"), []byte("{")):
		return errors.New("the body is not a JSON object")
	}
	return nil
}

// InspectDelivery parses a delivery with client-go. A payload that does not
// fit its event, or an event of a kind interlock uses that lacks what it
// needs, is an error (a failure that retrying cannot fix). Events interlock
// does not use come back ignored.
func InspectDelivery(event string, body []byte) (SeenDelivery, any, error) {
	if err := CheckDelivery(event, body); err != nil {
		return SeenDelivery{}, nil, err
	}
	ev, err := gl.ParseHook(gl.EventType(event), body)
	if err != nil {
		return SeenDelivery{}, nil, fmt.Errorf("not a GitLab %q webhook: %v", clip(event, 100), clip(err.Error(), 300))
	}
	seen, err := inspectEvent(ev, event, body)
	return seen, ev, err
}

func inspectEvent(ev any, event string, body []byte) (SeenDelivery, error) {
	switch e := ev.(type) {
	case *gl.IssueEvent:
		return inspectIssue(e)
	case *gl.PipelineEvent:
		if e.ObjectAttributes.ID == 0 {
			return SeenDelivery{}, errors.New("object_attributes.id is missing from the pipeline event")
		}
		if err := checkTimes(map[string]string{"object_attributes.created_at": e.ObjectAttributes.CreatedAt,
			"object_attributes.finished_at": e.ObjectAttributes.FinishedAt}); err != nil {
			return SeenDelivery{}, err
		}
		return SeenDelivery{project: projectName(e.Project.PathWithNamespace, e.Project.ID), Status: DeliveryQueued}, nil
	case *gl.VulnerabilityEvent:
		a := e.ObjectAttributes
		if a.ID == 0 {
			return SeenDelivery{}, errors.New("object_attributes.id is missing from the vulnerability event")
		}
		if err := checkTimes(map[string]string{"object_attributes.created_at": a.CreatedAt,
			"object_attributes.updated_at": a.UpdatedAt}); err != nil {
			return SeenDelivery{}, err
		}
		return SeenDelivery{project: projectName(projectPathOfURL(a.URL), a.ProjectID), Status: DeliveryQueued}, nil
	}
	var p projectOnly
	_ = json.Unmarshal(body, &p)
	name := projectName("", p.ProjectID)
	if p.Project != nil {
		name = projectName(p.Project.PathWithNamespace, p.Project.ID)
	}
	return SeenDelivery{project: name, Status: DeliveryIgnored, note: "interlock does not use " + clip(event, 100) + " events"}, nil
}

func inspectIssue(e *gl.IssueEvent) (SeenDelivery, error) {
	a := e.ObjectAttributes
	if a.ID == 0 {
		return SeenDelivery{}, errors.New("object_attributes.id is missing from the issue event")
	}
	if err := checkTimes(map[string]string{"object_attributes.created_at": a.CreatedAt,
		"object_attributes.updated_at": a.UpdatedAt, "changes.updated_at.current": e.Changes.UpdatedAt.Current,
		"changes.closed_at.current": e.Changes.ClosedAt.Current}); err != nil {
		return SeenDelivery{}, err
	}
	if a.CreatedAt == "" {
		return SeenDelivery{}, errors.New("object_attributes.created_at is missing from the issue event")
	}
	return SeenDelivery{project: projectName(e.Project.PathWithNamespace, projectIDOf(e)), Status: DeliveryQueued}, nil
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
