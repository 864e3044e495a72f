package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/calendar"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/teams"
)

// adminData is what an admin manages: users, tokens, the calendar, the
// policies and the rubric.
type adminData struct {
	Users         []access.User
	Roles         []core.Role
	Calendar      calendar.Stored
	ClockPolicy   maintenance.ClockPolicy
	ReviewPolicy  maintenance.ReviewPolicy
	SunsetPolicy  sunset.Policy
	Rubric        inventory.Rubric
	Teams         []teams.Team
	Criticalities []inventory.Criticality
	CalendarJSON  string
	RubricJSON    string
	NewToken      string         // shown once, right after it is made
	Tokens        []access.Token // every user's tokens, to revoke one
	GitLab        adminGitLab    // the label mapping
}

// adminPage shows users (with forms to add one and to make a token), the
// calendar, the policies and the rubric. Only admins may read it.
func (ui *UI) adminPage(w http.ResponseWriter, r *http.Request) {
	v, err := ui.adminView(r)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "admin", v)
}

func (ui *UI) adminView(r *http.Request) (view, error) {
	ctx, actor := r.Context(), actorOf(r)
	if err := actor.Require(core.PermAdminister, "the admin page"); err != nil {
		return view{}, err
	}
	d := adminData{Roles: core.Roles}
	var err error
	if d.Users, err = ui.svc.Access.Users(ctx, actor); err != nil {
		return view{}, err
	}
	for _, u := range d.Users {
		toks, err := ui.svc.Access.Tokens(ctx, actor, u.Username)
		if err != nil {
			return view{}, err
		}
		for _, t := range toks {
			t.Username = u.Username
			d.Tokens = append(d.Tokens, t)
		}
	}
	if d.Calendar, err = ui.svc.Calendar.Get(ctx, actor); err != nil {
		return view{}, err
	}
	if d.ClockPolicy, err = ui.svc.Maintenance.ClockPolicy(ctx, actor); err != nil {
		return view{}, err
	}
	if d.ReviewPolicy, err = ui.svc.Maintenance.Policy(ctx, actor); err != nil {
		return view{}, err
	}
	if d.Rubric, err = ui.svc.Inventory.Rubric(ctx, actor); err != nil {
		return view{}, err
	}
	if d.SunsetPolicy, err = ui.svc.Sunset.Policy(ctx, actor); err != nil {
		return view{}, err
	}
	if ui.svc.Teams != nil {
		if d.Teams, err = ui.svc.Teams.Teams(ctx, actor); err != nil {
			return view{}, err
		}
	}
	if d.GitLab, err = ui.adminGitLabView(ctx, actor); err != nil {
		return view{}, err
	}
	d.Criticalities = inventory.Criticalities
	d.CalendarJSON, d.RubricJSON = indentJSON(d.Calendar.Document), indentJSON(rubricDoc(d.Rubric))
	return view{Title: "Admin", Nav: "admin", Form: teamForm(r, d.Teams), Data: d}, nil
}

// teamForm is the form's values: what was posted, or on GET /admin?team=NAME
// that team's definition, so that changing one field keeps the others (the
// chat webhook is never shown: left empty, it is kept), with the version it
// was read at: a team changed meanwhile is refused, not overwritten.
func teamForm(r *http.Request, defined []teams.Team) url.Values {
	name := r.URL.Query().Get("team")
	if r.Method != http.MethodGet || name == "" {
		return r.PostForm
	}
	for _, t := range defined {
		if teams.Key(t.Name) == teams.Key(name) {
			return url.Values{"team": {t.Name}, "members": {strings.Join(t.Members, ", ")}, "email": {t.Email},
				"gitlab_group": {t.GitLabGroup}, "version": {strconv.Itoa(t.Version)}}
		}
	}
	return url.Values{"team": {name}}
}

// adminCreateToken makes a token for a user and shows it once.
func (ui *UI) adminCreateToken(w http.ResponseWriter, r *http.Request) {
	if err := actorOf(r).Require(core.PermAdminister, "the admin page"); err != nil {
		ui.fail(w, r, err) // before the token is made: it could never be shown
		return
	}
	_, secret, err := ui.svc.Access.CreateToken(r.Context(), actorOf(r), r.PostFormValue("token_user"),
		access.TokenRequest{Name: r.PostFormValue("token_name")})
	ui.adminAfter(w, r, err, "Token made; it is shown only now.", secret)
}

// adminAfter shows the admin page after a form: with the problem next to
// its field, or with the notice (and a new token, which is never stored
// in the session).
func (ui *UI) adminAfter(w http.ResponseWriter, r *http.Request, err error, msg, secret string) {
	v, verr := ui.adminView(r)
	if verr != nil {
		ui.fail(w, r, verr)
		return
	}
	if err != nil {
		ui.render(w, r, ui.problem(err, &v), "admin", v)
		return
	}
	if secret == "" {
		ui.notice(r, msg)
		seeOther(w, r, "/admin")
		return
	}
	d := v.Data.(adminData)
	d.NewToken = secret
	v.Data, v.Notice = d, msg
	w.Header().Set("Cache-Control", "no-store")
	ui.render(w, r, http.StatusOK, "admin", v)
}
