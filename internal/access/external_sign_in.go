package access

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// ExternalIdentity is a person as an identity provider (GitLab through
// OpenID Connect) vouches for them: their username and their groups' paths.
type ExternalIdentity struct {
	Username string
	Groups   []string
}

// roleRank orders roles for choosing the highest a person's groups give.
var roleRank = map[core.Role]int{core.RoleRequester: 1, core.RoleLeadership: 2, core.RoleEngineer: 3,
	core.RoleManager: 4, core.RoleAdmin: 5}

// SignInExternal matches a person the provider vouches for to a user by
// username. groupRoles maps group paths to roles, and a person gets the
// highest role among their groups. An unknown person becomes a user with
// that role, or a requester when no group maps. A known user whose groups
// map gets that role. A disabled user is refused.
func (s *Service) SignInExternal(ctx context.Context, id ExternalIdentity, groupRoles map[string]core.Role) (User, error) {
	name := NormalizeUsername(id.Username)
	if name == "" {
		return User{}, core.Errorf(core.Unauthorized, "the identity provider named no username; sign in with a token instead")
	}
	var mapped core.Role
	for _, g := range id.Groups {
		if r, ok := groupRoles[g]; ok && roleRank[r] > roleRank[mapped] {
			mapped = r
		}
	}
	u, err := s.User(ctx, core.System, name)
	if core.IsCode(err, core.NotFound) {
		role := mapped
		if role == "" {
			role = core.RoleRequester
		}
		return s.CreateUser(ctx, core.System, User{Username: name, Role: role})
	}
	if err != nil {
		return User{}, err
	}
	if u.Disabled {
		return User{}, core.Errorf(core.Forbidden, "user %s is disabled; ask an admin to enable them", u.Username)
	}
	if mapped != "" && mapped != u.Role {
		return s.UpdateUser(ctx, core.System, u.Username, UserPatch{Role: &mapped})
	}
	return u, nil
}
