package app

import (
	"net/http"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/jobs"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
	"gitlab.com/prodseceng/interlock/internal/store"
)

// gitlabHooks builds the inbox of GitLab's webhooks and its worker.
func gitlabHooks(db *store.DB, maint *maintenance.Service, bl *backlog.Service, clock core.Clock) *gitlab.Hooks {
	return gitlab.NewHooks(gitlab.HooksConfig{Store: db, Tools: db, Issues: maint, Labels: gitlab.NewLabels(db, clock),
		Backlog: bl, Clock: clock})
}

// mountGitLabHooks adds POST /hooks/gitlab: not under /api/v1 and without
// a bearer token; GitLab proves itself with the webhook secret.
func mountGitLabHooks(root *http.ServeMux, svc httpapi.Services, cfg Config) {
	if svc.GitLabHooks == nil {
		return
	}
	root.Handle("POST /hooks/gitlab", svc.GitLabHooks.Receiver(gitlab.ReceiverConfig{Secret: cfg.GitLab.WebhookSecret, Logger: cfg.Logger}))
}

// gitlabInboxJob is the worker of the webhook inbox, woken by deliveries.
func gitlabInboxJob(svc httpapi.Services) jobs.Job {
	return jobs.Job{Name: "gitlab-inbox", Every: svc.GitLabHooks.Every(), Wake: svc.GitLabHooks.Wakeups(), Run: svc.GitLabHooks.Work}
}
