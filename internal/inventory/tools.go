package inventory

import (
	"context"
	"fmt"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// CreateTool adds a tool to the inventory. Its health starts unassessed and
// its stage, unless given, operational.
func (s *Service) CreateTool(ctx context.Context, actor core.Actor, t Tool) (Tool, error) {
	if err := actor.Require(core.PermEngineer, "adding a tool to the inventory"); err != nil {
		return Tool{}, err
	}
	if t.Stage == "" {
		t.Stage = Operational
	}
	if err := editableStage(t.Stage); err != nil {
		return Tool{}, err
	}
	t.Health, t.ID, t.OpenImprovements = Unassessed, 0, 0
	if err := t.Validate(); err != nil {
		return Tool{}, err
	}
	if err := checkSunsetCategory(nil, t); err != nil {
		return Tool{}, err
	}
	if err := managerCreation(actor, t); err != nil {
		return Tool{}, err
	}
	if err := s.checkMilestone(ctx, Tool{}, t); err != nil {
		return Tool{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		return s.insertTool(ctx, tx, actor, &t, "tool.created", "added to the inventory")
	})
	return t, err
}

// insertTool stores t with its creation event and the message that tells
// its teams what they can expect.
func (s *Service) insertTool(ctx context.Context, tx ToolTx, actor core.Actor, t *Tool, event, summary string) error {
	now := s.clock.Now()
	t.CreatedAt, t.UpdatedAt = now, now
	if err := tx.InsertTool(ctx, t, actor.Username); err != nil {
		return err
	}
	c := t.Commitment()
	if err := tx.Append(ctx, core.Event{
		Subject: toolSubject(t.ID), Type: event, Actor: actor.Username, At: now,
		Summary: fmt.Sprintf("%s %s (%s, %s, %s)", t.Name, summary, t.Criticality, t.Category, t.Stage),
		Data:    toolSnapshot(*t),
	}); err != nil {
		return err
	}
	return tx.Enqueue(ctx, core.Message{
		Topic: "tool.added", Subject: toolSubject(t.ID), CreatedAt: now,
		Recipients: stakeholders(*t, "the tool was added to ProdSecEng's inventory"),
		Title:      fmt.Sprintf("%s is in ProdSecEng's inventory: %s", t.Name, describe(c)),
		Body:       bullet(c.Reasons),
		Data:       map[string]any{"commitment": commitmentData(c)},
	})
}

// Tool returns one tool.
func (s *Service) Tool(ctx context.Context, actor core.Actor, id int64) (Tool, error) {
	if err := actor.Require(core.PermRead, "reading the inventory"); err != nil {
		return Tool{}, err
	}
	return s.store.Tool(ctx, id)
}

// Tools lists tools by name, one page at a time; the second result is the
// cursor of the next page, empty on the last.
func (s *Service) Tools(ctx context.Context, actor core.Actor, f Filter, page core.Page) ([]Tool, string, error) {
	if err := actor.Require(core.PermRead, "reading the inventory"); err != nil {
		return nil, "", err
	}
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	page = page.Normalize()
	key, err := core.DecodeCursor(page.Cursor)
	if err != nil {
		return nil, "", err
	}
	var after string
	var ok bool
	if f.SortAfter, after, ok = f.Sort.splitCursorKey(key); !ok {
		return nil, "", &core.Error{Code: core.Invalid, Message: "the cursor is not one of this order",
			Fields: []core.FieldError{{Field: "cursor", Message: "belongs to another sort", Value: page.Cursor}}}
	}
	tools, err := s.store.Tools(ctx, f, after, page.Limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(tools) > page.Limit {
		tools = tools[:page.Limit]
		next = core.EncodeCursor(f.Sort.cursorKey(tools[len(tools)-1]))
	}
	return tools, next, nil
}

// Validate names each filter value that is not one of its enum's.
func (f Filter) Validate() error {
	var p core.Problems
	p.Require(f.Category == "" || f.Category.Valid(), "category", "is not a path-forward category", f.Category)
	p.Require(f.Criticality == "" || f.Criticality.Valid(), "criticality", "is not a criticality", f.Criticality)
	p.Require(f.Stage == "" || f.Stage.Valid(), "stage", "is not a stage", f.Stage)
	p.Require(f.Health == "" || f.Health.Valid(), "health", "is not a health value", f.Health)
	p.Require(f.Sort.Valid(), "sort", "must be criticality, health, stage, category or owner (or empty, by name)", f.Sort)
	p.MaxLen("q", f.Text, MaxSearchText)
	return p.Err("the filter is not valid")
}

// Events lists a tool's timeline, oldest first.
func (s *Service) Events(ctx context.Context, actor core.Actor, toolID int64, page core.Page) ([]core.Event, string, error) {
	if _, err := s.Tool(ctx, actor, toolID); err != nil {
		return nil, "", err
	}
	return core.PageByID(page, func(after int64, limit int) ([]core.Event, error) {
		return s.store.Events(ctx, toolSubject(toolID), after, limit)
	}, func(e core.Event) int64 { return e.ID })
}
