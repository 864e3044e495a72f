package core

import (
	"strings"
	"testing"
)

func TestCheckVersion(t *testing.T) {
	tests := []struct {
		name       string
		have, want int
		required   bool
		code       Code
	}{
		{"same version", 3, 3, true, ""},
		{"stale", 4, 3, true, PreconditionFailed},
		{"unknown tag", 4, UnknownVersion, false, PreconditionFailed},
		{"any", 4, AnyVersion, true, ""},
		{"missing but required", 4, NoVersion, true, PreconditionNeeded},
		{"missing and optional", 4, NoVersion, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorCode(CheckVersion("the tool", tc.have, tc.want, tc.required)); got != tc.code {
				t.Errorf("code = %q, want %q", got, tc.code)
			}
		})
	}
}

func TestRoleTable(t *testing.T) {
	tests := []struct {
		role Role
		can  []Permission
		not  []Permission
	}{
		{RoleRequester, []Permission{PermRead, PermRequest}, []Permission{PermEngineer, PermManage, PermLead, PermAdminister}},
		{RoleEngineer, []Permission{PermRead, PermRequest, PermEngineer}, []Permission{PermManage, PermLead, PermAdminister}},
		{RoleManager, []Permission{PermEngineer, PermManage}, []Permission{PermLead, PermAdminister}},
		{RoleLeadership, []Permission{PermRead, PermRequest, PermLead}, []Permission{PermEngineer, PermManage, PermAdminister}},
		{RoleAdmin, []Permission{PermEngineer, PermManage, PermAdminister}, []Permission{PermLead}},
	}
	for _, tc := range tests {
		t.Run(string(tc.role), func(t *testing.T) {
			for _, p := range tc.can {
				if !tc.role.Can(p) {
					t.Errorf("%s cannot %s", tc.role, p)
				}
			}
			for _, p := range tc.not {
				if tc.role.Can(p) {
					t.Errorf("%s can %s", tc.role, p)
				}
			}
		})
	}
	err := Actor{Username: "rita", Role: RoleRequester}.Require(PermManage, "deciding an intake")
	if !IsCode(err, Forbidden) || !strings.Contains(err.Error(), "manager or admin") || !strings.Contains(err.Error(), "rita has the role requester") {
		t.Errorf("refusal = %v; it must name the roles that may and the actor's role", err)
	}
}

func TestCursors(t *testing.T) {
	id, err := Page{Cursor: IDCursor(42)}.AfterID()
	if err != nil || id != 42 {
		t.Errorf("AfterID(IDCursor(42)) = %d, %v", id, err)
	}
	if id, err := (Page{}).AfterID(); err != nil || id != 0 {
		t.Errorf("first page = %d, %v", id, err)
	}
	for _, bad := range []string{"!!", EncodeCursor("abc"), EncodeCursor("-5")} {
		if _, err := (Page{Cursor: bad}).AfterID(); !IsCode(err, Invalid) {
			t.Errorf("cursor %q: err = %v, want invalid", bad, err)
		}
	}
	if p := (Page{Limit: 10000}).Normalize(); p.Limit != MaxLimit {
		t.Errorf("limit capped at %d, want %d", p.Limit, MaxLimit)
	}
}

func TestProblemsNameEveryField(t *testing.T) {
	var p Problems
	p.Require(false, "a", "is required", nil)
	p.MaxLen("b", "héllo", 4)
	p.MaxLen("c", "héllo", 5)
	err := p.Err("bad")
	e, ok := err.(*Error)
	if !ok || len(e.Fields) != 2 || e.Fields[0].Field != "a" || e.Fields[1].Field != "b" {
		t.Errorf("err = %v, want fields a and b (length counts characters, not bytes)", err)
	}
}

func TestPageByID(t *testing.T) {
	all := []int64{1, 2, 3, 4, 5}
	fetch := func(after int64, limit int) ([]int64, error) {
		var out []int64
		for _, v := range all {
			if v > after && len(out) < limit {
				out = append(out, v)
			}
		}
		return out, nil
	}
	id := func(v int64) int64 { return v }
	var seen []int64
	p := Page{Limit: 2}
	for range 5 {
		items, next, err := PageByID(p, fetch, id)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, items...)
		if next == "" {
			break
		}
		p.Cursor = next
	}
	if len(seen) != 5 || seen[4] != 5 {
		t.Errorf("pages gave %v, want every item once", seen)
	}
}
