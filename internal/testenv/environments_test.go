package testenv_test

import (
	"context"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// Each environment gets its own copy of the migrated template: what one
// test writes, another never sees.
func TestEnvironmentsDoNotShareTheTemplate(t *testing.T) {
	ctx := context.Background()
	a := testenv.New(t)
	if _, err := a.Admin.CreateUser(ctx, "only-in-a", "engineer"); err != nil {
		t.Fatal(err)
	}
	b := testenv.New(t)
	users, err := b.Services.Access.Users(ctx, core.System)
	if err != nil || len(users) != 1 || users[0].Username != "admin" {
		t.Fatalf("the second environment's users: %+v, %v", users, err)
	}
}
