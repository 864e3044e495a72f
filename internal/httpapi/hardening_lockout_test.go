package httpapi_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// The sole admin cannot lock everyone out: not by revoking its last token,
// not by demoting or disabling itself. Each refusal is a 409 that says why.
func TestTheSoleAdminCannotLockItselfOut(t *testing.T) {
	env := testenv.New(t)
	w := wire{t, env}
	var toks items[httpapi.TokenBody]
	w.admin(http.MethodGet, "/api/v1/users/admin/tokens", nil, http.StatusOK, &toks)
	if len(toks.Items) != 1 {
		t.Fatalf("admin tokens = %+v", toks.Items)
	}
	last := toks.Items[0].ID
	res := w.admin(http.MethodDelete, "/api/v1/users/admin/tokens/"+itoa(last), nil, http.StatusConflict, nil)
	if !strings.Contains(string(res.Body), "last working token of the only admin") {
		t.Errorf("revoking the last token: %s", res.Body)
	}
	for _, body := range []map[string]any{{"role": "manager"}, {"disabled": true}} {
		res := w.admin(http.MethodPatch, "/api/v1/users/admin", body, http.StatusConflict, nil)
		if !strings.Contains(string(res.Body), "only admin") {
			t.Errorf("PATCH %v: %s", body, res.Body)
		}
	}
	// With a second token, the first may go; then the second is the last.
	var second struct {
		httpapi.TokenBody
		Token string `json:"token"`
	}
	w.admin(http.MethodPost, "/api/v1/users/admin/tokens", map[string]any{"name": "spare"}, http.StatusCreated, &second)
	if second.Prefix != second.Token[:10] {
		t.Errorf("prefix %q of %q", second.Prefix, second.Token)
	}
	w.admin(http.MethodDelete, "/api/v1/users/admin/tokens/"+itoa(last), nil, http.StatusOK, nil)
	w.call(second.Token, http.MethodDelete, "/api/v1/users/admin/tokens/"+itoa(second.ID), nil, nil, http.StatusConflict, nil)
	// With a second admin, the refusal names who can do it.
	w.call(second.Token, http.MethodPost, "/api/v1/users", nil, map[string]any{"username": "root2", "role": "admin"}, http.StatusCreated, nil)
	res = w.call(second.Token, http.MethodPatch, "/api/v1/users/admin", nil, map[string]any{"role": "manager"}, http.StatusConflict, nil)
	if !strings.Contains(string(res.Body), "root2") {
		t.Errorf("demoting oneself beside another admin: %s", res.Body)
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
