package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// TestUpdateMyPreferences: PATCH /api/v1/me changes only the fields sent,
// records one user.preferences_changed event, and a PATCH that changes
// nothing records none.
func TestUpdateMyPreferences(t *testing.T) {
	t.Parallel()
	w := wire{t, testenv.New(t)}
	tok := w.env.User("uma", core.RoleEngineer).Token
	var me httpapi.UserBody
	w.call(tok, http.MethodPatch, "/api/v1/me", nil, map[string]any{"email_digest": "daily"}, http.StatusOK, &me)
	if me.Username != "uma" || me.EmailDigest != "daily" {
		t.Errorf("after choosing the digest: %+v", me)
	}
	w.call(tok, http.MethodPatch, "/api/v1/me", nil, map[string]any{"email_digest": "daily"}, http.StatusOK, &me)
	evs, err := w.env.DB.Events(context.Background(), core.Subject{Type: "user", ID: me.ID}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var changed int
	for _, e := range evs {
		if e.Type == "user.preferences_changed" {
			changed++
		}
	}
	if changed != 1 {
		t.Errorf("%d user.preferences_changed events, want 1: %+v", changed, evs)
	}
}
