package cocreate

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// With a tracker (GitLab) configured, co-create's epics and sunsetting
// issues that have no URL yet are queued in the tracker in the transaction
// that calls for them, and their URLs are stored here once they are made.

// epicRequired reports whether an integration epic URL must be given: only
// when the tracker does not make the epic.
func (s *Service) epicRequired() bool { return !s.inventory.Tracks(inventory.TrackIntegrationEpic) }

// queueEpics asks for the tooling integration epic (unless linked by hand)
// and the tooling handover epic, which the seeds want as early as possible.
func (s *Service) queueEpics(ctx context.Context, tx inventory.TrackerQueue, c CoCreate, name string) error {
	if c.IntegrationEpicURL == "" && s.inventory.Tracks(inventory.TrackIntegrationEpic) {
		if err := s.queue(ctx, tx, c, inventory.TrackIntegrationEpic, c.ID, "Tooling integration: "+name,
			integrationEpicText(name), []string{MetricLabel}); err != nil {
			return err
		}
	}
	if c.Handover.EpicURL == "" && s.inventory.Tracks(inventory.TrackHandoverEpic) {
		return s.queue(ctx, tx, c, inventory.TrackHandoverEpic, c.ID, "Tooling handover: "+name, handoverEpicText(name), nil)
	}
	return nil
}

func (s *Service) queue(ctx context.Context, tx inventory.TrackerQueue, c CoCreate, kind inventory.TrackerKind, record int64,
	title, text string, labels []string) error {
	parent := ""
	if kind != inventory.TrackIntegrationEpic && kind.Epic() {
		parent = c.IntegrationEpicURL
	}
	return tx.QueueTrackerItem(ctx, inventory.TrackerItem{Kind: kind, Subject: c.subject(), RecordID: record,
		Title: title, Description: text, Labels: labels, ParentURL: parent, QueuedAt: s.clock.Now()})
}

// queueFunctionality asks for a functionality's epic, a child of the
// integration epic, unless it has one.
func (s *Service) queueFunctionality(ctx context.Context, tx inventory.TrackerQueue, c CoCreate, f Functionality) error {
	if f.EpicURL != "" || !s.inventory.Tracks(inventory.TrackFunctionalityEpic) {
		return nil
	}
	text := fmt.Sprintf("## Discrete functionality: %s\n\n%s\n\nThis epic is a child of the tooling integration epic. "+
		"Create issues under it that push us towards integrating this functionality into the product; "+
		"work to implement, roll out or hand it over is tracked as its children.\n", f.Title, f.Description)
	return s.queue(ctx, tx, c, inventory.TrackFunctionalityEpic, f.ID, f.Title, text, f.Labels)
}

// queueSunsettingIssue asks for a sunsetting issue in the team's project,
// unless it has a URL.
func (s *Service) queueSunsettingIssue(ctx context.Context, tx inventory.TrackerQueue, c CoCreate, is SunsettingIssue) error {
	if is.URL != "" || !s.inventory.Tracks(inventory.TrackSunsettingIssue) {
		return nil
	}
	text := fmt.Sprintf("## Sunsetting requirement\n\n%s\n\nThis issue tracks one of the high-level requirements to fully "+
		"deprecate the custom tool, from its sunset roadmap.\n\nOnce the requirement has been fulfilled, close this issue "+
		"(and update the sunset roadmap to show the task or phase complete).\n", is.Requirement)
	return s.queue(ctx, tx, c, inventory.TrackSunsettingIssue, is.ID, "Sunsetting: "+is.Requirement, text,
		[]string{"ProdSecEngMetric::Tooling Integration"})
}

func integrationEpicText(name string) string {
	return fmt.Sprintf("## Tooling integration: %s\n\n"+
		"This epic is used to organize, plan, and track the work needed to implement %s into GitLab. "+
		"Make it a child of the Product Security Tooling Integration epic and add the tool to its List of Tools.\n\n"+
		"- [ ] an epic for each piece of discrete functionality (or required component), a child of this epic, "+
		"labelled ~\"%s\"\n- [ ] a tooling handover epic, created as early as possible\n"+
		"- [ ] a sunset roadmap and sunsetting issues\n- [ ] a best-guess recommendation of what to start with\n", name, name, MetricLabel)
}

func handoverEpicText(name string) string {
	return fmt.Sprintf("## Tooling handover: %s\n\n"+
		"The single source of truth for handing the functionality of %s to the development teams that will own "+
		"and maintain it. Ping the appropriate product and engineering managers directly.\n\n"+
		"### Questions for the product group\n\n"+
		"- Does the functionality described in the epics/issues align with work your group does? If not, who should we follow up with?\n"+
		"- Do you have any concerns about the functionality, from a product, engineering or maintenance perspective?\n"+
		"- What is the agreed definition of done, and at what point would it make sense to hand this work over to your team?\n"+
		"- What would you like to see from us to ensure a smooth handover?\n\n"+
		"### To agree\n\n- [ ] owning team for each piece of functionality\n- [ ] definition of done\n"+
		"- [ ] feature flags\n- [ ] rollout plan\n- [ ] handover point\n", name, name)
}

// RecordTrackerURL stores the URL of an epic or sunsetting issue once the
// tracker made it, unless someone linked one by hand meanwhile.
func (s *Service) RecordTrackerURL(ctx context.Context, item inventory.TrackerItem, url string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		ref := Ref{Tool: item.Subject.ID}
		if item.Subject.Type == "request" {
			ref = Ref{Request: item.Subject.ID}
		}
		c, err := ref.load(ctx, tx)
		if err != nil {
			return err
		}
		what, changed := setTrackerURL(&c, item, url, s.clock.Now())
		if !changed {
			return nil
		}
		c.UpdatedAt = s.clock.Now()
		if err := tx.UpdateCoCreate(ctx, &c); err != nil {
			return err
		}
		return tx.Append(ctx, core.Event{Subject: c.subject(), Type: "cocreate.tracked", Actor: core.System.Username,
			At: c.UpdatedAt, Summary: what + " made in GitLab: " + url,
			Data: map[string]any{"cocreate_id": c.ID, "kind": item.Kind, "url": url}})
	})
}

func setTrackerURL(c *CoCreate, item inventory.TrackerItem, url string, now time.Time) (string, bool) {
	set := func(dst *string) bool {
		if strings.TrimSpace(*dst) != "" {
			return false
		}
		*dst = url
		return true
	}
	switch item.Kind {
	case inventory.TrackIntegrationEpic:
		return "integration epic", c.ID == item.RecordID && set(&c.IntegrationEpicURL)
	case inventory.TrackHandoverEpic:
		if c.ID != item.RecordID || !set(&c.Handover.EpicURL) {
			return "handover epic", false
		}
		if c.Handover.CreatedAt == nil {
			c.Handover.CreatedAt = &now
		}
		return "handover epic", true
	case inventory.TrackFunctionalityEpic:
		i := slices.IndexFunc(c.Functionalities, func(f Functionality) bool { return f.ID == item.RecordID })
		return fmt.Sprintf("functionality %d epic", item.RecordID), i >= 0 && set(&c.Functionalities[i].EpicURL)
	case inventory.TrackSunsettingIssue:
		i := slices.IndexFunc(c.Roadmap.Issues, func(is SunsettingIssue) bool { return is.ID == item.RecordID })
		return fmt.Sprintf("sunsetting issue %d", item.RecordID), i >= 0 && set(&c.Roadmap.Issues[i].URL)
	}
	return "", false
}
