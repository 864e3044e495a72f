package core

import "fmt"

// Role is what a user may do, as DESIGN.md's role table defines it.
type Role string

// The roles.
const (
	RoleRequester  Role = "requester"
	RoleEngineer   Role = "engineer"
	RoleManager    Role = "manager"
	RoleLeadership Role = "leadership"
	RoleAdmin      Role = "admin"
)

// Roles lists every role, for validation and documentation.
var Roles = []Role{RoleRequester, RoleEngineer, RoleManager, RoleLeadership, RoleAdmin}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Permission is one kind of action that the role table grants.
type Permission string

// The permissions, one per row of the role table.
const (
	// PermRead: see requests, tools and their timelines.
	PermRead Permission = "read"
	// PermRequest: open requests, answer templates, open support issues.
	PermRequest Permission = "request"
	// PermEngineer: work intake steps, edit the inventory, triage, run co-create and sunset.
	PermEngineer Permission = "engineer"
	// PermManage: the decisions the seeds give to ProdSecEng as a team, priorities, capacity.
	PermManage Permission = "manage"
	// PermLead: what the seeds reserve for leadership.
	PermLead Permission = "lead"
	// PermAdminister: users, tokens, calendar, rubric, integrations.
	PermAdminister Permission = "administer"
)

// grants is the role table. Admins hold every team permission so that a new
// install can be run by one person, but never leadership's: an agreement that
// the seeds reserve for leadership must come from someone in that role.
var grants = map[Role][]Permission{
	RoleRequester:  {PermRead, PermRequest},
	RoleEngineer:   {PermRead, PermRequest, PermEngineer},
	RoleManager:    {PermRead, PermRequest, PermEngineer, PermManage},
	RoleLeadership: {PermRead, PermRequest, PermLead},
	RoleAdmin:      {PermRead, PermRequest, PermEngineer, PermManage, PermAdminister},
}

// Can reports whether the role holds permission p.
func (r Role) Can(p Permission) bool {
	for _, g := range grants[r] {
		if g == p {
			return true
		}
	}
	return false
}

// RolesWith lists the roles that hold p, for error messages.
func RolesWith(p Permission) []Role {
	var out []Role
	for _, r := range Roles {
		if r.Can(p) {
			out = append(out, r)
		}
	}
	return out
}

// Actor is the user on whose behalf a change is made. Every change records one.
type Actor struct {
	UserID   int64
	Username string
	Role     Role
}

// System is the actor of changes the service makes on its own, such as
// background jobs and the first start.
var System = Actor{Username: "interlock", Role: RoleAdmin}

// Require returns a Forbidden error naming the roles that may do what, unless
// the actor's role holds p.
func (a Actor) Require(p Permission, what string) error {
	if a.Role.Can(p) {
		return nil
	}
	return Errorf(Forbidden, "%s needs the role %s; %s has the role %s",
		what, roleList(RolesWith(p)), a.Username, a.Role)
}

func roleList(rs []Role) string {
	switch len(rs) {
	case 0:
		return "(none)"
	case 1:
		return string(rs[0])
	}
	s := ""
	for i, r := range rs {
		switch {
		case i == len(rs)-1:
			s += " or " + string(r)
		case i > 0:
			s += ", " + string(r)
		default:
			s += string(r)
		}
	}
	return s
}

// String returns the actor's username.
func (a Actor) String() string { return fmt.Sprint(a.Username) }
