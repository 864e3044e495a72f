package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/bizhours"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/sunset"
	"gitlab.com/prodseceng/interlock/internal/teams"
)

// adminStep is one form of the admin page.
type adminStep func(ui *UI, r *http.Request, a core.Actor) (string, error)

// invalidJSON names a textarea whose JSON does not parse.
func invalidJSON(field string, err error) error {
	return &core.Error{Code: core.Invalid, Message: "the document is not valid JSON",
		Fields: []core.FieldError{{Field: field, Message: "is not valid JSON: " + err.Error()}}}
}

// rubricCriterion is a rubric criterion as the admin page edits it: the
// API's field names.
type rubricCriterion struct {
	ID          string           `json:"id"`
	Level       inventory.Health `json:"level"`
	Description string           `json:"description"`
}

func rubricDoc(r inventory.Rubric) []rubricCriterion {
	out := make([]rubricCriterion, 0, len(r.Criteria))
	for _, c := range r.Criteria {
		out = append(out, rubricCriterion{ID: c.ID, Level: c.Level, Description: c.Description})
	}
	return out
}

func indentJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func formFloat(r *http.Request, name string) float64 {
	f, _ := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue(name)), 64)
	return f
}

func formNumber(r *http.Request, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
	return n
}

// adminSteps are the forms of the admin page, by the path they post to.
var adminSteps = map[string]adminStep{
	"users": func(ui *UI, r *http.Request, a core.Actor) (string, error) {
		_, err := ui.svc.Access.CreateUser(r.Context(), a, access.User{Username: r.PostFormValue("username"),
			Role: core.Role(r.PostFormValue("role"))})
		return "User added.", err
	},
	"user": func(ui *UI, r *http.Request, a core.Actor) (string, error) {
		role, disabled := core.Role(r.PostFormValue("role")), checked(r, "disabled")
		_, err := ui.svc.Access.UpdateUser(r.Context(), a, r.PostFormValue("user"), access.UserPatch{Role: &role, Disabled: &disabled})
		return "User changed.", err
	},
	"clock-policy": func(ui *UI, r *http.Request, a core.Actor) (string, error) {
		_, err := ui.svc.Maintenance.SetClockPolicy(r.Context(), a, version(r), maintenance.ClockPolicy{
			AtRiskFraction: formFloat(r, "at_risk_fraction"), SignalBreaches: formNumber(r, "signal_breaches"),
			SignalWindowDays: formNumber(r, "signal_window_days")})
		return "Clock policy saved.", err
	},
	"review-policy": func(ui *UI, r *http.Request, a core.Actor) (string, error) {
		p := maintenance.ReviewPolicy{EveryMonths: map[inventory.Criticality]int{}, ZombieAfterDays: formNumber(r, "zombie_after_days")}
		for _, c := range inventory.Criticalities {
			p.EveryMonths[c] = formNumber(r, "every_months."+string(c))
		}
		_, err := ui.svc.Maintenance.SetPolicy(r.Context(), a, version(r), p)
		return "Review policy saved.", err
	},
	"sunset-policy": func(ui *UI, r *http.Request, a core.Actor) (string, error) {
		var p sunset.Policy
		var err error
		if p.NoticePeriodDays, err = formWhole(r, "notice_period_days"); err != nil {
			return "", err
		}
		if p.ReminderDaysBefore, err = formWhole(r, "reminder_days_before"); err != nil {
			return "", err
		}
		_, err = ui.svc.Sunset.SetPolicy(r.Context(), a, version(r), p)
		return "Sunset notice policy saved.", err
	},
	"calendar": func(ui *UI, r *http.Request, a core.Actor) (string, error) {
		var d bizhours.Document
		if err := json.Unmarshal([]byte(r.PostFormValue("calendar")), &d); err != nil {
			return "", invalidJSON("calendar", err)
		}
		_, err := ui.svc.Calendar.Set(r.Context(), a, version(r), d)
		return "Calendar saved.", err
	},
	"rubric": func(ui *UI, r *http.Request, a core.Actor) (string, error) {
		var doc []rubricCriterion
		if err := json.Unmarshal([]byte(r.PostFormValue("rubric")), &doc); err != nil {
			return "", invalidJSON("rubric", err)
		}
		rub := inventory.Rubric{}
		for _, c := range doc {
			rub.Criteria = append(rub.Criteria, inventory.Criterion{ID: c.ID, Level: c.Level, Description: c.Description})
		}
		_, err := ui.svc.Inventory.SetRubric(r.Context(), a, version(r), rub)
		return "Rubric saved.", err
	},
	"revoke-token": func(ui *UI, r *http.Request, a core.Actor) (string, error) {
		id, err := formInt(r, "token_id")
		if err != nil {
			return "", err
		}
		_, err = ui.svc.Access.RevokeToken(r.Context(), a, r.PostFormValue("revoke_user"), id)
		return "Token revoked.", atField(err, "token_id")
	},
	"gitlab-labels": adminGitLabLabels,
	"teams": func(ui *UI, r *http.Request, a core.Actor) (string, error) {
		if ui.svc.Teams == nil {
			return "", core.Errorf(core.NotFound, "teams are not available")
		}
		var members []string
		for _, m := range strings.Split(r.PostFormValue("members"), ",") {
			if m = strings.TrimSpace(m); m != "" {
				members = append(members, m)
			}
		}
		name, chat := strings.TrimSpace(r.PostFormValue("team")), strings.TrimSpace(r.PostFormValue("chat_webhook_url"))
		if chat == "" && !checked(r, "clear_chat_webhook") && name != "" {
			// the page never shows the webhook (its path is a secret): left
			// empty, a team's current one is kept
			if old, err := ui.svc.Teams.Team(r.Context(), a, name); err == nil {
				chat = old.ChatWebhookURL
			}
		}
		// the version the form was filled at (0 for a new team): the service
		// refuses a team changed or defined meanwhile, as If-Match does
		_, created, err := ui.svc.Teams.Put(r.Context(), a, name, version(r), teams.Team{
			Members: members, Email: strings.TrimSpace(r.PostFormValue("email")),
			ChatWebhookURL: chat, GitLabGroup: strings.TrimSpace(r.PostFormValue("gitlab_group"))})
		if core.IsCode(err, core.PreconditionFailed) {
			err = atField(err, "name")
		}
		if created {
			return "Team defined.", err
		}
		return "Team changed.", err
	},
}

// atField shows a refusal that names no field (a conflict, an unknown
// token) next to the form's field.
func atField(err error, field string) error {
	var ce *core.Error
	if !errors.As(err, &ce) || len(ce.Fields) > 0 || ce.Code == core.Internal {
		return err
	}
	out := *ce
	out.Fields = []core.FieldError{{Field: field, Message: ce.Message}}
	return &out
}

// adminAction runs one form of the admin page.
func (ui *UI) adminAction(w http.ResponseWriter, r *http.Request) {
	step, ok := adminSteps[r.PathValue("action")]
	if !ok {
		ui.fail(w, r, core.Errorf(core.NotFound, "there is no such form"))
		return
	}
	// The page is an admin's: refuse before the step, not after it wrote
	// (a manager may define teams through the API, but not from here).
	if err := actorOf(r).Require(core.PermAdminister, "the admin page"); err != nil {
		ui.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		ui.fail(w, r, core.Errorf(core.Invalid, "the form could not be read"))
		return
	}
	msg, err := step(ui, r, actorOf(r))
	ui.adminAfter(w, r, err, msg, "")
}
