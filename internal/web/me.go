package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
)

// meData is the signed-in person's notifications and settings.
type meData struct {
	User          access.User
	Notifications []notify.Notification
	Unread        int
	Next          string
}

// mePage shows the signed-in person's notifications, newest first (unread
// only with ?unread=1), and their email settings.
func (ui *UI) mePage(w http.ResponseWriter, r *http.Request) {
	v, err := ui.meView(r, nil)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "me", v)
}

func (ui *UI) meView(r *http.Request, form url.Values) (view, error) {
	ctx, actor := r.Context(), actorOf(r)
	var d meData
	var err error
	if d.User, err = ui.svc.Access.User(ctx, actor, actor.Username); err != nil {
		return view{}, err
	}
	var next string
	if ui.svc.Outbox != nil {
		d.Notifications, next, d.Unread, err = ui.svc.Outbox.MyNotifications(ctx, actor, page(r), r.URL.Query().Get("unread") != "")
		if err != nil {
			return view{}, err
		}
	}
	d.Next = nextLink(r, next)
	return view{Title: "My notifications", Nav: "me", Form: form, Data: d}, nil
}

// meSettings changes the person's own email address and choices.
func (ui *UI) meSettings(w http.ResponseWriter, r *http.Request) {
	ui.meForm(w, r, func() (string, error) {
		email, digest := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("email_digest")
		on := checked(r, "email_notifications")
		_, err := ui.svc.Access.UpdatePreferences(r.Context(), actorOf(r), access.Preferences{Email: &email,
			EmailNotifications: &on, EmailDigest: &digest})
		return "Your notification settings are saved.", err
	})
}

// meRead marks one of the person's notifications read.
func (ui *UI) meRead(w http.ResponseWriter, r *http.Request) {
	ui.meForm(w, r, func() (string, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return "", err
		}
		if ui.svc.Outbox == nil {
			return "", core.Errorf(core.NotFound, "notifications are not available")
		}
		_, err = ui.svc.Outbox.MarkRead(r.Context(), actorOf(r), id)
		return "Notification " + strconv.FormatInt(id, 10) + " marked read.", err
	})
}

// meForm runs one form of the page and redirects back (303), or shows the
// page again with the problem next to its field.
func (ui *UI) meForm(w http.ResponseWriter, r *http.Request, do func() (string, error)) {
	if err := r.ParseForm(); err != nil {
		ui.fail(w, r, core.Errorf(core.Invalid, "the form could not be read"))
		return
	}
	msg, err := do()
	if err != nil {
		v, verr := ui.meView(r, r.PostForm)
		if verr != nil {
			ui.fail(w, r, err)
			return
		}
		ui.render(w, r, ui.problem(err, &v), "me", v)
		return
	}
	ui.notice(r, msg)
	seeOther(w, r, "/me")
}
