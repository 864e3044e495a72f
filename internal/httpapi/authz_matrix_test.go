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
	// ROWS
}

// Sets of roles, as the role table of DESIGN.md grants them.
var (
	anyone      = core.Roles
	requesters  = anyone // everyone holds PermRequest
	engineers   = []core.Role{core.RoleEngineer, core.RoleManager, core.RoleAdmin}
	managers    = []core.Role{core.RoleManager, core.RoleAdmin}
	leadership  = []core.Role{core.RoleLeadership}
	admins      = []core.Role{core.RoleAdmin}
	notRequester = []core.Role{core.RoleEngineer, core.RoleManager, core.RoleLeadership, core.RoleAdmin}
)

var _ = []any{requesters, engineers, managers, leadership, admins, notRequester}

// pathValues fill the path parameters of every operation.
var pathValues = map[string]string{"id": "1", "username": "admin", "token_id": "999"}

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
		for _, r := range []core.Role{core.RoleRequester, core.RoleLeadership, core.RoleEngineer, core.RoleManager, core.RoleAdmin} {
			path := pathParam.ReplaceAllStringFunc(o.path, func(m string) string {
				if v, ok := pathValues[m[1:len(m)-1]]; ok {
					return v
				}
				return "1"
			})
			var body any
			if o.body != nil {
				body = doc.sample(o.body, 0)
			}
			got := w.send(tokens[r], o.method, path, nil, body)
			if got.Status == http.StatusUnauthorized || got.Status >= 500 {
				t.Errorf("%s (%s %s) as %s: %d %s", o.id, o.method, o.path, r, got.Status, got.Body)
			}
			if got.Status == http.StatusForbidden {
				refused[r] = got.Status
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
