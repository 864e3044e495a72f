package backlog

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// inGitLab reports whether an item's label changes and comments go to GitLab.
func (s *Service) inGitLab(it Item) bool { return s.gitlab != nil && it.Kind != Local }

// carryOut does what the actions say: first the GitLab calls (outside any
// transaction, so a slow GitLab holds no lock), then, in one transaction,
// the stored labels, the timeline, the outbox and the marks of one-time
// actions. It stops at the first call GitLab refuses and records what was
// done before it.
func (s *Service) carryOut(ctx context.Context, actor core.Actor, acts []Action, items map[int64]Item, event string) (map[int64]Item, error) {
	done := 0
	var callErr error
	for _, a := range acts {
		it, ok := items[a.ItemID]
		if ok && s.inGitLab(it) {
			switch a.Kind {
			case ActionLabels:
				callErr = s.gitlab.SetLabels(ctx, RefOf(it), a.Add, a.Remove)
			case ActionComment:
				callErr = s.gitlab.Comment(ctx, RefOf(it), a.Body)
			}
		}
		if callErr != nil {
			callErr = core.Errorf(core.Conflict, "GitLab refused to %s on %s: %v; %d of %d actions were carried out",
				strings.ReplaceAll(a.Kind, "_", " "), it.URL, callErr, done, len(acts))
			break
		}
		done++
	}
	out := map[int64]Item{}
	err := s.store.InTx(ctx, func(tx Tx) error {
		ss, err := loadSchemes(ctx, tx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		for _, a := range acts[:done] {
			if err := s.record(ctx, tx, actor, a, ss, out, event); err != nil {
				return err
			}
			if a.Once != "" {
				if err := tx.MarkBacklogPolicy(ctx, a.Once, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	return out, callErr
}

// record stores the effect of one carried-out action.
func (s *Service) record(ctx context.Context, tx Tx, actor core.Actor, a Action, ss schemes, out map[int64]Item, event string) error {
	now := s.clock.Now()
	if a.Kind == ActionNotify {
		sub := settingsSubject
		if a.ItemID != 0 {
			sub = itemSubject(a.ItemID)
		}
		title := "Backlog: " + firstLine(a.Body)
		if a.Policy != "" {
			title = fmt.Sprintf("Backlog policy %s: %s", a.Policy, firstLine(a.Body))
		}
		return tx.Enqueue(ctx, core.Message{Topic: "backlog." + event, Subject: sub, Recipients: a.Recipients,
			Title: title, Body: a.Body, CreatedAt: now, Data: map[string]any{"policy": a.Policy, "item_url": a.ItemURL}})
	}
	it, ok := out[a.ItemID]
	if !ok {
		var err error
		if it, err = tx.BacklogItem(ctx, a.ItemID); err != nil {
			return err
		}
	}
	ev := core.Event{Subject: itemSubject(it.ID), Type: "backlog." + event, Actor: actor.Username, At: now}
	switch a.Kind {
	case ActionLabels:
		it.Labels = withLabels(it.Labels, a.Add, a.Remove)
		it.derive(ss.of(it))
		ev.Summary = labelSummary(a.Add, a.Remove)
	case ActionComment:
		ev.Summary, ev.Data = "commented: "+firstLine(a.Body), map[string]any{"body": a.Body}
		if !s.inGitLab(it) && it.Kind == Issue && it.ProjectID != 0 {
			// GitLab is not configured here: the comment waits in the outbox
			// for a GitLab channel to write it back.
			if err := tx.Enqueue(ctx, core.Message{Topic: "backlog.comment", Subject: itemSubject(it.ID), CreatedAt: now,
				Recipients: []core.Recipient{{Kind: "gitlab_issue", Name: fmt.Sprintf("%d#%d", it.ProjectID, it.IID), Reason: "comment on the issue"}},
				Title:      "Comment on " + it.URL, Body: a.Body}); err != nil {
				return err
			}
		}
	}
	if a.Policy != "" {
		ev.Summary = a.Policy + ": " + ev.Summary
	}
	if err := tx.Append(ctx, ev); err != nil {
		return err
	}
	if a.Kind == ActionLabels {
		if err := tx.UpdateBacklogItem(ctx, &it); err != nil {
			return err
		}
	}
	out[it.ID] = it
	return nil
}

func labelSummary(add, remove []string) string {
	var parts []string
	if len(add) > 0 {
		parts = append(parts, "added "+strings.Join(add, ", "))
	}
	if len(remove) > 0 {
		parts = append(parts, "removed "+strings.Join(remove, ", "))
	}
	return strings.Join(parts, "; ")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 120 {
		s = string(r[:119]) + "…"
	}
	return s
}
