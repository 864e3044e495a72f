package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// CriterionBody is one criterion of the rubric.
type CriterionBody struct {
	ID          string `json:"id" minLength:"1" maxLength:"64" pattern:"^[a-z0-9][a-z0-9_-]*$"`
	Level       string `json:"level" enum:"@level"`
	Description string `json:"description" minLength:"1" maxLength:"1000"`
}

// RubricBody is the Good/Better/Best rubric.
type RubricBody struct {
	Criteria []CriterionBody `json:"criteria" maxItems:"200"`
	Version  int             `json:"version" readOnly:"true"`
}

func rubricBody(r inventory.Rubric) RubricBody {
	out := RubricBody{Version: r.Version, Criteria: criteriaBody(r.Criteria)}
	return out
}

func criteriaBody(cs []inventory.Criterion) []CriterionBody {
	out := make([]CriterionBody, len(cs))
	for i, c := range cs {
		out[i] = CriterionBody{ID: c.ID, Level: string(c.Level), Description: c.Description}
	}
	return out
}

type rubricOut struct {
	ETag string `header:"ETag"`
	Body RubricBody
}

// MissingBody is what a tool lacks for its next health level.
type MissingBody struct {
	Level    string          `json:"level,omitempty" doc:"The next level; absent at best"`
	Criteria []CriterionBody `json:"criteria"`
}

// AssessmentBody is a tool's assessment and what follows from it.
type AssessmentBody struct {
	ToolID     int64          `json:"tool_id"`
	Met        []string       `json:"met"`
	Health     string         `json:"health" enum:"below_good,good,better,best"`
	Note       string         `json:"note"`
	AssessedBy string         `json:"assessed_by"`
	AssessedAt time.Time      `json:"assessed_at"`
	Missing    MissingBody    `json:"missing" doc:"What is missing for the next level"`
	Commitment CommitmentBody `json:"commitment"`
}

func assessmentBody(a inventory.Assessment, m inventory.Missing, t inventory.Tool) AssessmentBody {
	met := a.Met
	if met == nil {
		met = []string{}
	}
	return AssessmentBody{ToolID: a.ToolID, Met: met, Health: string(a.Health), Note: a.Note,
		AssessedBy: a.AssessedBy, AssessedAt: a.AssessedAt, Commitment: commitmentBody(t.Commitment()),
		Missing: MissingBody{Level: string(m.Level), Criteria: criteriaBody(m.Criteria)}}
}

type assessmentOut struct {
	ETag string `header:"ETag" doc:"The tool's new version"`
	Body AssessmentBody
}

func (s *server) healthRoutes() {
	huma.Register(s.api, op("get-rubric", http.MethodGet, "/api/v1/rubric", "The rubric",
		"The Good/Better/Best criteria tools are assessed against."), s.getRubric)
	huma.Register(s.api, op("set-rubric", http.MethodPut, "/api/v1/rubric", "Replace the rubric",
		"Replaces every criterion (admin). Assessments already made keep their health."), s.setRubric)
	huma.Register(s.api, op("get-assessment", http.MethodGet, "/api/v1/tools/{id}/assessment", "A tool's assessment",
		"The latest assessment and what is missing for the next level."), s.getAssessment)
	huma.Register(s.api, op("assess-tool", http.MethodPut, "/api/v1/tools/{id}/assessment", "Assess a tool",
		"Records which criteria the tool meets (engineer) and sets its health: the highest level whose criteria, and all lower levels', are met."), s.assessTool)
}

func (s *server) getRubric(ctx context.Context, _ *struct{}) (*rubricOut, error) {
	r, err := s.Inventory.Rubric(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &rubricOut{ETag: etag(r.Version), Body: rubricBody(r)}, nil
}

type setRubricIn struct {
	IfMatch string `header:"If-Match"`
	Body    struct {
		Criteria []CriterionBody `json:"criteria" maxItems:"200"`
	}
}

func (s *server) setRubric(ctx context.Context, in *setRubricIn) (*rubricOut, error) {
	r := inventory.Rubric{}
	for _, c := range in.Body.Criteria {
		r.Criteria = append(r.Criteria, inventory.Criterion{ID: c.ID, Level: inventory.Health(c.Level), Description: c.Description})
	}
	r, err := s.Inventory.SetRubric(ctx, actorOf(ctx), ifMatch(in.IfMatch), r)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &rubricOut{ETag: etag(r.Version), Body: rubricBody(r)}, nil
}

func (s *server) getAssessment(ctx context.Context, in *ToolPath) (*assessmentOut, error) {
	a, m, err := s.Inventory.Assessment(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	t, err := s.Inventory.Tool(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &assessmentOut{ETag: etag(t.Version), Body: assessmentBody(a, m, t)}, nil
}

type assessIn struct {
	ToolPath
	IfMatch string `header:"If-Match" doc:"Optional: the tool's ETag"`
	Body    struct {
		Met  []string `json:"met" maxItems:"200" doc:"Ids of the rubric criteria the tool meets"`
		Note string   `json:"note,omitempty" maxLength:"5000"`
	}
}

func (s *server) assessTool(ctx context.Context, in *assessIn) (*assessmentOut, error) {
	res, err := s.Inventory.Assess(ctx, actorOf(ctx), in.ID, ifMatch(in.IfMatch), in.Body.Met, in.Body.Note)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return &assessmentOut{ETag: etag(res.Tool.Version), Body: assessmentBody(res.Assessment, res.Missing, res.Tool)}, nil
}
