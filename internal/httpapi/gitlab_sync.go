package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/gitlab"
)

// GitLabSyncBody is a reconcile with GitLab and its progress.
type GitLabSyncBody struct {
	ID            int64      `json:"id"`
	State         string     `json:"state" enum:"queued,running,succeeded,failed"`
	Trigger       string     `json:"trigger" enum:"api,schedule" doc:"Who started it: someone through the API, or the periodic sync"`
	RequestedBy   string     `json:"requested_by"`
	ToolID        *int64     `json:"tool_id" doc:"The one tool synced; null for every tool linked to a GitLab project"`
	ProjectsTotal int        `json:"projects_total" doc:"GitLab projects to sync"`
	ProjectsDone  int        `json:"projects_done"`
	IssuesSeen    int        `json:"issues_seen"`
	Created       int        `json:"created" doc:"Support issues made for GitLab issues interlock did not know"`
	Updated       int        `json:"updated" doc:"Support issues changed by a GitLab update interlock had missed"`
	Closed        int        `json:"closed" doc:"Support issues closed because their GitLab issue is closed"`
	Errors        []string   `json:"errors"`
	RequestedAt   time.Time  `json:"requested_at"`
	StartedAt     *time.Time `json:"started_at"`
	FinishedAt    *time.Time `json:"finished_at"`
}

func gitlabSyncBody(r gitlab.SyncRun) GitLabSyncBody {
	errs := r.Errors
	if errs == nil {
		errs = []string{}
	}
	return GitLabSyncBody{ID: r.ID, State: r.State, Trigger: r.Trigger, RequestedBy: r.RequestedBy, ToolID: r.ToolID,
		ProjectsTotal: r.ProjectsTotal, ProjectsDone: r.ProjectsDone, IssuesSeen: r.IssuesSeen, Created: r.Created,
		Updated: r.Updated, Closed: r.Closed, Errors: errs, RequestedAt: r.RequestedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt}
}

func (s *server) gitlabSyncRoutes() {
	start := op("start-gitlab-sync", http.MethodPost, "/api/v1/gitlab/sync", "Sync with GitLab",
		"Starts a reconcile with GitLab (engineer): every linked tool's project issues, or one tool's, are listed and "+
			"applied as their webhooks would have been. Answers 202 with the Location of its progress. "+
			"409 when GitLab is not configured.", http.StatusAccepted)
	start.Errors = append(start.Errors, http.StatusConflict)
	huma.Register(s.api, start, s.startGitLabSync)
	huma.Register(s.api, op("get-gitlab-sync", http.MethodGet, "/api/v1/gitlab/sync/{id}", "A GitLab sync's progress",
		"Projects done of total, issues seen, created, updated, closed, errors, and its state."), s.getGitLabSync)
}

type gitlabSyncIn struct {
	Body *struct {
		Tool string `json:"tool,omitempty" maxLength:"100" doc:"The name of one tool to sync; all linked tools when absent"`
	} `required:"false"`
}

type gitlabSyncOut struct {
	Location string `header:"Location"`
	Body     GitLabSyncBody
}

func (s *server) startGitLabSync(ctx context.Context, in *gitlabSyncIn) (*gitlabSyncOut, error) {
	tool := ""
	if in.Body != nil {
		tool = in.Body.Tool
	}
	r, err := s.GitLabSync.Start(ctx, actorOf(ctx), tool)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &gitlabSyncOut{Location: "/api/v1/gitlab/sync/" + strconv.FormatInt(r.ID, 10), Body: gitlabSyncBody(r)}, nil
}

type gitlabSyncID struct {
	ID int64 `path:"id" minimum:"1"`
}

type gitlabSyncGetOut struct{ Body GitLabSyncBody }

func (s *server) getGitLabSync(ctx context.Context, in *gitlabSyncID) (*gitlabSyncGetOut, error) {
	r, err := s.GitLabSync.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.queryErr(err)
	}
	return &gitlabSyncGetOut{Body: gitlabSyncBody(r)}, nil
}
