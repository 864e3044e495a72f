package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// putConfig replaces shared configuration as a client should: it reads the
// current ETag and sends it back in If-Match.
func putConfig(t *testing.T, env *testenv.Env, path string, body any, want int) map[string]any {
	t.Helper()
	cur := env.Do(http.MethodGet, path, testenv.AdminToken, nil, nil)
	if cur.Header.Get("ETag") == "" {
		t.Fatalf("GET %s: no ETag (%d)\n%s", path, cur.Status, cur.Body)
	}
	raw, _ := json.Marshal(body)
	res := env.Do(http.MethodPut, path, testenv.AdminToken, raw, map[string]string{"If-Match": cur.Header.Get("ETag")})
	if res.Status != want {
		t.Fatalf("PUT %s: status %d, want %d\n%s", path, res.Status, want, res.Body)
	}
	var out map[string]any
	if len(res.Body) > 0 {
		if err := json.Unmarshal(res.Body, &out); err != nil {
			t.Fatalf("PUT %s: %v\n%s", path, err, res.Body)
		}
	}
	return out
}

// configReplaces are the replaces of shared configuration, with a body that
// is valid for each.
var configReplaces = map[string]string{
	"/api/v1/calendar":           `{"reference_timezone":"UTC","windows":[{"timezone":"UTC","weekdays":["mon","tue","wed","thu","fri"],"start":"09:00","end":"17:00"}],"holidays":[]}`,
	"/api/v1/rubric":             "",
	"/api/v1/clock-policy":       `{"at_risk_fraction":0.5,"signal_breaches":2,"signal_window_days":90}`,
	"/api/v1/reviews/policy":     `{"every_months":{"critical":1,"high":2,"medium":6,"low":12},"zombie_after_days":180}`,
	"/api/v1/sunset-policy":      `{"notice_period_days":30,"reminder_days_before":7}`,
	"/api/v1/priorities/weights": `{"criticality":2,"product_fit":1,"maintainability":1,"strategic_alignment":1,"customer_value":1}`,
	"/api/v1/capacity/team":      `{"members":[{"name":"erin","hours_per_week":10}]}`,
}

// Every replace of shared configuration needs If-Match: 428 without it, 412
// when stale, and the current ETag succeeds and moves the ETag on. The
// OpenAPI document says so.
func TestSharedConfigurationNeedsIfMatch(t *testing.T) {
	env := testenv.New(t)
	for path, body := range configReplaces {
		t.Run(path, func(t *testing.T) {
			cur := env.Do(http.MethodGet, path, testenv.AdminToken, nil, nil)
			tag := cur.Header.Get("ETag")
			if cur.Status != http.StatusOK || tag == "" {
				t.Fatalf("GET: %d, ETag %q", cur.Status, tag)
			}
			if body == "" { // the rubric: send back what was read
				var m map[string]any
				_ = json.Unmarshal(cur.Body, &m)
				delete(m, "$schema")
				delete(m, "version")
				b, _ := json.Marshal(map[string]any{"criteria": m["criteria"]})
				body = string(b)
			}
			res := env.Do(http.MethodPut, path, testenv.AdminToken, []byte(body), nil)
			if res.Status != http.StatusPreconditionRequired || !strings.Contains(string(res.Body), "If-Match") {
				t.Fatalf("without If-Match: %d\n%s", res.Status, res.Body)
			}
			res = env.Do(http.MethodPut, path, testenv.AdminToken, []byte(body), map[string]string{"If-Match": `"4242"`})
			if res.Status != http.StatusPreconditionFailed {
				t.Fatalf("with a stale If-Match: %d\n%s", res.Status, res.Body)
			}
			res = env.Do(http.MethodPut, path, testenv.AdminToken, []byte(body), map[string]string{"If-Match": tag})
			if res.Status != http.StatusOK || res.Header.Get("ETag") == tag {
				t.Fatalf("with the current ETag %s: %d, ETag %q\n%s", tag, res.Status, res.Header.Get("ETag"), res.Body)
			}
			res = env.Do(http.MethodPut, path, testenv.AdminToken, []byte(body), map[string]string{"If-Match": tag})
			if res.Status != http.StatusPreconditionFailed {
				t.Fatalf("with the ETag a change made stale: %d\n%s", res.Status, res.Body)
			}
		})
	}
	var doc struct {
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Parameters  []struct {
				Name     string `json:"name"`
				In       string `json:"in"`
				Required bool   `json:"required"`
			} `json:"parameters"`
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	res := env.Do(http.MethodGet, "/api/v1/openapi.json", "", nil, nil)
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Servers) == 0 || doc.Servers[0].URL == "" {
		t.Errorf("the OpenAPI document names no servers")
	}
	for path := range configReplaces {
		o := doc.Paths[path]["put"]
		required := false
		for _, p := range o.Parameters {
			if p.In == "header" && p.Name == "If-Match" {
				required = p.Required
			}
		}
		if !required {
			t.Errorf("PUT %s (%s): If-Match is not marked required", path, o.OperationID)
		}
		for _, code := range []string{"409", "412", "428"} {
			if _, ok := o.Responses[code]; !ok {
				t.Errorf("PUT %s (%s): no %s response documented", path, o.OperationID, code)
			}
		}
	}
}

// No schema is named <something>Response: code generators (oapi-codegen)
// name their own types so, and the client would not compile.
func TestSchemaNamesDoNotEndInResponse(t *testing.T) {
	env := testenv.New(t)
	res := env.Do(http.MethodGet, "/api/v1/openapi-3.0.json", "", nil, nil)
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(res.Body, &doc); err != nil || len(doc.Components.Schemas) == 0 {
		t.Fatalf("the 3.0 document: %v", err)
	}
	for name := range doc.Components.Schemas {
		if strings.HasSuffix(name, "Response") {
			t.Errorf("schema %s ends in Response", name)
		}
	}
}
