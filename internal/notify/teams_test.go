package notify_test

import (
	"context"
	"net/http"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestTeamsAreDefinedByManagersAndNamesInUseAreListedUndefined(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	env.User("ann", core.RoleEngineer)
	manager := env.User("mona", core.RoleManager)
	requester := env.User("rita", core.RoleRequester)
	if _, err := env.Admin.CreateTool(ctx, httpapi.ToolCreate{Name: "Scanner", OwnerTeam: "AppSec", StakeholderTeams: []string{"payments"},
		Criticality: "low", Category: "maintain"}); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Items []httpapi.TeamDefinition `json:"items"`
	}
	if _, err := manager.Get(ctx, "/api/v1/teams", nil, &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 2 || !list.Items[0].Undefined || list.Items[0].Name != "AppSec" || list.Items[1].Name != "payments" {
		t.Fatalf("teams before any is defined = %+v, want AppSec and payments, undefined", list.Items)
	}

	body := map[string]any{"members": []string{"ann", "Mona"}, "email": "appsec@example.com",
		"chat_webhook_url": "https://chat.example.com/hooks/x", "gitlab_group": "security/appsec"}
	var team httpapi.TeamDefinition
	res, err := manager.Do(ctx, http.MethodPut, "/api/v1/teams/appsec", nil, body, &team, "")
	if err != nil || team.Undefined || team.Email != "appsec@example.com" || len(team.Members) != 2 || team.Members[1] != "mona" || res.ETag == "" {
		t.Fatalf("defining appsec: %+v %v", team, err)
	}
	var got httpapi.TeamDefinition
	if _, err := manager.Get(ctx, "/api/v1/teams/APPSEC", nil, &got); err != nil || got.GitLabGroup != "security/appsec" || got.Undefined {
		t.Fatalf("reading appsec: %+v %v", got, err)
	}
	if _, err := manager.Get(ctx, "/api/v1/teams", nil, &list); err != nil || len(list.Items) != 2 || list.Items[0].Undefined {
		t.Fatalf("teams after defining appsec = %+v %v", list.Items, err)
	}
	if _, err := manager.Do(ctx, http.MethodPut, "/api/v1/teams/appsec", nil, body, nil, `"99"`); statusOf(err) != http.StatusPreconditionFailed {
		t.Errorf("a stale If-Match: %v, want 412", err)
	}

	for _, tc := range []struct {
		name  string
		as    *client.Client
		body  map[string]any
		want  int
		field string
	}{
		{"requester", requester, map[string]any{}, http.StatusForbidden, ""},
		{"unknown member", manager, map[string]any{"members": []string{"ann", "ghost"}}, 422, "body.members[1]"},
		{"bad email", manager, map[string]any{"email": "not an address"}, 422, "body.email"},
		{"bad webhook", manager, map[string]any{"chat_webhook_url": "ftp://x"}, 422, "body.chat_webhook_url"},
		{"bad group", manager, map[string]any{"gitlab_group": "a b"}, 422, "body.gitlab_group"},
	} {
		_, err := tc.as.Do(ctx, http.MethodPut, "/api/v1/teams/payments", nil, tc.body, nil, "")
		if statusOf(err) != tc.want {
			t.Errorf("%s: %v, want %d", tc.name, err, tc.want)
			continue
		}
		if tc.field != "" {
			var ce *client.Error
			found := false
			if asClientError(err, &ce) {
				for _, d := range ce.Problem.Errors {
					found = found || d.Location == tc.field
				}
			}
			if !found {
				t.Errorf("%s: %v does not name %s", tc.name, err, tc.field)
			}
		}
	}
	if _, err := requester.Get(ctx, "/api/v1/teams", nil, nil); statusOf(err) != http.StatusForbidden {
		t.Errorf("a requester listing teams: %v, want 403", err)
	}
	if _, err := manager.Get(ctx, "/api/v1/teams/nosuch", nil, nil); statusOf(err) != http.StatusNotFound {
		t.Errorf("an unknown team: %v, want 404", err)
	}
}

func TestUsersHaveAnEmailThatAdminsSetAndCheck(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	zoe := userWithEmail(t, env, "zoe", core.RoleEngineer, "zoe@example.com")
	var u httpapi.UserBody
	for _, digest := range []string{"daily", ""} {
		if _, err := zoe.Do(ctx, http.MethodPatch, "/api/v1/me", nil, map[string]any{"email_digest": digest}, &u, ""); err != nil || u.EmailDigest != digest {
			t.Fatalf("zoe setting email_digest %q: %+v %v", digest, u, err)
		}
	}
	if _, err := env.Admin.Do(ctx, http.MethodPatch, "/api/v1/users/zoe", nil, map[string]any{"email": "zoe@corp.example.com"}, &u, ""); err != nil ||
		u.Email != "zoe@corp.example.com" || !u.EmailNotifications {
		t.Fatalf("changing zoe's email: %+v %v", u, err)
	}
	_, err := env.Admin.Post(ctx, "/api/v1/users", map[string]any{"username": "bad", "role": "engineer", "email": "Bad <x@y>"}, nil)
	if statusOf(err) != 422 {
		t.Errorf("a display-name address: %v, want 422", err)
	}
}
