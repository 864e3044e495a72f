package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// adminGitLab is what the admin page shows of GitLab: the label mapping,
// a row per kind label and a blank one to add another.
type adminGitLab struct {
	Labels     gitlab.LabelMapping
	KindRows   []gitlab.KindLabel
	Kinds      []maintenance.IssueKind
	Severities []string
}

// blankKindRows is how many blank rows the label mapping form offers.
const blankKindRows = 1

// adminGitLabView reads the label mapping (GET /api/v1/gitlab/labels).
func (ui *UI) adminGitLabView(ctx context.Context, a core.Actor) (adminGitLab, error) {
	d := adminGitLab{Kinds: maintenance.IssueKinds, Severities: gitlab.VulnerabilitySeverities}
	if ui.svc.GitLabHooks == nil {
		return d, nil
	}
	var err error
	if d.Labels, err = ui.svc.GitLabHooks.Labels().Get(ctx, a); err != nil {
		return d, err
	}
	d.KindRows = append(append([]gitlab.KindLabel{}, d.Labels.KindLabels...), make([]gitlab.KindLabel, blankKindRows)...)
	return d, nil
}

// Has reports whether severity blocks in the mapping, for its checkbox.
func (d adminGitLab) Has(severity string) bool { return d.Labels.SeverityBlocks(severity) }

// adminGitLabLabels replaces the label mapping (PUT /api/v1/gitlab/labels,
// manager; on this page an admin) at the version the form was filled at.
// Kind rows are kind_labels[i].label and .kind, as the service names them;
// a row left blank is dropped, and a refusal is shown in the row posted.
func adminGitLabLabels(ui *UI, r *http.Request, a core.Actor) (string, error) {
	if ui.svc.GitLabHooks == nil {
		return "", core.Errorf(core.NotFound, "the GitLab label mapping is not available")
	}
	m := gitlab.LabelMapping{BlockingLabels: lines(r.PostFormValue("blocking_labels")),
		ConfidentialKind:   maintenance.IssueKind(strings.TrimSpace(r.PostFormValue("confidential_kind"))),
		BlockingSeverities: r.PostForm["blocking_vulnerability_severities"]}
	var rows []int // the form's row of each kind label kept
	for i := 0; ; i++ {
		k := fmt.Sprintf("kind_labels[%d]", i)
		if _, ok := r.PostForm[k+".label"]; !ok {
			break
		}
		label, kind := strings.TrimSpace(r.PostFormValue(k+".label")), r.PostFormValue(k+".kind")
		if label == "" {
			continue // a blank row
		}
		m.KindLabels = append(m.KindLabels, gitlab.KindLabel{Label: label, Kind: maintenance.IssueKind(kind)})
		rows = append(rows, i)
	}
	_, err := ui.svc.GitLabHooks.Labels().Set(r.Context(), a, version(r), m)
	return "The GitLab label mapping is saved.", atField(kindRows(err, rows), "blocking_labels")
}

var kindRowField = regexp.MustCompile(`^kind_labels\[(\d+)\]`)

// kindRows names the refused kind labels by the form's rows, not by their
// place among the rows kept.
func kindRows(err error, rows []int) error {
	var ce *core.Error
	if !errors.As(err, &ce) || len(ce.Fields) == 0 {
		return err
	}
	out := *ce
	out.Fields = nil
	for _, f := range ce.Fields {
		if m := kindRowField.FindStringSubmatch(f.Field); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(rows) {
				f.Field = fmt.Sprintf("kind_labels[%d]", rows[i]) + strings.TrimPrefix(f.Field, m[0])
			}
		}
		out.Fields = append(out.Fields, f)
	}
	return &out
}

// adminGitLabSync starts a sync of every tool linked to a GitLab project
// (POST /api/v1/gitlab/sync without a tool). The service decides who may
// (engineer); the form is on the admin page, so an admin sees the page
// again, anyone else the refusal alone or a notice on /tools.
func (ui *UI) adminGitLabSync(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	run, err := ui.svc.GitLabSync.Start(r.Context(), a, "")
	err = atField(err, "gitlab_sync_all")
	msg := "GitLab sync " + strconv.FormatInt(run.ID, 10) + " started: every linked tool's issues are applied in the background."
	if a.Require(core.PermAdminister, "the admin page") == nil {
		ui.adminAfter(w, r, err, msg, "")
		return
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.notice(r, msg)
	seeOther(w, r, "/tools")
}
