package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// requestersWorld has a requester (rita), an engineer and a manager, rita's
// own request (team appsec) and someone else's (team sirt).
func requestersWorld(t *testing.T) (w wire, rita, erin, mona string, own, other int64) {
	env := testenv.New(t)
	w = wire{t, env}
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
	rita, erin, mona = tok("rita", "requester"), tok("erin", "engineer"), tok("mona", "manager")
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
	return w, rita, erin, mona, open(rita, "mine", "appsec"), open(testenv.AdminToken, "theirs", "sirt")
}

// TestDecidingChecksTheRoleBeforeTheState (issue 15): who may not decide
// gets 403, not the 409 of a request that is not at its decision step.
func TestDecidingChecksTheRoleBeforeTheState(t *testing.T) {
	w, rita, erin, mona, own, other := requestersWorld(t)
	decide := func(token string, id int64, decision string, want int) {
		t.Helper()
		w.call(token, http.MethodPost, "/api/v1/requests/"+itoa(id)+"/decision", map[string]string{"If-Match": "*"},
			map[string]any{"decision": decision, "basis": "because"}, want, nil)
	}
	decide(rita, other, "build_internal", http.StatusForbidden)
	decide(rita, own, "build_internal", http.StatusForbidden)
	decide(erin, other, "build_internal", http.StatusForbidden)
	decide(erin, other, "accept", http.StatusForbidden)
	decide(rita, other, "self_serve", http.StatusForbidden) // not her request
	// those who may decide are told about the state
	decide(mona, other, "build_internal", http.StatusConflict)
	decide(rita, own, "self_serve", http.StatusConflict) // the requesting team's own decision
}

// TestRequestCoCreateIsReadLikeTheRequest (issue 15): a requester reads the
// co-create of their own and their teams' requests only.
func TestRequestCoCreateIsReadLikeTheRequest(t *testing.T) {
	w, rita, erin, mona, own, other := requestersWorld(t)
	get := func(token string, id int64, want int) {
		t.Helper()
		w.call(token, http.MethodGet, "/api/v1/requests/"+itoa(id)+"/cocreate", nil, nil, want, nil)
	}
	get(rita, other, http.StatusForbidden)
	get(rita, own, http.StatusNotFound) // hers to read; it has no co-create
	get(erin, other, http.StatusNotFound)
	if res := w.send(mona, http.MethodPut, "/api/v1/teams/sirt", nil, map[string]any{"members": []string{"rita"}}); res.Status >= 300 {
		t.Fatalf("define team sirt: %d %s", res.Status, res.Body)
	}
	get(rita, other, http.StatusNotFound) // her team's now
}
