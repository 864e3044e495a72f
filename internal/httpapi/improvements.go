package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// ImprovementBody is one item of a tool's improvement plan.
type ImprovementBody struct {
	ID          int64      `json:"id"`
	ToolID      int64      `json:"tool_id"`
	Title       string     `json:"title"`
	CriterionID string     `json:"criterion_id" doc:"The rubric criterion it closes, if any"`
	URL         string     `json:"url" doc:"The work item that tracks it"`
	Priority    int        `json:"priority" doc:"ProdSecEngPriority 1-3; 0 when not prioritised"`
	Milestone   string     `json:"milestone" doc:"The target milestone"`
	Done        bool       `json:"done"`
	DoneAt      *time.Time `json:"done_at"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
}

func improvementBody(im inventory.Improvement) ImprovementBody {
	return ImprovementBody{ID: im.ID, ToolID: im.ToolID, Title: im.Title, CriterionID: im.CriterionID, URL: im.URL,
		Priority: im.Priority, Milestone: im.Milestone,
		Done: im.DoneAt != nil, DoneAt: im.DoneAt, CreatedBy: im.CreatedBy, CreatedAt: im.CreatedAt}
}

func (s *server) improvementRoutes() {
	huma.Register(s.api, op("list-improvements", http.MethodGet, "/api/v1/tools/{id}/improvements", "A tool's improvement plan",
		"Open and done items; while any is open the commitment is one level lower."), s.listImprovements)
	huma.Register(s.api, op("add-improvement", http.MethodPost, "/api/v1/tools/{id}/improvements", "Plan an improvement",
		"Adds an item to the tool's improvement plan (engineer).", http.StatusCreated), s.addImprovement)
	huma.Register(s.api, op("complete-improvement", http.MethodPost, "/api/v1/tools/{id}/improvements/{improvement_id}/done",
		"Complete an improvement", "Marks an item done (engineer); the last one restores the commitment."), s.completeImprovement)
	huma.Register(s.api, op("prioritise-improvement", http.MethodPatch, "/api/v1/tools/{id}/improvements/{improvement_id}",
		"Prioritise an improvement", "Sets its ProdSecEngPriority and target milestone (manager); it shows in the priorities list."),
		s.prioritiseImprovement)
}

type improvementList struct {
	Body struct {
		Items []ImprovementBody `json:"items"`
	}
}

func (s *server) listImprovements(ctx context.Context, in *ToolPath) (*improvementList, error) {
	items, err := s.Inventory.Improvements(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &improvementList{}
	out.Body.Items = make([]ImprovementBody, len(items))
	for i, im := range items {
		out.Body.Items[i] = improvementBody(im)
	}
	return out, nil
}

// ImprovementCreate is the body that plans an improvement.
type ImprovementCreate struct {
	Title       string `json:"title" minLength:"1" maxLength:"200"`
	CriterionID string `json:"criterion_id,omitempty" maxLength:"64"`
	URL         string `json:"url,omitempty" maxLength:"2048"`
}

func (s *server) addImprovement(ctx context.Context, in *struct {
	ToolPath
	Body ImprovementCreate
}) (*struct{ Body ImprovementBody }, error) {
	im, err := s.Inventory.AddImprovement(ctx, actorOf(ctx), in.ID, inventory.Improvement{
		Title: in.Body.Title, CriterionID: in.Body.CriterionID, URL: in.Body.URL})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body ImprovementBody }{Body: improvementBody(im)}, nil
}

func (s *server) completeImprovement(ctx context.Context, in *struct {
	ToolPath
	ImprovementID int64 `path:"improvement_id"`
}) (*struct{ Body ImprovementBody }, error) {
	im, err := s.Inventory.CompleteImprovement(ctx, actorOf(ctx), in.ID, in.ImprovementID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &struct{ Body ImprovementBody }{Body: improvementBody(im)}, nil
}
