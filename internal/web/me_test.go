package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestMyNotificationsAndSettings(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	manager := signedIn(t, env, "max", core.RoleManager)
	must(t, manager.get("/me"), http.StatusOK, "No notifications.", `id="me-settings-form"`)
	// an empty backlog has no AppSec issue in flight: triage tells the managers
	must(t, manager.post("/backlog/triage", url.Values{"dry_run": {"false"}}), http.StatusSeeOther)
	p := manager.get("/me?unread=1")
	must(t, p, http.StatusOK, "1 unread.")
	m := regexp.MustCompile(`action="/me/notifications/(\d+)/read"`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no notification to mark read:\n%s", p.body)
	}
	other := signedIn(t, env, "rita", core.RoleRequester)
	must(t, other.post("/me/notifications/"+m[1]+"/read", url.Values{}), http.StatusNotFound)
	must(t, manager.post("/me/notifications/"+m[1]+"/read", url.Values{}), http.StatusSeeOther)
	must(t, manager.get("/me"), http.StatusOK, "0 unread.", "Notification "+m[1]+" marked read.")

	bad := manager.post("/me/settings", url.Values{"email": {"max@example.com"}, "email_notifications": {"on"}, "email_digest": {"weekly"}})
	must(t, bad, http.StatusUnprocessableEntity)
	if !regexp.MustCompile(`</select><span class="field-error" role="alert">[^<]*daily`).MatchString(bad.body) {
		t.Errorf("the bad digest is not shown next to its field:\n%s", bad.body)
	}
	must(t, manager.post("/me/settings", url.Values{"email": {"max@example.com"}, "email_digest": {"daily"}}), http.StatusSeeOther)
	u, err := env.Services.Access.User(ctx, core.System, "max")
	if err != nil || u.Email != "max@example.com" || u.EmailNotifications || u.EmailDigest != "daily" {
		t.Errorf("user: %+v %v", u, err)
	}
}
