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

func (s *server) cocreateRoutes() {
	p := "/api/v1/tools/{id}/cocreate"
	huma.Register(s.api, op("start-cocreate", http.MethodPost, p, "Start co-create",
		"Starts co-create for a tool in integrate (engineer); its stage becomes co_create.", http.StatusCreated), s.startCoCreate)
	huma.Register(s.api, op("get-cocreate", http.MethodGet, p, "A tool's co-create", ""), s.getCoCreate)
	huma.Register(s.api, op("update-cocreate", http.MethodPatch, p, "Fill in a co-create",
		"The integration epic, the handover epic, loop 1 and loop 2 activities and outputs, key considerations (engineer)."), s.updateCoCreate)
	huma.Register(s.api, op("advance-cocreate", http.MethodPost, p+"/advance", "Advance a co-create",
		"validation → integration → shipped; refused with the list of what is missing. Shipping opens a post-co-create sunset plan."), s.advanceCoCreate)
	s.cocreateListRoutes(p)
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

func (s *server) getCoCreate(ctx context.Context, in *ToolPath) (*cocreateOut, error) {
	c, err := s.CoCreate.Of(ctx, actorOf(ctx), in.ID)
	return newCoCreateOut(c, err, s)
}

func (s *server) advanceCoCreate(ctx context.Context, in *struct {
	ToolPath
	IfMatch string `header:"If-Match"`
}) (*cocreateOut, error) {
	c, err := s.CoCreate.Advance(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch))
	return newCoCreateOut(c, err, s)
}
