package core

import "testing"

func TestAmountsAsPeopleWriteThem(t *testing.T) {
	cases := []struct{ name, got, want string }{
		{"one thing", Count(1, "tool", "tools"), "1 tool"},
		{"no things", Count(0, "tool", "tools"), "0 tools"},
		{"many things", Count(3, "support issue", "support issues"), "3 support issues"},
		{"whole amount", Amount(12), "12"},
		{"decimal amount", Amount(12.5), "12.5"},
		{"rounded amount", Amount(1.25), "1.2"},
		{"one hour", Hours(1), "1 hour"},
		{"hours", Hours(40), "40 hours"},
		{"part hours", Hours(0.5), "0.5 hours"},
		{"one of two", OneOf([]Role{RoleManager, RoleAdmin}), "manager or admin"},
		{"one of many", OneOf(Roles), "requester, engineer, manager, leadership or admin"},
		{"enum", EnumValues([]Role{RoleManager, RoleAdmin}), "manager,admin"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}
}
