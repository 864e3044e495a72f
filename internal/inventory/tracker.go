package inventory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// TrackerKind is a kind of work item the seeds say is made in the team's
// tracker (GitLab).
type TrackerKind string

// The kinds of work item made in the tracker.
const (
	TrackImprovement       TrackerKind = "improvement"        // an improvement plan's item (an issue)
	TrackSunsettingIssue   TrackerKind = "sunsetting_issue"   // a sunset roadmap's issue
	TrackIntegrationEpic   TrackerKind = "integration_epic"   // co-create's tooling integration epic
	TrackFunctionalityEpic TrackerKind = "functionality_epic" // one per discrete piece of functionality
	TrackHandoverEpic      TrackerKind = "handover_epic"      // the tooling handover epic
)

// Epic reports whether the kind is an epic (made in the team group) rather
// than an issue (made in the team project).
func (k TrackerKind) Epic() bool {
	return k == TrackIntegrationEpic || k == TrackFunctionalityEpic || k == TrackHandoverEpic
}

// TrackerItem is a work item to make in the tracker. A workflow queues it in
// the transaction of the change that calls for it; a worker makes it later,
// so a tracker outage delays it and loses nothing, and then stores its URL
// on the record it names (RecordTrackerURL).
type TrackerItem struct {
	ID          int64
	Kind        TrackerKind
	Subject     core.Subject // the tool, or the request of a co-create of a need
	RecordID    int64        // the improvement, functionality or sunsetting issue; the co-create for its epics
	Title       string
	Description string
	Labels      []string
	// ParentURL is the epic it belongs under when that epic was linked by
	// hand (a functionality or handover epic under the integration epic).
	ParentURL string
	QueuedAt  time.Time
}

// Tracker says what the team's tracker makes. It is nil when no tracker is
// configured, and then nothing is queued: URLs are typed by hand, as before.
type Tracker interface {
	Makes(kind TrackerKind) bool
}

// WithTracker makes the service queue improvement work items in the tracker.
func (s *Service) WithTracker(t Tracker) *Service {
	s.tracker = t
	return s
}

// Tracks reports whether items of a kind are made in the tracker.
func (s *Service) Tracks(kind TrackerKind) bool { return s.tracker != nil && s.tracker.Makes(kind) }

// queueImprovement asks the tracker for a work item for an improvement that
// has no URL yet.
func (s *Service) queueImprovement(ctx context.Context, tx TrackerQueue, tool Tool, im Improvement) error {
	if im.URL != "" || !s.Tracks(TrackImprovement) {
		return nil
	}
	return tx.QueueTrackerItem(ctx, TrackerItem{Kind: TrackImprovement, Subject: toolSubject(tool.ID), RecordID: im.ID,
		Title: fmt.Sprintf("%s: %s", tool.Name, im.Title), Description: improvementDescription(tool, im),
		Labels: []string{"ProdSecEngMetric::Pending"}, QueuedAt: s.clock.Now()})
}

// improvementDescription follows the seeds: gaps documented in work items
// and prioritised; the commitment is one level lower until they are done.
func improvementDescription(t Tool, im Improvement) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Improvement for %s\n\n%s\n\n", t.Name, im.Title)
	if im.CriterionID != "" {
		fmt.Fprintf(&b, "**Rubric criterion:** `%s` (Good/Better/Best practices for automation)\n\n", im.CriterionID)
	}
	b.WriteString("This gap was documented when ProdSecEng accepted the tool with an improvement plan. " +
		"Until every item of the plan is done, the tool's SLO/RTO commitment is one criticality level lower. " +
		"No RPO is promised.\n\n")
	b.WriteString("### Done when\n\n- [ ] the gap is closed and the item is marked done in interlock\n")
	return b.String()
}

// RecordTrackerURL stores the URL of an improvement's work item once the
// tracker made it, unless someone set one meanwhile.
func (s *Service) RecordTrackerURL(ctx context.Context, item TrackerItem, url string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		items, err := tx.Improvements(ctx, item.Subject.ID)
		if err != nil {
			return err
		}
		for _, im := range items {
			if im.ID != item.RecordID || im.URL != "" {
				continue
			}
			im.URL = url
			if err := tx.UpdateImprovement(ctx, &im); err != nil {
				return err
			}
			return tx.Append(ctx, core.Event{Subject: item.Subject, Type: "improvement.tracked", Actor: core.System.Username,
				At: s.clock.Now(), Summary: "improvement work item made in GitLab: " + url,
				Data: map[string]any{"improvement_id": im.ID, "url": url}})
		}
		return nil
	})
}
