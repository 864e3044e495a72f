package backlog

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// Removal is why and how work leaves the backlog.
type Removal struct {
	Reason           string
	Mention          []string // usernames or groups, with or without @
	GroupLabels      []string
	SeekingCommunity bool
}

// RemoveResult is what removing an item did.
type RemoveResult struct {
	Item    Item     `json:"item"`
	Actions []Action `json:"actions"`
	Note    string   `json:"note,omitempty"`
}

// PlanRemoval decides what removing the item does: the team and candidate
// labels off, the group labels on, a comment with the reason and the
// mentions, and the community label only when asked and the issue is public.
func PlanRemoval(sc Scheme, it Item, in Removal) (RemoveResult, error) {
	res := RemoveResult{Item: it, Actions: []Action{}}
	var p core.Problems
	in.Reason = strings.TrimSpace(in.Reason)
	p.Require(in.Reason != "", "reason", "is required: say why the team will not take this on", nil)
	p.MaxLen("reason", in.Reason, MaxReason)
	p.Require(len(in.Mention) <= 50, "mention", "has more than 50 entries", len(in.Mention))
	for i, m := range in.Mention {
		p.Require(validUsername(strings.TrimPrefix(strings.TrimSpace(m), "@")), fmt.Sprintf("mention[%d]", i), "must be a GitLab username or group", m)
	}
	p.Require(len(in.GroupLabels) <= 50, "group_labels", "has more than 50 entries", len(in.GroupLabels))
	for i, g := range in.GroupLabels {
		f := fmt.Sprintf("group_labels[%d]", i)
		p.Require(strings.HasPrefix(strings.ToLower(g), GroupPrefix) && len(g) > len(GroupPrefix), f, "must be a group:: label", g)
		p.MaxLen(f, g, maxLabel)
	}
	if err := p.Err("the removal is not valid"); err != nil {
		return res, err
	}
	var remove []string
	for _, l := range []string{sc.TeamLabel, sc.CandidateLabel} {
		if hasLabel(it.Labels, l) {
			remove = append(remove, l)
		}
	}
	if len(remove) == 0 {
		return res, core.Errorf(core.Conflict, "%s carries neither %q nor %q: it is not on the backlog", it.URL, sc.TeamLabel, sc.CandidateLabel)
	}
	add := append([]string{}, in.GroupLabels...)
	switch {
	case in.SeekingCommunity && it.Confidential:
		res.Note = fmt.Sprintf("%q was not added: the issue is confidential", sc.SeekingCommunity)
	case in.SeekingCommunity:
		add = append(add, sc.SeekingCommunity)
	}
	res.Actions = append(res.Actions, Action{Kind: ActionLabels, ItemID: it.ID, ItemURL: it.URL, Add: add, Remove: remove})
	body := "Product Security Engineering will not take this on: " + in.Reason
	if len(in.Mention) > 0 {
		at := make([]string, len(in.Mention))
		for i, m := range in.Mention {
			at[i] = "@" + strings.TrimPrefix(strings.TrimSpace(m), "@")
		}
		body = strings.Join(at, " ") + " " + body
	}
	res.Actions = append(res.Actions, Action{Kind: ActionComment, ItemID: it.ID, ItemURL: it.URL, Body: body})
	return res, nil
}

// Remove takes an item off the backlog with its reason (engineer).
func (s *Service) Remove(ctx context.Context, actor core.Actor, id int64, in Removal) (RemoveResult, error) {
	if err := actor.Require(core.PermEngineer, "removing work from the backlog"); err != nil {
		return RemoveResult{}, err
	}
	it, err := s.store.BacklogItem(ctx, id)
	if err != nil {
		return RemoveResult{}, err
	}
	ss, err := loadSchemes(ctx, s.store)
	if err != nil {
		return RemoveResult{}, err
	}
	res, err := PlanRemoval(ss.of(it), it, in)
	if err != nil {
		return res, err
	}
	changed, err := s.carryOut(ctx, actor, res.Actions, map[int64]Item{it.ID: it}, "removed")
	if err != nil {
		return res, err
	}
	res.Item = changed[it.ID]
	err = s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.BacklogItem(ctx, id)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		cur.RemovedAt, cur.RemovalReason = &now, strings.TrimSpace(in.Reason)
		if err := tx.UpdateBacklogItem(ctx, &cur); err != nil {
			return err
		}
		res.Item = cur
		return nil
	})
	return res, err
}
