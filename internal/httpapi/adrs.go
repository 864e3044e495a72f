package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// ADRBody is an architectural decision record of a tool.
type ADRBody struct {
	Number        int       `json:"number" doc:"Numbered per tool from 1"`
	ToolID        int64     `json:"tool_id"`
	Title         string    `json:"title"`
	Status        string    `json:"status" enum:"@adr_status"`
	Context       string    `json:"context"`
	Decision      string    `json:"decision"`
	Consequences  string    `json:"consequences"`
	Retrospective bool      `json:"retrospective" doc:"Written after the fact, as when a tool is handed over"`
	Supersedes    *int64    `json:"supersedes" doc:"Number of the ADR this one replaces"`
	SupersededBy  *int64    `json:"superseded_by" doc:"Number of the ADR that replaced this one"`
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`
}

func adrBody(a inventory.ADR) ADRBody {
	return ADRBody{Number: a.Number, ToolID: a.ToolID, Title: a.Title, Status: string(a.Status), Context: a.Context,
		Decision: a.Decision, Consequences: a.Consequences, Retrospective: a.Retrospective, Supersedes: a.Supersedes,
		SupersededBy: a.SupersededBy, CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Version: a.Version}
}

type adrOut struct {
	ETag string `header:"ETag"`
	Body ADRBody
}

type ADRPath struct {
	ToolPath
	Number int `path:"number" minimum:"1"`
}

func (s *server) adrRoutes() {
	huma.Register(s.api, op("list-adrs", http.MethodGet, "/api/v1/tools/{id}/adrs", "A tool's ADRs", ""), s.listADRs)
	huma.Register(s.api, op("create-adr", http.MethodPost, "/api/v1/tools/{id}/adrs", "Record an ADR",
		"Records a decision (engineer). With supersedes, the named accepted ADR becomes superseded and the two are linked.",
		http.StatusCreated), s.createADR)
	huma.Register(s.api, op("get-adr", http.MethodGet, "/api/v1/tools/{id}/adrs/{number}", "Get an ADR", ""), s.getADR)
	huma.Register(s.api, op("update-adr", http.MethodPatch, "/api/v1/tools/{id}/adrs/{number}", "Edit an ADR",
		"Edits an ADR (engineer) with If-Match. Status moves: proposed → accepted|deprecated, accepted → deprecated."), s.updateADR)
}

type adrList struct {
	Body struct {
		Items []ADRBody `json:"items"`
	}
}

func (s *server) listADRs(ctx context.Context, in *ToolPath) (*adrList, error) {
	adrs, err := s.Inventory.ADRs(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	out := &adrList{}
	out.Body.Items = make([]ADRBody, len(adrs))
	for i, a := range adrs {
		out.Body.Items[i] = adrBody(a)
	}
	return out, nil
}

// ADRCreate is the body that records an ADR.
type ADRCreate struct {
	Title         string `json:"title" minLength:"1" maxLength:"200"`
	Status        string `json:"status,omitempty" enum:"proposed,accepted,deprecated" doc:"Defaults to proposed"`
	Context       string `json:"context" minLength:"1" maxLength:"20000"`
	Decision      string `json:"decision" minLength:"1" maxLength:"20000"`
	Consequences  string `json:"consequences,omitempty" maxLength:"20000"`
	Retrospective bool   `json:"retrospective,omitempty"`
	Supersedes    *int64 `json:"supersedes,omitempty" minimum:"1" doc:"Number of the accepted ADR this one replaces"`
}

func (c ADRCreate) adr() inventory.ADR {
	return inventory.ADR{Title: c.Title, Status: inventory.ADRStatus(c.Status), Context: c.Context, Decision: c.Decision,
		Consequences: c.Consequences, Retrospective: c.Retrospective, Supersedes: c.Supersedes}
}

func (s *server) createADR(ctx context.Context, in *struct {
	ToolPath
	Body ADRCreate
}) (*adrOut, error) {
	a, err := s.Inventory.CreateADR(ctx, actorOf(ctx), in.ID, in.Body.adr())
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &adrOut{ETag: etag(a.Version), Body: adrBody(a)}, nil
}

func (s *server) getADR(ctx context.Context, in *ADRPath) (*adrOut, error) {
	a, err := s.Inventory.ADR(ctx, actorOf(ctx), in.ID, in.Number)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &adrOut{ETag: etag(a.Version), Body: adrBody(a)}, nil
}

type updateADRIn struct {
	ADRPath
	IfMatch string `header:"If-Match"`
	Body    struct {
		Title        *string `json:"title,omitempty" minLength:"1" maxLength:"200"`
		Status       *string `json:"status,omitempty" enum:"@adr_status"`
		Context      *string `json:"context,omitempty" minLength:"1" maxLength:"20000"`
		Decision     *string `json:"decision,omitempty" minLength:"1" maxLength:"20000"`
		Consequences *string `json:"consequences,omitempty" maxLength:"20000"`
	}
}

func (s *server) updateADR(ctx context.Context, in *updateADRIn) (*adrOut, error) {
	b := in.Body
	a, err := s.Inventory.UpdateADR(ctx, actorOf(ctx), in.ID, in.Number, ifMatch(in.IfMatch), inventory.ADRPatch{
		Title: b.Title, Context: b.Context, Decision: b.Decision, Consequences: b.Consequences,
		Status: enumPtr[inventory.ADRStatus](b.Status)})
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &adrOut{ETag: etag(a.Version), Body: adrBody(a)}, nil
}
