package notify_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

type myList struct {
	Items       []httpapi.NotificationBody `json:"items"`
	UnreadCount int                        `json:"unread_count"`
	NextCursor  string                     `json:"next_cursor"`
}

func mine(t *testing.T, c *client.Client, query map[string][]string) myList {
	t.Helper()
	var out myList
	if _, err := c.Get(context.Background(), "/api/v1/me/notifications", query, &out); err != nil {
		t.Fatalf("my notifications: %v", err)
	}
	return out
}

func titles(l myList) []string {
	out := []string{}
	for _, n := range l.Items {
		out = append(out, n.Title)
	}
	return out
}

func TestRequesterIsForbiddenTheOutboxAndManagersMayReadIt(t *testing.T) {
	env := testenv.New(t)
	for _, tc := range []struct {
		role core.Role
		want int
	}{{core.RoleRequester, http.StatusForbidden}, {core.RoleEngineer, http.StatusForbidden},
		{core.RoleManager, http.StatusOK}, {core.RoleAdmin, http.StatusOK}} {
		c := env.User("u-"+string(tc.role), tc.role)
		_, err := c.Get(context.Background(), "/api/v1/outbox", nil, nil)
		if got := statusOf(err); got != tc.want {
			t.Errorf("%s reading the outbox: %d (%v), want %d", tc.role, got, err, tc.want)
		}
	}
}

func TestMyNotificationsAreMineThroughUserTeamAndRoleWithReadState(t *testing.T) {
	env := testenv.New(t)
	rita := env.User("rita", core.RoleRequester)
	sam := env.User("sam", core.RoleRequester)
	mona := env.User("mona", core.RoleManager)
	putTeam(t, env, "Payments", map[string]any{"members": []string{"rita"}})
	putTeam(t, env, "appsec", map[string]any{"members": []string{"mona"}})
	enqueue(t, env,
		core.Message{Topic: "t", Title: "to payments", Recipients: []core.Recipient{{Kind: "team", Name: "payments", Reason: "stakeholder team"}}},
		core.Message{Topic: "t", Title: "to appsec", Recipients: []core.Recipient{{Kind: "team", Name: "appsec"}}},
		core.Message{Topic: "t", Title: "to managers", Recipients: []core.Recipient{{Kind: "role", Name: "manager"}}},
		core.Message{Topic: "t", Title: "to sam", Recipients: []core.Recipient{{Kind: "user", Name: "sam"}}},
		core.Message{Topic: "t", Title: "to rita", Subject: core.Subject{Type: "request", ID: 3}, Recipients: []core.Recipient{{Kind: "user", Name: "rita"}}},
	)

	r := mine(t, rita, nil)
	if fmt.Sprint(titles(r)) != "[to rita to payments]" || r.UnreadCount != 2 {
		t.Fatalf("rita's notifications = %v (unread %d), want [to rita to payments], 2 unread", titles(r), r.UnreadCount)
	}
	if r.Items[0].Path != "/requests/3" || r.Items[0].Read {
		t.Errorf("first item = %+v, want unread, path /requests/3", r.Items[0])
	}
	if rs := r.Items[1].Reasons; len(rs) != 1 || rs[0].Kind != "team" || rs[0].Reason != "stakeholder team" {
		t.Errorf("reasons of the team message = %+v", rs)
	}
	if s := mine(t, sam, nil); fmt.Sprint(titles(s)) != "[to sam]" {
		t.Errorf("sam (a requester in no team) sees %v, want only [to sam]", titles(s))
	}
	if m := mine(t, mona, nil); fmt.Sprint(titles(m)) != "[to managers to appsec]" {
		t.Errorf("mona sees %v, want [to managers to appsec]", titles(m))
	}

	// Paging, newest first.
	p1 := mine(t, rita, map[string][]string{"limit": {"1"}})
	p2 := mine(t, rita, map[string][]string{"limit": {"1"}, "cursor": {p1.NextCursor}})
	if fmt.Sprint(titles(p1), titles(p2)) != "[to rita] [to payments]" || p2.NextCursor != "" {
		t.Errorf("pages = %v %v (next %q)", titles(p1), titles(p2), p2.NextCursor)
	}

	// Read and unread.
	payments := r.Items[1].ID
	var read httpapi.NotificationBody
	if _, err := rita.Post(context.Background(), fmt.Sprintf("/api/v1/me/notifications/%d/read", payments), nil, &read); err != nil || !read.Read {
		t.Fatalf("mark read: %+v %v", read, err)
	}
	u := mine(t, rita, map[string][]string{"unread": {"true"}})
	if fmt.Sprint(titles(u)) != "[to rita]" || u.UnreadCount != 1 {
		t.Errorf("unread after reading one = %v (count %d)", titles(u), u.UnreadCount)
	}
	if all := mine(t, rita, nil); !all.Items[1].Read || all.Items[0].Read {
		t.Errorf("read flags = %v %v", all.Items[0].Read, all.Items[1].Read)
	}

	// Someone else's message is not found, not readable.
	appsec := mine(t, mona, nil).Items[1].ID
	_, err := rita.Post(context.Background(), fmt.Sprintf("/api/v1/me/notifications/%d/read", appsec), nil, nil)
	if statusOf(err) != http.StatusNotFound {
		t.Errorf("rita marking appsec's message read: %v, want 404", err)
	}
}
