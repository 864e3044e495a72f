package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
)

// CoCreateBody is a co-create as the API shows it: the record, the share of
// functionality in the product, what the practice still expects, and what
// stands between it and the next loop.
type CoCreateBody struct {
	CoCreateRecord
	PercentInProduct *float64      `json:"percent_in_product" doc:"Functionality in the product, dropped pieces aside; null while none is listed"`
	Warnings         []string      `json:"warnings"`
	MissingToAdvance []MissingItem `json:"missing_to_advance" doc:"What the next advance needs; empty when it may advance"`
}

// CoCreateRecord is the stored co-create, shown as it is (without its methods).
type CoCreateRecord cocreate.CoCreate

// MissingItem names a field that must be filled in, and why.
type MissingItem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func cocreateBody(c cocreate.CoCreate) CoCreateBody {
	b := CoCreateBody{CoCreateRecord: CoCreateRecord(c), PercentInProduct: c.PercentInProduct(), Warnings: c.Warnings(), MissingToAdvance: []MissingItem{}}
	if b.Warnings == nil {
		b.Warnings = []string{}
	}
	if c.Loop != cocreate.Shipped {
		for _, m := range c.MissingToAdvance() {
			b.MissingToAdvance = append(b.MissingToAdvance, MissingItem{m.Field, m.Message})
		}
	}
	return b
}

type cocreateOut struct {
	ETag string `header:"ETag"`
	Body CoCreateBody
}

func newCoCreateOut(c cocreate.CoCreate, err error, s *server) (*cocreateOut, error) {
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &cocreateOut{ETag: etag(c.Version), Body: cocreateBody(c)}, nil
}

// refOf turns the {id} of a path into the co-create it names.
type refOf func(id int64) cocreate.Ref

func toolRef(id int64) cocreate.Ref    { return cocreate.Ref{Tool: id} }
func requestRef(id int64) cocreate.Ref { return cocreate.Ref{Request: id} }

func (s *server) cocreateRoutes() {
	p := "/api/v1/tools/{id}/cocreate"
	huma.Register(s.api, op("start-cocreate", http.MethodPost, p, "Start co-create",
		"Starts co-create for a tool in integrate (engineer); its stage becomes co_create.", http.StatusCreated), s.startCoCreate)
	huma.Register(s.api, op("start-request-cocreate", http.MethodPost, "/api/v1/requests/{id}/cocreate", "Start co-create of a need",
		"For an intake request decided build_in_product: co-create with no internal tool (engineer).", http.StatusCreated), s.startRequestCoCreate)
	s.cocreateOperations("", p, toolRef)
	s.cocreateOperations("request-", "/api/v1/requests/{id}/cocreate", requestRef)
}

// cocreateOperations registers the operations on one co-create, under a
// tool or under an intake request.
func (s *server) cocreateOperations(idPrefix, p string, ref refOf) {
	op := func(id, method, path, summary, description string) huma.Operation {
		return op(idPrefix+id, method, path, summary, description)
	}
	huma.Register(s.api, op("get-cocreate", http.MethodGet, p, "A co-create", ""), s.getCoCreate(ref))
	huma.Register(s.api, op("update-cocreate", http.MethodPatch, p, "Fill in a co-create",
		"The integration epic, the handover epic, loop 1 and loop 2 activities and outputs, key considerations (engineer)."), s.updateCoCreate(ref))
	huma.Register(s.api, op("advance-cocreate", http.MethodPost, p+"/advance", "Advance a co-create",
		"validation → integration → shipped; refused with the list of what is missing. Shipping a tool's co-create opens a post-co-create sunset plan."),
		s.advanceCoCreate(ref))
	huma.Register(s.api, op("add-functionality", http.MethodPost, p+"/functionalities", "List a piece of functionality",
		"One epic per discrete piece of functionality, labelled ProdSecEngMetric::Tooling Integration."), s.addFunctionality(ref))
	huma.Register(s.api, op("update-functionality", http.MethodPatch, p+"/functionalities/{item_id}",
		"Change a piece of functionality", "Its status drives the share of functionality in the product."), s.updateFunctionality(ref))
	huma.Register(s.api, op("answer-handover", http.MethodPost, p+"/handover/answers", "Record a product group's answer",
		"An answer to the seeds' handover questions, with who said it and when."), s.answerHandover(ref))
	huma.Register(s.api, op("add-merge-request", http.MethodPost, p+"/merge-requests", "Record a merge request",
		"A contribution to the product (loop 2)."), s.addMergeRequest(ref))
	huma.Register(s.api, op("update-merge-request", http.MethodPatch, p+"/merge-requests/{item_id}", "Change a merge request",
		"Merged finishes the contribution: the roadmap phase it completes is done and the sunsetting issues it fulfils close."),
		s.updateMergeRequest(ref))
	huma.Register(s.api, op("add-feedback", http.MethodPost, p+"/feedback", "Record Customer Zero feedback", ""), s.addFeedback(ref))
	huma.Register(s.api, op("add-phase", http.MethodPost, p+"/roadmap/phases", "Add a sunset roadmap phase", ""), s.addPhase(ref))
	huma.Register(s.api, op("complete-phase", http.MethodPost, p+"/roadmap/phases/{item_id}/complete", "Complete a roadmap phase", ""),
		s.completePhase(ref))
	huma.Register(s.api, op("add-sunsetting-issue", http.MethodPost, p+"/roadmap/issues", "Add a sunsetting issue", ""),
		s.addSunsettingIssue(ref))
	huma.Register(s.api, op("close-sunsetting-issue", http.MethodPost, p+"/roadmap/issues/{item_id}/close",
		"Close a fulfilled sunsetting issue", ""), s.closeSunsettingIssue(ref))
}

func (s *server) startRequestCoCreate(ctx context.Context, in *struct {
	ToolPath
	Body struct {
		IntegrationEpicURL string `json:"integration_epic_url" minLength:"1" maxLength:"2048"`
	}
}) (*cocreateOut, error) {
	c, err := s.CoCreate.StartForRequest(ctx, actorOf(ctx), in.ID, in.Body.IntegrationEpicURL)
	return newCoCreateOut(c, err, s)
}

func (s *server) startCoCreate(ctx context.Context, in *struct {
	ToolPath
	Body struct {
		IntegrationEpicURL string `json:"integration_epic_url" minLength:"1" maxLength:"2048" doc:"The tooling integration epic"`
	}
}) (*cocreateOut, error) {
	c, err := s.CoCreate.Start(ctx, actorOf(ctx), in.ID, in.Body.IntegrationEpicURL)
	return newCoCreateOut(c, err, s)
}

func (s *server) getCoCreate(ref refOf) func(context.Context, *ToolPath) (*cocreateOut, error) {
	return func(ctx context.Context, in *ToolPath) (*cocreateOut, error) {
		c, err := s.CoCreate.Of(ctx, actorOf(ctx), ref(in.ID))
		return newCoCreateOut(c, err, s)
	}
}

func (s *server) advanceCoCreate(ref refOf) func(context.Context, *struct {
	ToolPath
	IfMatch string `header:"If-Match"`
}) (*cocreateOut, error) {
	return func(ctx context.Context, in *struct {
		ToolPath
		IfMatch string `header:"If-Match"`
	}) (*cocreateOut, error) {
		c, err := s.CoCreate.Advance(ctx, actorOf(ctx), ref(in.ID), ifMatch(in.IfMatch))
		return newCoCreateOut(c, err, s)
	}
}
