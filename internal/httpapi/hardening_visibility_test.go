package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// A requester reads their own requests and their teams' (comments and
// timeline included), not everyone's; engineers read all. Scores are set by
// managers, not engineers.
func TestRequestersReadTheirOwnAndTheirTeamsRequests(t *testing.T) {
	env := testenv.New(t)
	w := wire{t, env}
	tok := func(name, role string) string {
		if _, err := env.Admin.CreateUser(t.Context(), name, role); err != nil {
			t.Fatal(err)
		}
		tk, err := env.Admin.CreateToken(t.Context(), name, "t")
		if err != nil {
			t.Fatal(err)
		}
		return tk.Token
	}
	rita, erin, mona := tok("rita", "requester"), tok("erin", "engineer"), tok("mona", "manager")
	open := func(token, title, team string) int64 {
		var r struct {
			ID int64 `json:"id"`
		}
		res := w.call(token, http.MethodPost, "/api/v1/requests", nil,
			map[string]any{"kind": "net_new", "title": title, "requesting_team": team}, http.StatusCreated, nil)
		if err := json.Unmarshal(res.Body, &r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	own := open(rita, "mine", "appsec")
	other := open(testenv.AdminToken, "theirs", "sirt")
	for _, path := range []string{"", "/comments", "/events"} {
		w.call(rita, http.MethodGet, "/api/v1/requests/"+itoa(own)+path, nil, nil, http.StatusOK, nil)
		w.call(rita, http.MethodGet, "/api/v1/requests/"+itoa(other)+path, nil, nil, http.StatusForbidden, nil)
		w.call(erin, http.MethodGet, "/api/v1/requests/"+itoa(other)+path, nil, nil, http.StatusOK, nil)
	}
	w.call(rita, http.MethodPost, "/api/v1/requests/"+itoa(other)+"/comments", nil, map[string]any{"body": "hi"}, http.StatusForbidden, nil)
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	res := w.call(rita, http.MethodGet, "/api/v1/requests", nil, nil, http.StatusOK, nil)
	if err := json.Unmarshal(res.Body, &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].ID != own {
		t.Fatalf("rita lists %+v, want only her own request %d", list.Items, own)
	}
	// Once rita is in team sirt, its requests are hers to read too.
	if res := w.send(mona, http.MethodPut, "/api/v1/teams/sirt", nil, map[string]any{"members": []string{"rita"}}); res.Status >= 300 {
		t.Fatalf("define team sirt: %d %s", res.Status, res.Body)
	}
	w.call(rita, http.MethodGet, "/api/v1/requests/"+itoa(other)+"/comments", nil, nil, http.StatusOK, nil)
	res = w.call(rita, http.MethodGet, "/api/v1/requests", nil, nil, http.StatusOK, nil)
	if err := json.Unmarshal(res.Body, &list); err != nil || len(list.Items) != 2 {
		t.Fatalf("rita in sirt lists %+v, want 2 requests", list.Items)
	}

	tool := w.addTool(testenv.AdminToken, sampleTool("scored", "high", "maintain"))
	scores := map[string]any{"criticality": 3, "product_fit": 3, "maintainability": 3, "strategic_alignment": 3, "customer_value": 3}
	w.call(erin, http.MethodPut, toolURL(tool.ID, "/scores"), nil, scores, http.StatusForbidden, nil)
	w.call(mona, http.MethodPut, toolURL(tool.ID, "/scores"), nil, scores, http.StatusOK, nil)
}
