package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// Who may call each operation, on the fixture the matrix test builds: a
// tool (id 1) and a request (id 1) that admin opened for another team.
// The roles listed are allowed (their answer is anything but 403); every
// other role must get 403.
//
// A new operation needs a row here: the test fails naming it, with the
// roles it observed being refused, ready to check and paste.
var authzMatrix = map[string][]core.Role{
	"prioritise-improvement":         managers,     // PATCH /api/v1/tools/{id}/improvements/{improvement_id}
	"act-on-signal":                  managers,     // POST /api/v1/tools/{id}/signals/{signal_id}/act
	"add-adoption":                   engineers,    // POST /api/v1/tools/{id}/sunset/adoption
	"add-feedback":                   engineers,    // POST /api/v1/tools/{id}/cocreate/feedback
	"add-functionality":              engineers,    // POST /api/v1/tools/{id}/cocreate/functionalities
	"add-improvement":                engineers,    // POST /api/v1/tools/{id}/improvements
	"add-merge-request":              engineers,    // POST /api/v1/tools/{id}/cocreate/merge-requests
	"add-phase":                      engineers,    // POST /api/v1/tools/{id}/cocreate/roadmap/phases
	"add-sunsetting-issue":           engineers,    // POST /api/v1/tools/{id}/cocreate/roadmap/issues
	"advance-cocreate":               engineers,    // POST /api/v1/tools/{id}/cocreate/advance
	"agree-to-decision":              anyone,       // POST /api/v1/requests/{id}/decision/agreements
	"announce-sunset":                engineers,    // POST /api/v1/tools/{id}/sunset/announce
	"answer-handover":                engineers,    // POST /api/v1/tools/{id}/cocreate/handover/answers
	"answer-request":                 engineers,    // PATCH /api/v1/requests/{id}
	"assess-tool":                    engineers,    // PUT /api/v1/tools/{id}/assessment
	"backlog-board":                  anyone,       // GET /api/v1/backlog/board
	"backlog-findings":               anyone,       // GET /api/v1/backlog/findings
	"backlog-item-events":            anyone,       // GET /api/v1/backlog/items/{id}/events
	"backlog-metrics":                anyone,       // GET /api/v1/backlog/metrics
	"backlog-triage":                 anyone,       // POST /api/v1/backlog/triage
	"calendar-due":                   anyone,       // GET /api/v1/calendar/due
	"capacity-report":                anyone,       // GET /api/v1/reports/capacity
	"close-issue":                    engineers,    // POST /api/v1/tools/{id}/issues/{issue_id}/close
	"close-sunset":                   engineers,    // POST /api/v1/tools/{id}/sunset/close
	"close-sunsetting-issue":         engineers,    // POST /api/v1/tools/{id}/cocreate/roadmap/issues/{item_id}/close
	"comment-request":                notRequester, // POST /api/v1/requests/{id}/comments
	"complete-improvement":           engineers,    // POST /api/v1/tools/{id}/improvements/{improvement_id}/done
	"complete-phase":                 engineers,    // POST /api/v1/tools/{id}/cocreate/roadmap/phases/{item_id}/complete
	"create-adr":                     engineers,    // POST /api/v1/tools/{id}/adrs
	"create-token":                   admins,       // POST /api/v1/users/{username}/tokens
	"create-tool":                    engineers,    // POST /api/v1/tools (engineers only as low/maintain: rule 1, TestRule1CreatingAToolIsTheManagersDecision)
	"create-user":                    admins,       // POST /api/v1/users
	"decide-request":                 managers,     // POST /api/v1/requests/{id}/decision (the role is checked before the state: issue 15)
	"decommission":                   engineers,    // POST /api/v1/tools/{id}/sunset/decommission
	"dismiss-signal":                 managers,     // POST /api/v1/tools/{id}/signals/{signal_id}/dismiss
	"get-adr":                        anyone,       // GET /api/v1/tools/{id}/adrs/{number}
	"get-assessment":                 anyone,       // GET /api/v1/tools/{id}/assessment
	"get-backlog-groups":             anyone,       // GET /api/v1/backlog/groups
	"get-backlog-item":               anyone,       // GET /api/v1/backlog/items/{id}
	"get-backlog-policies":           anyone,       // GET /api/v1/backlog/policies
	"get-backlog-settings":           anyone,       // GET /api/v1/backlog/settings
	"get-calendar":                   anyone,       // GET /api/v1/calendar
	"get-clock-policy":               anyone,       // GET /api/v1/clock-policy
	"get-cocreate":                   anyone,       // GET /api/v1/tools/{id}/cocreate
	"get-gitlab-labels":              engineers,    // GET /api/v1/gitlab/labels
	"get-gitlab-sync":                anyone,       // GET /api/v1/gitlab/sync/{id}
	"get-issue":                      anyone,       // GET /api/v1/tools/{id}/issues/{issue_id}
	"get-outbox-message":             managers,     // GET /api/v1/outbox/{id}
	"get-process":                    anyone,       // GET /api/v1/process
	"get-request":                    notRequester, // GET /api/v1/requests/{id}
	"get-review-policy":              anyone,       // GET /api/v1/reviews/policy
	"get-rubric":                     anyone,       // GET /api/v1/rubric
	"get-sunset":                     anyone,       // GET /api/v1/tools/{id}/sunset
	"get-sunset-policy":              anyone,       // GET /api/v1/sunset-policy
	"get-team":                       anyone,       // GET /api/v1/capacity/team
	"get-team-definition":            managers,     // GET /api/v1/teams/{name}
	"get-tool":                       anyone,       // GET /api/v1/tools/{id}
	"get-user":                       anyone,       // GET /api/v1/users/{username}
	"get-weights":                    anyone,       // GET /api/v1/priorities/weights
	"inventory-report":               anyone,       // GET /api/v1/reports/inventory
	"list-adrs":                      anyone,       // GET /api/v1/tools/{id}/adrs
	"list-backlog-items":             anyone,       // GET /api/v1/backlog/items
	"list-gitlab-deliveries":         managers,     // GET /api/v1/gitlab/deliveries
	"list-improvements":              anyone,       // GET /api/v1/tools/{id}/improvements
	"list-issues":                    anyone,       // GET /api/v1/issues
	"list-my-notifications":          anyone,       // GET /api/v1/me/notifications
	"list-outbox":                    managers,     // GET /api/v1/outbox
	"list-requests":                  anyone,       // GET /api/v1/requests
	"list-reviews":                   anyone,       // GET /api/v1/tools/{id}/reviews
	"list-signals":                   anyone,       // GET /api/v1/signals
	"list-team-definitions":          managers,     // GET /api/v1/teams
	"list-tokens":                    admins,       // GET /api/v1/users/{username}/tokens
	"list-tool-issues":               anyone,       // GET /api/v1/tools/{id}/issues
	"list-tools":                     anyone,       // GET /api/v1/tools
	"list-transfers":                 anyone,       // GET /api/v1/tools/{id}/transfers
	"list-users":                     anyone,       // GET /api/v1/users
	"open-issue":                     anyone,       // POST /api/v1/tools/{id}/issues
	"open-request":                   anyone,       // POST /api/v1/requests
	"open-sunset":                    managers,     // POST /api/v1/tools/{id}/sunset
	"priorities":                     anyone,       // GET /api/v1/priorities
	"put-team-definition":            managers,     // PUT /api/v1/teams/{name}
	"read-my-notification":           anyone,       // POST /api/v1/me/notifications/{id}/read
	"reassess-request":               managers,     // POST /api/v1/requests/{id}/reassess
	"record-review":                  managers,     // POST /api/v1/tools/{id}/reviews
	"recover-issue":                  engineers,    // POST /api/v1/tools/{id}/issues/{issue_id}/recover
	"remove-backlog-item":            engineers,    // POST /api/v1/backlog/items/{id}/remove
	"request-add-feedback":           engineers,    // POST /api/v1/requests/{id}/cocreate/feedback
	"request-add-functionality":      engineers,    // POST /api/v1/requests/{id}/cocreate/functionalities
	"request-add-merge-request":      engineers,    // POST /api/v1/requests/{id}/cocreate/merge-requests
	"request-add-phase":              engineers,    // POST /api/v1/requests/{id}/cocreate/roadmap/phases
	"request-add-sunsetting-issue":   engineers,    // POST /api/v1/requests/{id}/cocreate/roadmap/issues
	"request-advance-cocreate":       engineers,    // POST /api/v1/requests/{id}/cocreate/advance
	"request-answer-handover":        engineers,    // POST /api/v1/requests/{id}/cocreate/handover/answers
	"request-close-sunsetting-issue": engineers,    // POST /api/v1/requests/{id}/cocreate/roadmap/issues/{item_id}/close
	"request-comments":               notRequester, // GET /api/v1/requests/{id}/comments
	"request-complete-phase":         engineers,    // POST /api/v1/requests/{id}/cocreate/roadmap/phases/{item_id}/complete
	"request-events":                 notRequester, // GET /api/v1/requests/{id}/events
	"request-get-cocreate":           notRequester, // GET /api/v1/requests/{id}/cocreate (a requester: own and teams' requests only; the fixture's is neither)
	"request-update-cocreate":        engineers,    // PATCH /api/v1/requests/{id}/cocreate
	"request-update-functionality":   engineers,    // PATCH /api/v1/requests/{id}/cocreate/functionalities/{item_id}
	"request-update-merge-request":   engineers,    // PATCH /api/v1/requests/{id}/cocreate/merge-requests/{item_id}
	"requests-due":                   anyone,       // GET /api/v1/requests/due
	"retry-outbox-message":           admins,       // POST /api/v1/outbox/{id}/retry
	"reviews-due":                    anyone,       // GET /api/v1/reviews/due
	"revoke-token":                   admins,       // DELETE /api/v1/users/{username}/tokens/{token_id}
	"roll-back-sunset":               managers,     // POST /api/v1/tools/{id}/sunset/rollback
	"score-history":                  anyone,       // GET /api/v1/tools/{id}/scores
	"set-backlog-groups":             engineers,    // PUT /api/v1/backlog/groups
	"set-backlog-policies":           managers,     // PUT /api/v1/backlog/policies
	"set-backlog-settings":           managers,     // PUT /api/v1/backlog/settings
	"set-calendar":                   admins,       // PUT /api/v1/calendar
	"set-clock-policy":               managers,     // PUT /api/v1/clock-policy
	"set-gitlab-labels":              managers,     // PUT /api/v1/gitlab/labels
	"set-load":                       managers,     // PUT /api/v1/tools/{id}/load
	"set-process":                    managers,     // PUT /api/v1/process
	"set-review-policy":              managers,     // PUT /api/v1/reviews/policy
	"set-rubric":                     admins,       // PUT /api/v1/rubric
	"set-scores":                     managers,     // PUT /api/v1/tools/{id}/scores
	"set-sunset-policy":              admins,       // PUT /api/v1/sunset-policy
	"set-team":                       managers,     // PUT /api/v1/capacity/team
	"set-weights":                    managers,     // PUT /api/v1/priorities/weights
	"slo-report":                     anyone,       // GET /api/v1/reports/slo
	"start-cocreate":                 engineers,    // POST /api/v1/tools/{id}/cocreate
	"start-gitlab-sync":              engineers,    // POST /api/v1/gitlab/sync
	"start-request-cocreate":         engineers,    // POST /api/v1/requests/{id}/cocreate
	"step-maintainability":           engineers,    // PUT /api/v1/requests/{id}/maintainability
	"step-path-forward":              engineers,    // PUT /api/v1/requests/{id}/path-forward
	"step-path-to-product":           engineers,    // PUT /api/v1/requests/{id}/path-to-product
	"step-plan":                      engineers,    // PUT /api/v1/requests/{id}/plan
	"step-understanding":             engineers,    // PUT /api/v1/requests/{id}/understanding
	"take-on-backlog-item":           engineers,    // POST /api/v1/backlog/items/{id}/take-on
	"tool-events":                    anyone,       // GET /api/v1/tools/{id}/events
	"tool-signals":                   anyone,       // GET /api/v1/tools/{id}/signals
	"tooling-integration-report":     anyone,       // GET /api/v1/reports/tooling-integration
	"transfer-tool":                  managers,     // POST /api/v1/tools/{id}/transfer
	"triage-issue":                   engineers,    // POST /api/v1/tools/{id}/issues/{issue_id}/triage
	"update-adr":                     engineers,    // PATCH /api/v1/tools/{id}/adrs/{number}
	"update-cocreate":                engineers,    // PATCH /api/v1/tools/{id}/cocreate
	"update-functionality":           engineers,    // PATCH /api/v1/tools/{id}/cocreate/functionalities/{item_id}
	"update-me":                      anyone,       // PATCH /api/v1/me
	"update-merge-request":           engineers,    // PATCH /api/v1/tools/{id}/cocreate/merge-requests/{item_id}
	"update-sunset":                  engineers,    // PATCH /api/v1/tools/{id}/sunset
	"update-tool":                    engineers,    // PATCH /api/v1/tools/{id}
	"update-user":                    admins,       // PATCH /api/v1/users/{username}
	"whoami":                         anyone,       // GET /api/v1/me
	"withdraw-request":               engineers,    // POST /api/v1/requests/{id}/withdraw
	"zombies":                        anyone,       // GET /api/v1/reviews/zombies
}

// Sets of roles, as the role table of DESIGN.md grants them.
var (
	anyone       = core.Roles
	requesters   = anyone // everyone holds PermRequest
	engineers    = []core.Role{core.RoleEngineer, core.RoleManager, core.RoleAdmin}
	managers     = []core.Role{core.RoleManager, core.RoleAdmin}
	leadership   = []core.Role{core.RoleLeadership}
	admins       = []core.Role{core.RoleAdmin}
	notRequester = []core.Role{core.RoleEngineer, core.RoleManager, core.RoleLeadership, core.RoleAdmin}
)

var _ = []any{requesters, engineers, managers, leadership, admins, notRequester}

// matrixBodies are request bodies for operations whose generated sample
// does not pass validation (so that the permission check is reached).
var matrixBodies = map[string]any{
	"set-calendar": map[string]any{"reference_timezone": "UTC", "windows": []map[string]any{
		{"timezone": "UTC", "weekdays": []string{"mon", "tue", "wed", "thu", "fri"}, "start": "09:00", "end": "17:00"}}},
	"set-clock-policy": map[string]any{"at_risk_fraction": 0.75, "signal_breaches": 2, "signal_window_days": 90},
	// a manager's decision, so that leadership (which decides reprioritise) is refused too
	"decide-request": map[string]any{"decision": "build_internal", "basis": "matrix"},
}

// matrixBlind lists operations where every role gets the same answer on the
// fixture (the check is then blind), with the reason.
var matrixBlind = map[string]string{
	"agree-to-decision":    "the fixture's request has no decision waiting for agreement (409 for everyone)",
	"backlog-triage":       "its body depends on the process profile; PermEngineer in the service",
	"calendar-due":         "needs query parameters (422 for everyone); anyone may compute a due time",
	"backlog-item-events":  "no backlog item in the fixture (404 for everyone)",
	"get-backlog-item":     "no backlog item in the fixture (404 for everyone)",
	"get-cocreate":         "the fixture's tool has no co-create (404 for everyone)",
	"get-sunset":           "the fixture's tool has no sunset plan (404 for everyone)",
	"get-gitlab-sync":      "GitLab is not configured in tests (409 for everyone)",
	"read-my-notification": "no notification in the fixture (404 for everyone)",
}

// pathValues fill the path parameters of every operation.
var pathValues = map[string]string{"id": "1", "username": "admin", "token_id": "999", "issue_id": "1"}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// TestAuthorizationMatrix calls every operation of the OpenAPI document as
// each role and checks who is refused against authzMatrix.
func TestAuthorizationMatrix(t *testing.T) {
	env := testenv.New(t)
	w := wire{t, env}
	tokens := map[core.Role]string{core.RoleAdmin: testenv.AdminToken}
	for _, r := range core.Roles {
		if r != core.RoleAdmin {
			name := "as-" + string(r)
			if _, err := env.Admin.CreateUser(t.Context(), name, string(r)); err != nil {
				t.Fatal(err)
			}
			tok, err := env.Admin.CreateToken(t.Context(), name, "matrix")
			if err != nil {
				t.Fatal(err)
			}
			tokens[r] = tok.Token
		}
	}
	w.addTool(testenv.AdminToken, sampleTool("matrix", "high", "maintain"))
	w.admin(http.MethodPost, "/api/v1/tools/1/issues", map[string]any{"title": "down", "kind": "outage"},
		http.StatusCreated, nil)
	w.admin(http.MethodPost, "/api/v1/requests", map[string]any{"kind": "net_new", "title": "matrix", "requesting_team": "others"},
		http.StatusCreated, nil)

	res := w.admin(http.MethodGet, "/api/v1/openapi.json", nil, http.StatusOK, nil)
	var doc openAPIDoc
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, o := range doc.operations() {
		refused := map[core.Role]int{}
		statuses := map[int]int{}
		for _, r := range []core.Role{core.RoleRequester, core.RoleLeadership, core.RoleEngineer, core.RoleManager, core.RoleAdmin} {
			path := pathParam.ReplaceAllStringFunc(o.path, func(m string) string {
				if v, ok := pathValues[m[1:len(m)-1]]; ok {
					return v
				}
				return "1"
			})
			var body any
			if b, ok := matrixBodies[o.id]; ok {
				body = b
			} else if o.body != nil {
				body = doc.sample(o.body, 0)
			}
			var header map[string]string
			if o.method != http.MethodGet {
				header = map[string]string{"If-Match": "*"} // past version checks, to the permission check
			}
			got := w.send(tokens[r], o.method, path, header, body)
			statuses[got.Status]++
			if got.Status == http.StatusUnauthorized || got.Status >= 500 {
				t.Errorf("%s (%s %s) as %s: %d %s", o.id, o.method, o.path, r, got.Status, got.Body)
			}
			if got.Status == http.StatusForbidden {
				refused[r] = got.Status
			}
		}
		if st := onlyStatus(statuses); st >= 400 && st != http.StatusForbidden {
			if _, known := matrixBlind[o.id]; !known {
				t.Errorf("%s (%s %s): every role got %v, so the matrix cannot tell who may call it; "+
					"add a body that passes validation to matrixBodies, or say in matrixBlind why none can", o.id, o.method, o.path, statuses)
			}
		}
		allowed, ok := authzMatrix[o.id]
		if !ok {
			missing = append(missing, fmt.Sprintf("\t%q: %s, // %s %s", o.id, roleSet(core.Roles, refused), o.method, o.path))
			continue
		}
		for _, r := range core.Roles {
			want := slices.Contains(allowed, r)
			if _, no := refused[r]; no == want {
				t.Errorf("%s (%s %s) as %s: refused %t, the matrix says allowed %t", o.id, o.method, o.path, r, no, want)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("operations without a row in authzMatrix (internal/httpapi/authz_matrix_test.go); "+
			"check what was observed and add:\n%s", strings.Join(missing, "\n"))
	}
}

// onlyStatus is the one status every role got, or 0.
func onlyStatus(statuses map[int]int) int {
	if len(statuses) != 1 {
		return 0
	}
	for st := range statuses {
		return st
	}
	return 0
}

// roleSet names the allowed roles: those not refused.
func roleSet(all []core.Role, refused map[core.Role]int) string {
	var allowed []string
	for _, r := range all {
		if _, no := refused[r]; !no {
			allowed = append(allowed, string(r))
		}
	}
	for name, set := range map[string][]core.Role{"anyone": anyone, "engineers": engineers, "managers": managers,
		"leadership": leadership, "admins": admins, "notRequester": notRequester} {
		var s []string
		for _, r := range set {
			s = append(s, string(r))
		}
		if slices.Equal(s, allowed) {
			return name
		}
	}
	return fmt.Sprintf("%q", allowed)
}

// openAPIDoc is the part of the OpenAPI document the test reads.
type openAPIDoc struct {
	Paths      map[string]map[string]openAPIOp `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

type openAPIOp struct {
	OperationID string                `json:"operationId"`
	Security    []map[string][]string `json:"security"`
	RequestBody *struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
}

type operation struct {
	id, method, path string
	body             map[string]any
}

// operations lists the authenticated operations by id.
func (d openAPIDoc) operations() []operation {
	var out []operation
	for path, methods := range d.Paths {
		for method, o := range methods {
			if len(o.Security) == 0 || o.OperationID == "" {
				continue
			}
			op := operation{id: o.OperationID, method: strings.ToUpper(method), path: path}
			if o.RequestBody != nil {
				op.body = o.RequestBody.Content["application/json"].Schema
			}
			out = append(out, op)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// sample makes a value that satisfies a JSON schema as simply as it can:
// required properties only, the first enum value, minimum lengths and sizes.
func (d openAPIDoc) sample(s map[string]any, depth int) any {
	if ref, ok := s["$ref"].(string); ok {
		return d.sample(d.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")], depth+1)
	}
	if depth > 12 {
		return nil
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	typ, _ := s["type"].(string)
	if ts, ok := s["type"].([]any); ok {
		for _, x := range ts {
			if x != "null" {
				typ, _ = x.(string)
				break
			}
		}
	}
	num := func(k string, def float64) float64 {
		if v, ok := s[k].(float64); ok {
			return v
		}
		return def
	}
	switch typ {
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]any)
		for _, k := range req {
			if p, ok := props[k.(string)].(map[string]any); ok {
				out[k.(string)] = d.sample(p, depth+1)
			}
		}
		return out
	case "array":
		items, _ := s["items"].(map[string]any)
		out := []any{}
		for range int(num("minItems", 0)) {
			out = append(out, d.sample(items, depth+1))
		}
		return out
	case "integer", "number":
		return num("minimum", 1)
	case "boolean":
		return false
	case "string":
		switch s["format"] {
		case "date-time":
			return "2026-12-01T10:00:00Z"
		case "date":
			return "2026-12-01"
		case "uri":
			return "https://gitlab.com/groups/x/-/epics/1"
		}
		return "x" + strings.Repeat("x", max(0, int(num("minLength", 1))-1))
	}
	return nil
}
