package notify

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// MyNotifications lists the messages addressed to the actor, as a user,
// through their teams or through their role, newest first, one page at a
// time. Anyone signed in may read their own.
func (s *Service) MyNotifications(ctx context.Context, actor core.Actor, page core.Page, unreadOnly bool) ([]Notification, string, int, error) {
	if err := actor.Require(core.PermRead, "reading your notifications"); err != nil {
		return nil, "", 0, err
	}
	page = page.Normalize()
	before, err := page.AfterID()
	if err != nil {
		return nil, "", 0, err
	}
	who := readerOf(actor)
	list, err := s.store.Notifications(ctx, who, before, page.Limit+1, unreadOnly)
	if err != nil {
		return nil, "", 0, err
	}
	next := ""
	if len(list) > page.Limit {
		list = list[:page.Limit]
		next = core.IDCursor(list[len(list)-1].Message.ID)
	}
	unread, err := s.store.UnreadCount(ctx, who)
	return list, next, unread, err
}

// MarkRead marks one of the actor's messages read; a message not addressed
// to them is not found.
func (s *Service) MarkRead(ctx context.Context, actor core.Actor, id int64) (Notification, error) {
	if err := actor.Require(core.PermRead, "reading your notifications"); err != nil {
		return Notification{}, err
	}
	return s.store.MarkRead(ctx, readerOf(actor), id, s.clock.Now())
}

func readerOf(a core.Actor) Reader {
	return Reader{UserID: a.UserID, Username: a.Username, Role: a.Role}
}
