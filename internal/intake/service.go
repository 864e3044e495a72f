package intake

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// ProdSecEng is the team that takes tools in; it owns what intake adds to
// the inventory and is told of every decision.
const ProdSecEng = "prodsec-eng"

// Service applies the intake rules on behalf of an actor.
type Service struct {
	store      Store
	inventory  *inventory.Service
	clock      core.Clock
	teams      TeamDirectory    // who is in which team, for what requesters may read; nil: none
	milestones MilestoneChecker // nil: target milestones are checked for their date only
	backlog    BacklogTaker     // nil: accept_into_backlog is recorded and announced only
}

// NewService returns the intake service; it adds tools through inv.
func NewService(store Store, inv *inventory.Service, clock core.Clock) *Service {
	return &Service{store: store, inventory: inv, clock: clock}
}

func subject(id int64) core.Subject { return core.Subject{Type: "request", ID: id} }

// NewRequest is what opening a request takes.
type NewRequest struct {
	Kind           Kind
	Title          string
	RequestingTeam string
	Template       map[string]string
	Tool           ToolDetails
}

// Create opens a request; its template may be partly answered.
func (s *Service) Create(ctx context.Context, actor core.Actor, in NewRequest) (Request, error) {
	if err := actor.Require(core.PermRequest, "opening a request"); err != nil {
		return Request{}, err
	}
	var p core.Problems
	in.Title, in.RequestingTeam = strings.TrimSpace(in.Title), strings.TrimSpace(in.RequestingTeam)
	p.Require(in.Kind.Valid(), "kind", "must be "+core.OneOf(Kinds), in.Kind)
	p.Require(in.Title != "", "title", "is required", nil)
	p.MaxLen("title", in.Title, MaxTitle)
	p.Line("title", in.Title)
	p.Require(in.RequestingTeam != "", "requesting_team", "is required", nil)
	p.MaxLen("requesting_team", in.RequestingTeam, inventory.MaxTeam)
	CheckTemplate(in.Kind, in.Template, &p)
	checkTool(in.Tool, &p)
	if err := p.Err("the request is not valid"); err != nil {
		return Request{}, err
	}
	now := s.clock.Now()
	r := Request{Kind: in.Kind, Title: in.Title, RequestingTeam: in.RequestingTeam, Requester: actor.Username,
		Template: merge(nil, in.Template), Tool: in.Tool, State: Open, Step: pathOf[in.Kind][0], CreatedAt: now, UpdatedAt: now}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.InsertRequest(ctx, &r); err != nil {
			return err
		}
		return s.event(ctx, tx, actor, r, "request.opened", fmt.Sprintf("%s request opened by %s for %s: %s", r.Kind,
			actor.Username, r.RequestingTeam, r.Title), nil)
	})
	return r, err
}

func checkTool(t ToolDetails, p *core.Problems) {
	p.MaxLen("tool.name", t.Name, inventory.MaxName)
	p.MaxLen("tool.repository_url", t.RepositoryURL, inventory.MaxURL)
	p.MaxLen("tool.gitlab_project", t.GitLabProject, inventory.MaxProject)
	p.MaxLen("tool.epic_url", t.EpicURL, inventory.MaxURL)
	p.MaxLen("tool.milestone", t.Milestone, inventory.MaxMilestone)
}

func (s *Service) event(ctx context.Context, tx core.Journal, actor core.Actor, r Request, typ, summary string, data any) error {
	return tx.Append(ctx, core.Event{Subject: subject(r.ID), Type: typ, Actor: actor.Username, At: s.clock.Now(),
		Summary: summary, Data: data})
}

// Get returns a request.
func (s *Service) Get(ctx context.Context, actor core.Actor, id int64) (Request, error) {
	if err := actor.Require(core.PermRead, "reading requests"); err != nil {
		return Request{}, err
	}
	r, err := s.store.Request(ctx, id)
	if err != nil {
		return Request{}, err
	}
	return r, s.mayRead(ctx, actor, r)
}

// List lists requests by id, one page at a time. Mine keeps the actor's
// own; due keeps those whose re-assessment date has come.
func (s *Service) List(ctx context.Context, actor core.Actor, f Filter, mine, due bool, page core.Page) ([]Request, string, error) {
	if err := actor.Require(core.PermRead, "reading requests"); err != nil {
		return nil, "", err
	}
	if mine {
		f.Requester = actor.Username
	}
	if err := s.limitToVisible(ctx, actor, &f); err != nil {
		return nil, "", err
	}
	if due {
		f.DueBy = s.clock.Now().Format("2006-01-02")
	}
	return core.PageByID(page, func(after int64, limit int) ([]Request, error) {
		return s.store.Requests(ctx, f, after, limit)
	}, func(r Request) int64 { return r.ID })
}

// Events lists a request's timeline.
func (s *Service) Events(ctx context.Context, actor core.Actor, id int64, page core.Page) ([]core.Event, string, error) {
	if _, err := s.Get(ctx, actor, id); err != nil {
		return nil, "", err
	}
	return core.PageByID(page, func(after int64, limit int) ([]core.Event, error) {
		return s.store.Events(ctx, subject(id), after, limit)
	}, func(e core.Event) int64 { return e.ID })
}

// change loads a request inside a transaction, checks the optional version,
// lets fn change it, and stores it.
func (s *Service) change(ctx context.Context, id int64, version int, fn func(tx Tx, r *Request) error) (Request, error) {
	var r Request
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if r, err = tx.Request(ctx, id); err != nil {
			return err
		}
		if err := core.CheckVersion("the request", r.Version, version, false); err != nil {
			return err
		}
		if err := fn(tx, &r); err != nil {
			return err
		}
		r.UpdatedAt = s.clock.Now()
		return tx.UpdateRequest(ctx, &r)
	})
	return r, err
}
