package backlog

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
)

var _ intake.BacklogTaker = (*Service)(nil)

// requestKey is the key of the local item a request became.
func requestKey(id int64) string { return fmt.Sprintf("interlock:request:%d", id) }

// RequestDescription lays a request's answers out as Markdown sections, in
// the template's order, so that the item reads like the request.
func RequestDescription(r intake.Request) string {
	var b strings.Builder
	keys := slices.Clone(intake.TemplateKeys[r.Kind])
	for k := range r.Template {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		if v := strings.TrimSpace(r.Template[k]); v != "" {
			t := sectionTitle(k)
			fmt.Fprintf(&b, "## %s\n\n%s\n\n", strings.ToUpper(t[:1])+t[1:], v)
		}
	}
	fmt.Fprintf(&b, "Requested by %s for %s (intake request %d).\n", r.Requester, r.RequestingTeam, r.ID)
	return b.String()
}

// TakeRequest puts a request decided accept_into_backlog on the backlog as
// a local candidate item whose url is the request's page, inside the
// decision's transaction. When GitLab is configured with a backlog
// project, PublishPending later opens it there as an issue.
func (s *Service) TakeRequest(ctx context.Context, itx intake.Tx, actor core.Actor, r intake.Request) error {
	tx, ok := itx.(Tx)
	if !ok {
		return core.Wrap(fmt.Errorf("%T is not a backlog transaction", itx), "put the request on the backlog")
	}
	sc, _, _, err := active(ctx, tx)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	id := r.ID
	title := r.Title
	if len([]rune(title)) > MaxTitle {
		title = string([]rune(title)[:MaxTitle])
	}
	it := Item{Key: requestKey(r.ID), Kind: Local, URL: s.requestPage(r.ID), Title: title, State: Opened,
		Labels: []string{sc.CandidateLabel}, Assignees: []string{}, Reviewers: []string{}, Author: r.Requester,
		Description: RequestDescription(r), Profile: sc.Ref(), CreatedAt: now, UpdatedAt: now, RequestID: &id}
	it.derive(sc)
	if err := tx.InsertBacklogItem(ctx, &it); err != nil {
		return err
	}
	return tx.Append(ctx, core.Event{Subject: itemSubject(it.ID), Type: "backlog.item_recorded", Actor: actor.Username, At: now,
		Summary: fmt.Sprintf("intake request %d accepted into the backlog as a candidate", r.ID)})
}

// PublishPending opens every local item that came from a request as an
// issue in the backlog project, when GitLab is configured and the project
// set; the item becomes that issue. It returns how many it opened.
func (s *Service) PublishPending(ctx context.Context) (int, error) {
	if s.gitlab == nil {
		return 0, nil
	}
	set, err := settingsOf(ctx, s.store)
	if err != nil || set.BacklogProject == "" {
		return 0, err
	}
	items, err := s.store.BacklogItems(ctx, Filter{Kind: Local, State: Opened}, 0, core.MaxLimit)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, it := range items {
		if it.RequestID == nil || it.RemovedAt != nil {
			continue
		}
		o, err := s.gitlab.CreateIssue(ctx, set.BacklogProject, it.Title, it.Description+"\n\nFrom interlock: "+it.URL, it.Labels)
		if err != nil {
			return n, core.Errorf(core.Conflict, "GitLab did not open the issue of %s: %v; it stays a local candidate and the next publish tries again", it.URL, err)
		}
		o.normalize()
		err = s.store.InTx(ctx, func(tx Tx) error {
			cur, err := tx.BacklogItem(ctx, it.ID)
			if err != nil {
				return err
			}
			ss, err := loadSchemes(ctx, tx)
			if err != nil {
				return err
			}
			cur.Key = o.Key
			observe(&cur, o, ss.of(cur), s.clock.Now())
			if err := tx.UpdateBacklogItem(ctx, &cur); err != nil {
				return err
			}
			return tx.Append(ctx, core.Event{Subject: itemSubject(cur.ID), Type: "backlog.item_published", Actor: core.System.Username,
				At: s.clock.Now(), Summary: "opened in GitLab as " + cur.URL})
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
