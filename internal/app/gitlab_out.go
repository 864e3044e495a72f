package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/gitlab"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/jobs"
	"gitlab.com/prodseceng/interlock/internal/store"
)

// ConfigureGitLab connects the services to GitLab when cfg.GitLab is
// enabled: comments on GitLab issues as a delivery channel, the reconcile
// sync and its periodic job, the milestone check of the inventory, and the
// work items the seeds say are made in GitLab. Without GitLab it changes
// nothing.
func ConfigureGitLab(svc *httpapi.Services, db *store.DB, cfg Config) error {
	g := cfg.GitLab
	if !g.Enabled() {
		return nil
	}
	clock := cfg.Clock
	if clock == nil {
		clock = core.SystemClock{}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	client, err := gitlab.NewClient(gitlab.Config{URL: g.URL, Token: g.Token, TeamProject: g.TeamProject,
		TeamGroup: g.TeamGroup, Retry: g.Retry})
	if err != nil {
		return fmt.Errorf("GitLab: %w", err)
	}
	if svc.Outbox != nil {
		svc.Outbox.Register(gitlab.NewChannel(client))
	}
	classify := g.Classify
	if classify == nil { // the editable mapping of GET/PUT /api/v1/gitlab/labels, as the webhooks use
		classify = gitlab.NewLabels(db, clock).Classify
	}
	svc.GitLabSync = gitlab.NewSyncer(gitlab.SyncConfig{Store: db.GitLabSync(), Client: client, Tools: svc.Inventory,
		Issues: svc.Maintenance, Classify: classify, Clock: clock, Logger: log, Every: g.SyncEvery, Go: g.Background,
		Backlog: backlogSink(svc)})
	milestones := gitlab.NewMilestones(client, clock)
	svc.Inventory.WithMilestones(milestones)
	svc.Intake.WithMilestones(milestones) // a build_internal decision's target milestone must exist too
	if svc.Backlog != nil {               // take-on, removal and triage change labels and comment in GitLab
		svc.Backlog.WithGitLab(gitlab.NewBacklogPort(client))
	}
	svc.GitLabMaker = gitlab.NewMaker(client, db.GitLabItems(), map[inventory.TrackerKind]gitlab.Recorder{
		inventory.TrackImprovement:       svc.Inventory,
		inventory.TrackSunsettingIssue:   svc.CoCreate,
		inventory.TrackIntegrationEpic:   svc.CoCreate,
		inventory.TrackFunctionalityEpic: svc.CoCreate,
		inventory.TrackHandoverEpic:      svc.CoCreate,
	}, clock, log)
	svc.Inventory.WithTracker(svc.GitLabMaker)
	return nil
}

// backlogSink is the backlog the sync reads into; nil (not a nil
// *backlog.Service in an interface) when there is none.
func backlogSink(svc *httpapi.Services) gitlab.BacklogSink {
	if svc.Backlog == nil {
		return nil
	}
	return svc.Backlog
}

// gitlabOutJobs are the periodic sync and the maker of work items; none
// without GitLab.
func gitlabOutJobs(svc httpapi.Services) []jobs.Job {
	var out []jobs.Job
	if svc.GitLabSync != nil {
		out = append(out, jobs.Job{Name: "gitlab-sync", Every: svc.GitLabSync.Every(), Run: svc.GitLabSync.RunScheduled})
	}
	if svc.GitLabMaker != nil {
		out = append(out, jobs.Job{Name: "gitlab-items", Every: time.Minute, Run: func(ctx context.Context) error {
			_, err := svc.GitLabMaker.Work(ctx)
			return err
		}})
	}
	return out
}
