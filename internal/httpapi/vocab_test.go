package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// The enums of the OpenAPI document come from the workflow packages: every
// vocabulary placeholder is filled in, and validation accepts exactly its
// values.
func TestEnumsComeFromTheWorkflowPackages(t *testing.T) {
	t.Parallel()
	env := testenv.New(t)
	res := env.Do(http.MethodGet, "/api/v1/openapi.json", "", nil, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	doc := string(res.Body)
	if strings.Contains(doc, `"@`) {
		i := strings.Index(doc, `"@`)
		t.Errorf("an enum placeholder is left in the document: %s", doc[i:min(len(doc), i+40)])
	}
	for name, values := range map[string][]string{
		"criticality": strs(inventory.Criticalities), "category": strs(inventory.Categories),
		"stage": strs(inventory.Stages), "health": strs(inventory.Healths), "role": strs(core.Roles),
	} {
		if !strings.Contains(doc, `"enum":["`+strings.Join(values, `","`)+`"]`) {
			t.Errorf("no %s enum with %v", name, values)
		}
	}
	body := map[string]any{"name": "scanner", "owner_team": "appsec", "stakeholder_teams": []string{"sirt"},
		"criticality": "urgent", "category": "maintain"}
	refused := jsonCall(t, env, http.MethodPost, "/api/v1/tools", body, http.StatusUnprocessableEntity)
	if !strings.Contains(strings.Join(problemFields(refused), " "), "criticality") {
		t.Errorf("an unknown criticality is not refused on its field: %v", refused)
	}
	body["criticality"] = string(inventory.Critical)
	jsonCall(t, env, http.MethodPost, "/api/v1/tools", body, http.StatusCreated)
	list := jsonCall(t, env, http.MethodGet, "/api/v1/tools?stage=planned", nil, http.StatusOK)
	if _, ok := list["items"]; !ok {
		t.Errorf("a stage from the vocabulary is refused as a filter: %v", list)
	}
	if r := env.Do(http.MethodGet, "/api/v1/tools?stage=gone", testenv.AdminToken, nil, nil); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a stage outside the vocabulary: %d", r.Status)
	}
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
