package gitlab

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// PendingItem is a queued work item and where its making stands.
type PendingItem struct {
	inventory.TrackerItem
	Attempts  int
	LastError string
	NextAt    time.Time
	URL       string
	GitLabID  int64
	Done      bool
}

// ItemStore is the queue of work items to make in GitLab. Workflows add to
// it in their own transactions (inventory.Tx.QueueTrackerItem).
type ItemStore interface {
	DueItems(ctx context.Context, now time.Time, limit int) ([]PendingItem, error)
	ItemsOf(ctx context.Context, subject core.Subject, kind inventory.TrackerKind) ([]PendingItem, error)
	ItemMade(ctx context.Context, id int64, url string, gitlabID int64, at time.Time) error
	ItemFailed(ctx context.Context, id int64, msg string, next time.Time) error
}

// Recorder stores a made item's URL on its record: inventory.Service for
// improvements, cocreate.Service for epics and sunsetting issues.
type Recorder interface {
	RecordTrackerURL(ctx context.Context, item inventory.TrackerItem, url string) error
}

// Maker makes queued work items in the team's GitLab project (issues) and
// group (epics), and is the workflows' inventory.Tracker.
type Maker struct {
	client    *Client
	store     ItemStore
	recorders map[inventory.TrackerKind]Recorder
	clock     core.Clock
	log       *slog.Logger
}

var _ inventory.Tracker = (*Maker)(nil)

// NewMaker returns a maker; recorders says where each kind's URL is stored.
func NewMaker(c *Client, store ItemStore, recorders map[inventory.TrackerKind]Recorder, clock core.Clock, log *slog.Logger) *Maker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Maker{client: c, store: store, recorders: recorders, clock: clock, log: log}
}

// Makes reports whether a kind is made in GitLab: issues need the team
// project, epics the team group, and each kind a place to store its URL.
func (m *Maker) Makes(kind inventory.TrackerKind) bool {
	if m == nil || m.recorders[kind] == nil {
		return false
	}
	if kind.Epic() {
		return m.client.TeamGroup() != ""
	}
	return m.client.TeamProject() != ""
}

// Work makes the items that are due and returns how many it made. A failed
// item is tried again later with backoff; one item's failure does not hold
// up the others.
func (m *Maker) Work(ctx context.Context) (int, error) {
	items, err := m.store.DueItems(ctx, m.clock.Now(), 50)
	if err != nil {
		return 0, err
	}
	made := 0
	for _, it := range items {
		if err := m.make(ctx, it); err != nil {
			next := m.clock.Now().Add(ItemBackoff(it.Attempts))
			m.log.Warn("making a work item in GitLab failed; trying again later", "item", it.ID, "kind", it.Kind,
				"attempts", it.Attempts+1, "next", next, "error", err)
			if err := m.store.ItemFailed(ctx, it.ID, err.Error(), next); err != nil {
				return made, err
			}
			continue
		}
		made++
	}
	return made, nil
}

// ItemBackoff doubles from a minute up to an hour.
func ItemBackoff(attempts int) time.Duration {
	return DoublingBackoff(time.Minute, time.Hour, attempts+1)
}

// make makes one item, unless an earlier try already did (its marker is
// found in GitLab), and stores its URL.
func (m *Maker) make(ctx context.Context, it PendingItem) error {
	url, id, err := m.find(ctx, it)
	if err != nil {
		return err
	}
	if url == "" {
		if url, id, err = m.create(ctx, it); err != nil {
			return err
		}
	}
	rec := m.recorders[it.Kind]
	if rec == nil {
		return fmt.Errorf("nothing stores the URL of a %s", it.Kind)
	}
	if err := rec.RecordTrackerURL(ctx, it.TrackerItem, url); err != nil {
		return fmt.Errorf("storing %s: %w", url, err)
	}
	return m.store.ItemMade(ctx, it.ID, url, id, m.clock.Now())
}

// marker names the item in its description, so that it can be found again.
func marker(it PendingItem) string { return fmt.Sprintf("interlock-item-%d", it.ID) }

func description(it PendingItem) string {
	return strings.TrimRight(it.Description, "\n") + "\n\n<!-- " + marker(it) + " (made by interlock; keep this line) -->\n"
}

// find looks for the item in GitLab by its marker.
func (m *Maker) find(ctx context.Context, it PendingItem) (string, int64, error) {
	mark := marker(it)
	if it.Kind.Epic() {
		epics, _, err := m.client.api.Epics.ListGroupEpics(projectRef(m.client.TeamGroup()),
			&gl.ListGroupEpicsOptions{Search: gl.Ptr(mark), ListOptions: gl.ListOptions{PerPage: 20}}, gl.WithContext(ctx))
		if err != nil {
			return "", 0, fmt.Errorf("looking for epic %s: %w", mark, err)
		}
		for _, e := range epics {
			if strings.Contains(e.Description, mark) {
				return e.WebURL, e.ID, nil
			}
		}
		return "", 0, nil
	}
	issues, _, err := m.client.api.Issues.ListProjectIssues(projectRef(m.client.TeamProject()),
		&gl.ListProjectIssuesOptions{Search: gl.Ptr(mark), In: gl.Ptr("description"), ListOptions: gl.ListOptions{PerPage: 20}},
		gl.WithContext(ctx))
	if err != nil {
		return "", 0, fmt.Errorf("looking for issue %s: %w", mark, err)
	}
	for _, is := range issues {
		if strings.Contains(is.Description, mark) {
			return is.WebURL, is.ID, nil
		}
	}
	return "", 0, nil
}

// create makes the item: an issue in the team project, or an epic in the
// team group under the co-create's integration epic when interlock made it.
func (m *Maker) create(ctx context.Context, it PendingItem) (string, int64, error) {
	desc := description(it)
	labels := gl.LabelOptions(it.Labels)
	if !it.Kind.Epic() {
		is, _, err := m.client.api.Issues.CreateIssue(projectRef(m.client.TeamProject()),
			&gl.CreateIssueOptions{Title: gl.Ptr(it.Title), Description: &desc, Labels: &labels}, gl.WithContext(ctx))
		if err != nil {
			return "", 0, fmt.Errorf("making the issue: %w", err)
		}
		return is.WebURL, is.ID, nil
	}
	opt := &gl.CreateEpicOptions{Title: gl.Ptr(it.Title), Description: &desc, Labels: &labels}
	if it.Kind != inventory.TrackIntegrationEpic {
		parent, err := m.parentEpic(ctx, it)
		if err != nil {
			return "", 0, err
		}
		if parent != 0 {
			opt.ParentID = &parent
		}
	}
	e, _, err := m.client.api.Epics.CreateEpic(projectRef(m.client.TeamGroup()), opt, gl.WithContext(ctx))
	if err != nil {
		return "", 0, fmt.Errorf("making the epic: %w", err)
	}
	return e.WebURL, e.ID, nil
}

// parentEpic is the GitLab id of the co-create's integration epic: the one
// interlock made (until it has, the child waits), or the one linked by hand
// when its URL names an epic (…/groups/<group>/-/epics/<iid>); 0 when
// neither is known.
func (m *Maker) parentEpic(ctx context.Context, it PendingItem) (int64, error) {
	parents, err := m.store.ItemsOf(ctx, it.Subject, inventory.TrackIntegrationEpic)
	if err != nil {
		return 0, err
	}
	for _, p := range parents {
		if !p.Done {
			return 0, fmt.Errorf("waiting for the integration epic (item %d) to be made first", p.ID)
		}
		return p.GitLabID, nil
	}
	group, iid, ok := epicOfURL(it.ParentURL)
	if !ok {
		return 0, nil
	}
	e, _, err := m.client.api.Epics.GetEpic(group, iid, gl.WithContext(ctx))
	if StatusOf(err) == http.StatusNotFound {
		return 0, nil // not an epic interlock can see: made without a parent
	}
	if err != nil {
		return 0, fmt.Errorf("reading the integration epic %s: %w", it.ParentURL, err)
	}
	return e.ID, nil
}

// epicOfURL reads an epic's group path and iid from its web URL.
func epicOfURL(raw string) (string, int64, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", 0, false
	}
	path := strings.Trim(u.Path, "/")
	group, rest, ok := strings.Cut(strings.TrimPrefix(path, "groups/"), "/-/epics/")
	if !ok || group == "" || !strings.HasPrefix(path, "groups/") {
		return "", 0, false
	}
	iid, err := strconv.ParseInt(strings.Trim(rest, "/"), 10, 64)
	return group, iid, err == nil && iid > 0
}
