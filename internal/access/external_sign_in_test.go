package access_test

import (
	"context"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

func TestSignInExternalMatchesUsernameAndMapsGroups(t *testing.T) {
	env := testenv.New(t)
	svc, ctx := env.Services.Access, context.Background()
	roles := map[string]core.Role{"sec/eng": core.RoleEngineer, "sec/leads": core.RoleManager}

	u, err := svc.SignInExternal(ctx, access.ExternalIdentity{Username: "Newcomer", Groups: []string{"other"}}, roles)
	if err != nil || u.Username != "newcomer" || u.Role != core.RoleRequester {
		t.Fatalf("an unknown person in no mapped group: %+v, %v; want the requester newcomer", u, err)
	}
	u, err = svc.SignInExternal(ctx, access.ExternalIdentity{Username: "erin", Groups: []string{"sec/eng", "sec/leads"}}, roles)
	if err != nil || u.Role != core.RoleManager {
		t.Fatalf("a person in two mapped groups: %+v, %v; want the higher role, manager", u, err)
	}
	u, err = svc.SignInExternal(ctx, access.ExternalIdentity{Username: "newcomer", Groups: []string{"sec/eng"}}, roles)
	if err != nil || u.Role != core.RoleEngineer {
		t.Fatalf("a known person whose group now maps: %+v, %v; want engineer", u, err)
	}
	u, err = svc.SignInExternal(ctx, access.ExternalIdentity{Username: "newcomer"}, roles)
	if err != nil || u.Role != core.RoleEngineer {
		t.Fatalf("a known person with no mapped group keeps their role: %+v, %v", u, err)
	}
	disabled := true
	if _, err := svc.UpdateUser(ctx, core.System, "newcomer", access.UserPatch{Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SignInExternal(ctx, access.ExternalIdentity{Username: "newcomer"}, roles); !core.IsCode(err, core.Forbidden) {
		t.Fatalf("a disabled user signing in: %v, want forbidden", err)
	}
	if _, err := svc.SignInExternal(ctx, access.ExternalIdentity{}, roles); !core.IsCode(err, core.Unauthorized) {
		t.Fatalf("no username: %v, want unauthorized", err)
	}
}
