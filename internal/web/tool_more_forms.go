package web

import (
	"net/http"
	"strconv"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// adrCreate records an ADR of the tool (engineer); with supersedes, the
// named accepted ADR becomes superseded.
func adrCreate(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
	f := r.PostFormValue
	adr := inventory.ADR{Title: f("adr.title"), Status: inventory.ADRStatus(f("adr.status")), Context: f("adr.context"),
		Decision: f("adr.decision"), Consequences: f("adr.consequences"), Retrospective: checked(r, "adr.retrospective")}
	sup, err := formID(r, "adr.supersedes")
	if err != nil {
		return "", err
	}
	adr.Supersedes = sup
	got, err := ui.svc.Inventory.CreateADR(r.Context(), a, id, adr)
	return "ADR " + strconv.Itoa(got.Number) + " recorded.", formFields(err, "adr.")
}

// adrUpdate edits an ADR (engineer) at the version the form was read at.
func adrUpdate(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
	n, err := formInt(r, "number")
	if err != nil {
		return "", err
	}
	st := inventory.ADRStatus(r.PostFormValue("adr_edit.status"))
	p := inventory.ADRPatch{Title: formText(r, "adr_edit.title"), Context: formText(r, "adr_edit.context"),
		Decision: formText(r, "adr_edit.decision"), Consequences: formText(r, "adr_edit.consequences")}
	if st != "" {
		p.Status = &st
	}
	_, err = ui.svc.Inventory.UpdateADR(r.Context(), a, id, int(n), version(r), p)
	return "ADR " + strconv.FormatInt(n, 10) + " saved.", formFields(err, "adr_edit.")
}

// improvementPriority sets an improvement item's ProdSecEngPriority and
// target milestone (manager); it then shows in the priorities.
func improvementPriority(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
	im, err := formInt(r, "improvement")
	if err != nil {
		return "", err
	}
	prio, err := formWhole(r, "improvement_priority.priority")
	if err != nil {
		return "", err
	}
	_, err = ui.svc.Inventory.PrioritiseImprovement(r.Context(), a, id, im, inventory.ImprovementPriority{Priority: prio,
		Milestone: r.PostFormValue("improvement_priority.milestone")})
	return "Improvement prioritised.", formFields(err, "improvement_priority.")
}

// gitlabSync starts a reconcile of the tool's GitLab project issues
// (engineer); it runs in the background. Without GitLab configured the
// syncer refuses with why.
func gitlabSync(ui *UI, r *http.Request, a core.Actor, id int64) (string, error) {
	t, err := ui.svc.Inventory.Tool(r.Context(), a, id)
	if err != nil {
		return "", err
	}
	run, err := ui.svc.GitLabSync.Start(r.Context(), a, t.Name)
	return "GitLab sync " + strconv.FormatInt(run.ID, 10) + " started: the project's issues are applied in the background.",
		atField(err, "gitlab_sync")
}
