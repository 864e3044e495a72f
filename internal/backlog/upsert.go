package backlog

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Change says what Upsert did.
type Change string

// The changes.
const (
	Created   Change = "created"
	Updated   Change = "updated"
	Unchanged Change = "unchanged" // an update older than the stored one
	Ignored   Change = "ignored"   // not something the backlog follows
)

// Limits of what the backlog stores of an item.
const (
	MaxTitle       = 255
	MaxDescription = 1 << 20
	MaxURL         = 2000
	MaxLabels      = 200
	MaxReason      = 10000
)

func checkObserved(o ObservedItem) error {
	var p core.Problems
	p.Require(strings.TrimSpace(o.Key) != "", "key", "is required", nil)
	p.MaxLen("key", o.Key, 255)
	p.Require(o.Kind.Valid() && o.Kind != Local, "kind", "must be issue, epic or merge_request", o.Kind)
	p.Require(o.Title != "", "title", "is required", nil)
	p.MaxLen("title", o.Title, MaxTitle)
	p.MaxLen("url", o.URL, MaxURL)
	p.Require(len(o.Description) <= MaxDescription, "description", "is longer than the limit", len(o.Description))
	p.Require(len(o.Labels) <= MaxLabels, "labels", "has too many labels", len(o.Labels))
	for i, l := range o.Labels {
		p.MaxLen(fmt.Sprintf("labels[%d]", i), l, maxLabel)
	}
	p.Require(o.Weight == nil || *o.Weight >= 0 && *o.Weight <= 1_000_000, "weight", "must be 0 or more", o.Weight)
	p.Require(!o.UpdatedAt.IsZero(), "updated_at", "is required", nil)
	return p.Err("the observed item is not valid")
}

// Upsert records an issue, epic or merge request as GitLab reports it. A new
// one is recorded only if the backlog follows it (Relevant) and then keeps
// the active scheme for good; an update older than the stored one changes
// nothing. The GitLab adapter calls it from webhooks and the sync.
func (s *Service) Upsert(ctx context.Context, actor core.Actor, o ObservedItem) (Item, Change, error) {
	if err := actor.Require(core.PermEngineer, "recording backlog items"); err != nil {
		return Item{}, "", err
	}
	o.normalize()
	if err := checkObserved(o); err != nil {
		return Item{}, "", err
	}
	var it Item
	change := Updated
	err := s.store.InTx(ctx, func(tx Tx) error {
		sc, _, ss, err := active(ctx, tx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		old, err := tx.BacklogItemByKey(ctx, o.Key)
		switch {
		case core.IsCode(err, core.NotFound):
			projects, err := s.followedProjects(ctx, tx)
			if err != nil {
				return err
			}
			if !Relevant(sc, o, projects) {
				change = Ignored
				return nil
			}
			it = Item{Key: o.Key, Profile: sc.Ref(), CreatedAt: o.CreatedAt}
			if it.CreatedAt.IsZero() {
				it.CreatedAt = o.UpdatedAt
			}
			observe(&it, o, sc, now)
			change = Created
			if err := tx.InsertBacklogItem(ctx, &it); err != nil {
				return err
			}
			return tx.Append(ctx, core.Event{Subject: itemSubject(it.ID), Type: "backlog.item_recorded", Actor: actor.Username, At: now,
				Summary: fmt.Sprintf("%s %s recorded under %s", it.Kind, it.URL, it.Profile)})
		case err != nil:
			return err
		}
		it = old
		if o.UpdatedAt.Before(old.UpdatedAt) {
			change = Unchanged
			return nil
		}
		observe(&it, o, ss.of(old), now)
		return tx.UpdateBacklogItem(ctx, &it)
	})
	if change == Ignored {
		return Item{}, Ignored, err
	}
	return it, change, err
}

// observe copies what GitLab reports onto the item and reads its labels
// under sc. An open item whose last assignee left is marked unassigned.
func observe(it *Item, o ObservedItem, sc Scheme, now time.Time) {
	hadAssignee := len(it.Assignees) > 0
	it.Kind, it.URL, it.Title, it.Description = o.Kind, o.URL, o.Title, o.Description
	it.Project, it.ProjectID, it.IID, it.State = o.Project, o.ProjectID, o.IID, o.State
	it.Labels, it.Weight, it.Assignees, it.Milestone = slices.Clone(o.Labels), o.Weight, slices.Clone(o.Assignees), o.Milestone
	it.Author, it.Reviewers, it.Confidential = o.Author, slices.Clone(o.Reviewers), o.Confidential
	it.UpdatedAt, it.ClosedAt, it.MergedAt = o.UpdatedAt, o.ClosedAt, o.MergedAt
	if it.State == Merged && it.MergedAt == nil {
		at := o.UpdatedAt
		it.MergedAt = &at
	}
	if it.State != Opened && it.ClosedAt == nil {
		at := o.UpdatedAt
		it.ClosedAt = &at
	}
	switch {
	case len(it.Assignees) > 0 || it.State != Opened:
		it.UnassignedAt = nil
	case hadAssignee:
		at := o.UpdatedAt
		if at.IsZero() {
			at = now
		}
		it.UnassignedAt = &at
	}
	it.derive(sc)
}

// followedProjects are the projects whose merge requests count even
// unlabelled: the configured ones and those of the inventory's tools.
func (s *Service) followedProjects(ctx context.Context, r Reader) ([]string, error) {
	set, err := settingsOf(ctx, r)
	if err != nil {
		return nil, err
	}
	tools, err := r.BacklogTools(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(set.Projects)
	for _, t := range tools {
		if t.GitLabProject != "" {
			out = append(out, t.GitLabProject)
		}
	}
	return out, nil
}

// ObserveNote records a comment on an item: a mention of the team counts as
// handing the work back to it. Comments on items the backlog does not
// follow change nothing.
func (s *Service) ObserveNote(ctx context.Context, actor core.Actor, key, body string, at time.Time) error {
	if err := actor.Require(core.PermEngineer, "recording comments"); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		it, err := tx.BacklogItemByKey(ctx, key)
		if core.IsCode(err, core.NotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		set, err := settingsOf(ctx, tx)
		if err != nil {
			return err
		}
		if !mentions(body, set.TeamHandle) || it.TeamMentionedAt != nil && !at.After(*it.TeamMentionedAt) {
			return nil
		}
		it.TeamMentionedAt = &at
		return tx.UpdateBacklogItem(ctx, &it)
	})
}

// mentions reports whether body @-mentions handle as a whole word.
func mentions(body, handle string) bool {
	low, h := strings.ToLower(body), strings.ToLower(handle)
	for i := strings.Index(low, h); i >= 0; {
		end := i + len(h)
		if end == len(low) || !isHandleChar(low[end]) || low[end] == '.' && (end+1 == len(low) || !isHandleChar(low[end+1])) {
			return true
		}
		next := strings.Index(low[end:], h)
		if next < 0 {
			return false
		}
		i = end + next
	}
	return false
}

func isHandleChar(c byte) bool {
	return c == '-' || c == '_' || c == '.' || c == '/' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z'
}

// Item returns one item.
func (s *Service) Item(ctx context.Context, actor core.Actor, id int64) (Item, error) {
	if err := actor.Require(core.PermRead, "reading the backlog"); err != nil {
		return Item{}, err
	}
	return s.store.BacklogItem(ctx, id)
}

// Items lists items by id, one page at a time.
func (s *Service) Items(ctx context.Context, actor core.Actor, f Filter, page core.Page) ([]Item, string, error) {
	if err := actor.Require(core.PermRead, "reading the backlog"); err != nil {
		return nil, "", err
	}
	return core.PageByID(page, func(after int64, limit int) ([]Item, error) {
		return s.store.BacklogItems(ctx, f, after, limit)
	}, func(it Item) int64 { return it.ID })
}

// Events lists an item's timeline.
func (s *Service) Events(ctx context.Context, actor core.Actor, id int64, page core.Page) ([]core.Event, string, error) {
	if _, err := s.Item(ctx, actor, id); err != nil {
		return nil, "", err
	}
	return core.PageByID(page, func(after int64, limit int) ([]core.Event, error) {
		return s.store.Events(ctx, itemSubject(id), after, limit)
	}, func(e core.Event) int64 { return e.ID })
}
