package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// IssueBody is a support issue with its clocks. Clock states are as of the
// answer; deadlines were fixed when the issue opened.
type IssueBody struct {
	ID                  int64       `json:"id"`
	ToolID              int64       `json:"tool_id"`
	Title               string      `json:"title"`
	Kind                string      `json:"kind" enum:"@issue_kind"`
	BlocksFunctionality bool        `json:"blocks_functionality"`
	OpenedAt            time.Time   `json:"opened_at"`
	Reporter            string      `json:"reporter"`
	ExternalURL         string      `json:"external_url"`
	External            bool        `json:"external"`
	State               string      `json:"state" enum:"@issue_state"`
	Assignee            string      `json:"assignee"`
	TriagedAt           *time.Time  `json:"triaged_at"`
	RecoveredAt         *time.Time  `json:"recovered_at"`
	ClosedAt            *time.Time  `json:"closed_at"`
	CloseReason         string      `json:"close_reason"`
	CommitmentLevel     string      `json:"commitment_level" doc:"The tool's commitment level when the issue opened"`
	CommitmentNote      string      `json:"commitment_note"`
	SLOTarget           *TargetBody `json:"slo_target"`
	RTOTarget           *TargetBody `json:"rto_target"`
	SLODueAt            *time.Time  `json:"slo_due_at"`
	RTODueAt            *time.Time  `json:"rto_due_at"`
	SLOAtRiskAt         *time.Time  `json:"slo_at_risk_at"`
	RTOAtRiskAt         *time.Time  `json:"rto_at_risk_at"`
	SLOState            string      `json:"slo_state" enum:"@clock_state"`
	RTOState            string      `json:"rto_state" enum:"@clock_state"`
	SLONote             string      `json:"slo_note,omitempty"`
	RTONote             string      `json:"rto_note,omitempty"`
	TimeToTriage        *string     `json:"time_to_triage" doc:"Business time from opening to triage"`
	TimeToRecover       *string     `json:"time_to_recover" doc:"Business time from opening to recovery"`
	Version             int         `json:"version"`
}

func durationText(d *time.Duration) *string {
	if d == nil {
		return nil
	}
	s := d.String()
	return &s
}

func (s *server) issueBody(is maintenance.Issue, now time.Time) IssueBody {
	slo, rto := is.ClockStates(now)
	return IssueBody{ID: is.ID, ToolID: is.ToolID, Title: is.Title, Kind: string(is.Kind), BlocksFunctionality: is.BlocksFunctionality,
		OpenedAt: is.OpenedAt, Reporter: is.Reporter, ExternalURL: is.ExternalURL, External: is.External, State: string(is.State),
		Assignee: is.Assignee, TriagedAt: is.TriagedAt, RecoveredAt: is.RecoveredAt, ClosedAt: is.ClosedAt, CloseReason: is.CloseReason,
		CommitmentLevel: string(is.Level), CommitmentNote: is.CommitmentNote, SLOTarget: targetBody(is.SLO.Target),
		RTOTarget: targetBody(is.RTO.Target), SLODueAt: is.SLO.DueAt, RTODueAt: is.RTO.DueAt, SLOAtRiskAt: is.SLO.AtRisk,
		RTOAtRiskAt: is.RTO.AtRisk, SLOState: string(slo), RTOState: string(rto), SLONote: is.SLO.Note, RTONote: is.RTO.Note,
		TimeToTriage: durationText(is.SLO.Elapsed), TimeToRecover: durationText(is.RTO.Elapsed), Version: is.Version}
}

type issueOut struct {
	Location string `header:"Location"`
	Body     IssueBody
}

// IssuePath names one issue of one tool.
type IssuePath struct {
	ToolPath
	IssueID int64 `path:"issue_id"`
}

func (s *server) issueRoutes() {
	p := "/api/v1/tools/{id}/issues"
	huma.Register(s.api, op("open-issue", http.MethodPost, p, "Open a support issue",
		"Starts the SLO and RTO clocks for an issue that keeps the tool from working, against the commitment now.",
		http.StatusCreated), s.openIssue)
	huma.Register(s.api, op("list-tool-issues", http.MethodGet, p, "A tool's support issues", ""), s.listToolIssues)
	huma.Register(s.api, op("get-issue", http.MethodGet, p+"/{issue_id}", "A support issue", ""), s.getIssue)
	huma.Register(s.api, op("triage-issue", http.MethodPost, p+"/{issue_id}/triage", "Triage and assign",
		"Stops the SLO clock (engineer)."), s.triageIssue)
	huma.Register(s.api, op("recover-issue", http.MethodPost, p+"/{issue_id}/recover", "The tool works again",
		"Stops the RTO clock (engineer)."), s.recoverIssue)
	huma.Register(s.api, op("close-issue", http.MethodPost, p+"/{issue_id}/close", "Close an issue",
		"With or without recovery; without, the reason says why (engineer)."), s.closeIssue)
	huma.Register(s.api, op("list-issues", http.MethodGet, "/api/v1/issues", "Support issues across tools",
		"E.g. ?clock=at_risk for every issue whose clock is at risk."), s.listIssues)
}

type openIssueIn struct {
	ToolPath
	Body struct {
		Title               string     `json:"title" minLength:"1" maxLength:"300"`
		Kind                string     `json:"kind" enum:"@issue_kind"`
		BlocksFunctionality *bool      `json:"blocks_functionality,omitempty" doc:"Does it keep the tool from working? Only then do clocks run. An outage does unless this says false"`
		OpenedAt            *time.Time `json:"opened_at,omitempty" doc:"Defaults to now; only an engineer or a manager may give a past time"`
		ExternalURL         string     `json:"external_url,omitempty" maxLength:"2048"`
		External            bool       `json:"external,omitempty" doc:"It came from outside (e.g. GitLab): a feature request a category refuses is accepted and closed with the reason"`
	}
}

func (s *server) openIssue(ctx context.Context, in *openIssueIn) (*issueOut, error) {
	b := in.Body
	is := maintenance.Issue{Title: b.Title, Kind: maintenance.IssueKind(b.Kind), ExternalURL: b.ExternalURL, External: b.External}
	if b.BlocksFunctionality != nil {
		is.BlocksFunctionality, is.BlocksStated = *b.BlocksFunctionality, true
	}
	if b.OpenedAt != nil {
		is.OpenedAt = *b.OpenedAt
	}
	is, err := s.Maintenance.OpenIssue(ctx, actorOf(ctx), in.ID, is)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &issueOut{Location: "/api/v1/tools/" + strconv.FormatInt(in.ID, 10) + "/issues/" + strconv.FormatInt(is.ID, 10),
		Body: s.issueBody(is, s.now())}, nil
}

func (s *server) getIssue(ctx context.Context, in *IssuePath) (*issueOut, error) {
	is, err := s.Maintenance.GetIssue(ctx, actorOf(ctx), in.ID, in.IssueID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &issueOut{Body: s.issueBody(is, s.now())}, nil
}

func (s *server) triageIssue(ctx context.Context, in *struct {
	IssuePath
	Body struct {
		Assignee string `json:"assignee" minLength:"1" maxLength:"100"`
	}
}) (*issueOut, error) {
	is, err := s.Maintenance.Triage(ctx, actorOf(ctx), in.ID, in.IssueID, in.Body.Assignee)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &issueOut{Body: s.issueBody(is, s.now())}, nil
}

func (s *server) recoverIssue(ctx context.Context, in *IssuePath) (*issueOut, error) {
	is, err := s.Maintenance.Recover(ctx, actorOf(ctx), in.ID, in.IssueID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &issueOut{Body: s.issueBody(is, s.now())}, nil
}

func (s *server) closeIssue(ctx context.Context, in *struct {
	IssuePath
	Body *struct {
		Reason string `json:"reason,omitempty" maxLength:"5000"`
	} `required:"false"`
}) (*issueOut, error) {
	reason := ""
	if in.Body != nil {
		reason = in.Body.Reason
	}
	is, err := s.Maintenance.Close(ctx, actorOf(ctx), in.ID, in.IssueID, reason)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &issueOut{Body: s.issueBody(is, s.now())}, nil
}

type IssueFilterIn struct {
	State    string `query:"state" enum:"@issue_state"`
	Kind     string `query:"kind" enum:"@issue_kind"`
	Blocking string `query:"blocking" enum:"true,false"`
	Clock    string `query:"clock" enum:"@clock_state" doc:"Either clock in this state"`
	PageIn
}

func (f IssueFilterIn) filter(toolID int64) maintenance.IssueFilter {
	out := maintenance.IssueFilter{ToolID: toolID, State: maintenance.IssueState(f.State), Kind: maintenance.IssueKind(f.Kind),
		Clock: maintenance.ClockState(f.Clock)}
	if f.Blocking != "" {
		b := f.Blocking == "true"
		out.Blocking = &b
	}
	return out
}

type issueList struct {
	Body struct {
		Items      []IssueBody `json:"items"`
		NextCursor string      `json:"next_cursor,omitempty"`
	}
}

func (s *server) renderIssues(list []maintenance.Issue, next string) *issueList {
	out := &issueList{}
	out.Body.Items, out.Body.NextCursor = make([]IssueBody, 0, len(list)), next
	now := s.now()
	for _, is := range list {
		out.Body.Items = append(out.Body.Items, s.issueBody(is, now))
	}
	return out
}

func (s *server) listToolIssues(ctx context.Context, in *struct {
	ToolPath
	IssueFilterIn
}) (*issueList, error) {
	list, next, err := s.Maintenance.ListIssues(ctx, actorOf(ctx), in.filter(in.ID), in.page())
	if err != nil {
		return nil, s.queryErr(err)
	}
	return s.renderIssues(list, next), nil
}

func (s *server) listIssues(ctx context.Context, in *IssueFilterIn) (*issueList, error) {
	list, next, err := s.Maintenance.ListIssues(ctx, actorOf(ctx), in.filter(0), in.page())
	if err != nil {
		return nil, s.queryErr(err)
	}
	return s.renderIssues(list, next), nil
}
