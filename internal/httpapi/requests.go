package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/intake"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// RequestBody is an intake request as the API shows it.
type RequestBody struct {
	ID              int64                `json:"id"`
	Kind            string               `json:"kind" enum:"@request_kind"`
	Title           string               `json:"title"`
	RequestingTeam  string               `json:"requesting_team"`
	Requester       string               `json:"requester"`
	Template        map[string]string    `json:"template"`
	Tool            intake.ToolDetails   `json:"tool"`
	State           string               `json:"state" enum:"@request_state"`
	Step            string               `json:"step" enum:"@step"`
	PathForward     *PathForwardBody     `json:"path_forward"`
	Plan            *PlanBody            `json:"plan"`
	Maintainability *MaintainabilityBody `json:"maintainability"`
	PathToProduct   *PathToProductBody   `json:"path_to_product"`
	Decision        *DecisionBody        `json:"decision"`
	ToolID          *int64               `json:"tool_id" doc:"The tool the decision added to the inventory"`
	NeedsCoCreate   bool                 `json:"needs_cocreate" doc:"Decided build_in_product: co-create of a need, with no internal tool"`
	WithdrawReason  string               `json:"withdraw_reason,omitempty"`
	Version         int                  `json:"version"`
	CreatedAt       time.Time            `json:"created_at"`
	UpdatedAt       time.Time            `json:"updated_at"`
	History         []ReassessmentBody   `json:"history,omitempty" doc:"What each re-assessment through step 2 replaced"`
}

// PlanBody is net-new step 3 with the commitment that follows from it.
type PlanBody struct {
	intake.Plan
	Commitment CommitmentBody `json:"commitment"`
}

// MaintainabilityBody is handover step 2 with the commitment that follows.
type MaintainabilityBody struct {
	intake.Assessment
	Commitment CommitmentBody `json:"commitment"`
}

func requestBody(r intake.Request) RequestBody {
	b := RequestBody{ID: r.ID, Kind: string(r.Kind), Title: r.Title, RequestingTeam: r.RequestingTeam, Requester: r.Requester,
		Template: r.Template, Tool: r.Tool, State: string(r.State), Step: string(r.Step), PathForward: pathForwardBody(r.PathForward),
		PathToProduct: pathToProductBody(r.PathToProduct), ToolID: r.ToolID, NeedsCoCreate: r.NeedsCoCreate, WithdrawReason: r.WithdrawReason,
		Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, History: historyBody(r.History),
		Decision: decisionBody(r.Decision)}
	if b.Template == nil {
		b.Template = map[string]string{}
	}
	if r.Plan != nil {
		cat := inventory.Maintain
		if r.PathForward != nil {
			cat = r.PathForward.Category
		}
		b.Plan = &PlanBody{Plan: *r.Plan, Commitment: commitmentBody(inventory.CommitmentFor(inventory.CommitmentInput{
			Criticality: r.Plan.Criticality, Category: cat, Health: inventory.Unassessed, Stage: inventory.Operational}))}
	}
	if m := r.Maintainability; m != nil {
		cat := inventory.Maintain
		if r.PathToProduct != nil {
			cat = r.PathToProduct.Category
		}
		b.Maintainability = &MaintainabilityBody{Assessment: *m, Commitment: commitmentBody(inventory.CommitmentFor(
			inventory.CommitmentInput{Criticality: m.Criticality, Category: cat, Health: m.Health, Stage: inventory.Operational}))}
	}
	return b
}

type requestOut struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     RequestBody
}

func (s *server) requestOut(r intake.Request, err error) (*requestOut, error) {
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &requestOut{ETag: etag(r.Version), Body: requestBody(r)}, nil
}

// RequestPath names a request.
type RequestPath struct {
	ID      int64  `path:"id" doc:"Request id"`
	IfMatch string `header:"If-Match" doc:"The request's ETag"`
}

func (s *server) requestRoutes() {
	huma.Register(s.api, op("open-request", http.MethodPost, "/api/v1/requests", "Open a request",
		"A net-new request, a handover or another request; the template may be partly answered.", http.StatusCreated), s.openRequest)
	huma.Register(s.api, op("list-requests", http.MethodGet, "/api/v1/requests", "List requests", ""), s.listRequests)
	huma.Register(s.api, op("requests-due", http.MethodGet, "/api/v1/requests/due", "Requests due for re-assessment",
		"wait_for_product and defer_capacity decisions whose revisit date has come."), s.requestsDue)
	huma.Register(s.api, op("get-request", http.MethodGet, "/api/v1/requests/{id}", "Get a request", ""), s.getRequest)
	huma.Register(s.api, op("answer-request", http.MethodPatch, "/api/v1/requests/{id}", "Answer the template",
		"The requester (or an engineer) adds or changes answers while the request is being understood."), s.answerRequest)
	huma.Register(s.api, op("withdraw-request", http.MethodPost, "/api/v1/requests/{id}/withdraw", "Withdraw a request", ""), s.withdrawRequest)
	s.requestStepRoutes()
	s.requestDiscussionRoutes()
}

// RequestCreate is the body that opens a request.
type RequestCreate struct {
	Kind           string             `json:"kind" enum:"@request_kind"`
	Title          string             `json:"title" minLength:"1" maxLength:"200"`
	RequestingTeam string             `json:"requesting_team" minLength:"1" maxLength:"100"`
	Template       map[string]string  `json:"template,omitempty" doc:"Answers, by question key"`
	Tool           intake.ToolDetails `json:"tool,omitempty" doc:"The tool's name (default: the title), repository, project"`
}

func (s *server) openRequest(ctx context.Context, in *struct{ Body RequestCreate }) (*requestOut, error) {
	b := in.Body
	r, err := s.Intake.Create(ctx, actorOf(ctx), intake.NewRequest{Kind: intake.Kind(b.Kind), Title: b.Title,
		RequestingTeam: b.RequestingTeam, Template: b.Template, Tool: b.Tool})
	out, err := s.requestOut(r, err)
	if out != nil {
		out.Location = "/api/v1/requests/" + strconv.FormatInt(r.ID, 10)
	}
	return out, err
}

func (s *server) getRequest(ctx context.Context, in *RequestPath) (*requestOut, error) {
	return s.requestOut(s.Intake.Get(ctx, actorOf(ctx), in.ID))
}

func (s *server) answerRequest(ctx context.Context, in *struct {
	RequestPath
	Body struct {
		Template map[string]string `json:"template"`
	}
}) (*requestOut, error) {
	return s.requestOut(s.Intake.Answer(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), in.Body.Template))
}

func (s *server) withdrawRequest(ctx context.Context, in *struct {
	RequestPath
	Body struct {
		Reason string `json:"reason,omitempty" maxLength:"20000"`
	}
}) (*requestOut, error) {
	return s.requestOut(s.Intake.Withdraw(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), in.Body.Reason))
}

type requestListIn struct {
	Kind           string `query:"kind" enum:"@request_kind"`
	State          string `query:"state" enum:"@request_state"`
	Step           string `query:"step" enum:"@step"`
	RequestingTeam string `query:"requesting_team" maxLength:"100"`
	Mine           bool   `query:"mine" doc:"Only requests I opened"`
	Due            bool   `query:"due_for_reassessment" doc:"Only decisions whose revisit date has come"`
	PageIn
}

type requestList struct {
	Body struct {
		Items      []RequestBody `json:"items"`
		NextCursor string        `json:"next_cursor,omitempty"`
	}
}

func (s *server) listRequests(ctx context.Context, in *requestListIn) (*requestList, error) {
	f := intake.Filter{Kind: intake.Kind(in.Kind), State: intake.State(in.State), Step: intake.Step(in.Step), RequestingTeam: in.RequestingTeam}
	list, next, err := s.Intake.List(ctx, actorOf(ctx), f, in.Mine, in.Due, in.page())
	if err != nil {
		return nil, s.queryErr(err)
	}
	out := &requestList{}
	out.Body.Items, out.Body.NextCursor = []RequestBody{}, next
	for _, r := range list {
		out.Body.Items = append(out.Body.Items, requestBody(r))
	}
	return out, nil
}

func (s *server) requestsDue(ctx context.Context, in *PageIn) (*requestList, error) {
	return s.listRequests(ctx, &requestListIn{Due: true, PageIn: *in})
}
