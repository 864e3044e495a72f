package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

type ToolPath struct {
	ID int64 `path:"id" doc:"Tool id"`
}

type toolOut struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     ToolBody
}

func newToolOut(t inventory.Tool) *toolOut {
	return &toolOut{ETag: etag(t.Version), Body: toolBody(t)}
}

type listToolsIn struct {
	Category    string `query:"category" enum:"@category"`
	Criticality string `query:"criticality" enum:"@criticality"`
	Stage       string `query:"stage" enum:"@stage"`
	Health      string `query:"health" enum:"@health"`
	Owner       string `query:"owner" maxLength:"100" doc:"Owner team, exact, case-insensitive"`
	Stakeholder string `query:"stakeholder" maxLength:"100" doc:"A stakeholder team, exact, case-insensitive"`
	Name        string `query:"name" maxLength:"100" doc:"Tool name, exact, case-insensitive"`
	Q           string `query:"q" maxLength:"200" doc:"Free text over name, summary and owner team"`
	Sort        string `query:"sort" enum:"criticality,health,stage,category,owner" doc:"Order before the name: most critical or least healthy first, stages and categories in lifecycle order, owner teams alphabetically; by name when absent. Cursors belong to their order."`
	PageIn
}

type PageIn struct {
	Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
	Cursor string `query:"cursor" maxLength:"1000" doc:"next_cursor of the previous page"`
}

func (p PageIn) page() core.Page { return core.Page{Limit: p.Limit, Cursor: p.Cursor} }

type toolList struct {
	Body struct {
		Items      []ToolBody `json:"items"`
		NextCursor string     `json:"next_cursor,omitempty" doc:"Absent on the last page"`
	}
}

func (s *server) toolRoutes() {
	huma.Register(s.api, cachedPages(op("list-tools", http.MethodGet, "/api/v1/tools", "List tools",
		"Tools by name, or sorted, filtered, one page at a time.")), s.listTools)
	huma.Register(s.api, op("create-tool", http.MethodPost, "/api/v1/tools", "Add a tool",
		"Adds a tool to the inventory (engineer). Health starts unassessed. An engineer adds it with criticality low "+
			"and category maintain; any other criticality or category is a manager's decision (403 otherwise).", http.StatusCreated), s.createTool)
	huma.Register(s.api, op("get-tool", http.MethodGet, "/api/v1/tools/{id}", "Get a tool",
		"A tool with its commitment; the ETag is its version."), s.getTool)
	huma.Register(s.api, op("update-tool", http.MethodPatch, "/api/v1/tools/{id}", "Update a tool",
		"Changes the given fields (engineer). Needs If-Match with the tool's ETag; a stale one gets 412."), s.updateTool)
}

func (s *server) listTools(ctx context.Context, in *listToolsIn) (*toolList, error) {
	f := inventory.Filter{
		Category: inventory.Category(in.Category), Criticality: inventory.Criticality(in.Criticality),
		Stage: inventory.Stage(in.Stage), Health: inventory.Health(in.Health),
		OwnerTeam: in.Owner, Stakeholder: in.Stakeholder, Name: in.Name, Text: in.Q, Sort: inventory.ToolSort(in.Sort),
	}
	tools, next, err := s.Inventory.Tools(ctx, actorOf(ctx), f, in.page())
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &toolList{}
	out.Body.Items = make([]ToolBody, len(tools))
	for i, t := range tools {
		out.Body.Items[i] = toolBody(t)
	}
	out.Body.NextCursor = next
	return out, nil
}

func (s *server) createTool(ctx context.Context, in *struct{ Body ToolCreate }) (*toolOut, error) {
	t, err := s.Inventory.CreateTool(ctx, actorOf(ctx), in.Body.tool())
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := newToolOut(t)
	out.Location = "/api/v1/tools/" + strconv.FormatInt(t.ID, 10)
	return out, nil
}

func (s *server) getTool(ctx context.Context, in *ToolPath) (*toolOut, error) {
	t, err := s.Inventory.Tool(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return newToolOut(t), nil
}

type updateToolIn struct {
	ToolPath
	IfMatch string `header:"If-Match" doc:"The tool's ETag, as last read"`
	Body    ToolPatch
}

func (s *server) updateTool(ctx context.Context, in *updateToolIn) (*toolOut, error) {
	t, err := s.Inventory.UpdateTool(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), in.Body.patch())
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return newToolOut(t), nil
}
