package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

// ReviewPolicyBody says how often tools are reviewed, in months by
// criticality, and after how many idle days a tool looks like a zombie.
type ReviewPolicyBody struct {
	EveryMonths     map[string]int `json:"every_months" doc:"critical, high, medium and low: months between reviews"`
	ZombieAfterDays int            `json:"zombie_after_days" minimum:"7" maximum:"3650"`
}

type reviewPolicyOut struct {
	ETag string `header:"ETag"`
	Body ReviewPolicyBody
}

func reviewPolicyBody(p maintenance.ReviewPolicy) *reviewPolicyOut {
	b := ReviewPolicyBody{EveryMonths: map[string]int{}, ZombieAfterDays: p.ZombieAfterDays}
	for c, m := range p.EveryMonths {
		b.EveryMonths[string(c)] = m
	}
	return &reviewPolicyOut{ETag: etag(p.Version), Body: b}
}

func (s *server) reviewPolicyRoutes() {
	huma.Register(s.api, op("get-review-policy", http.MethodGet, "/api/v1/reviews/policy", "The review policy", ""), s.getReviewPolicy)
	huma.Register(s.api, op("set-review-policy", http.MethodPut, "/api/v1/reviews/policy", "Change the review policy",
		"Review intervals by criticality and the zombie threshold (manager)."), s.setReviewPolicy)
}

func (s *server) getReviewPolicy(ctx context.Context, _ *struct{}) (*reviewPolicyOut, error) {
	p, err := s.Maintenance.Policy(ctx, actorOf(ctx))
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return reviewPolicyBody(p), nil
}

func (s *server) setReviewPolicy(ctx context.Context, in *struct {
	IfMatch string `header:"If-Match"`
	Body    ReviewPolicyBody
}) (*reviewPolicyOut, error) {
	p := maintenance.ReviewPolicy{EveryMonths: map[inventory.Criticality]int{}, ZombieAfterDays: in.Body.ZombieAfterDays}
	for c, m := range in.Body.EveryMonths {
		p.EveryMonths[inventory.Criticality(c)] = m
	}
	p, err := s.Maintenance.SetPolicy(ctx, actorOf(ctx), ifMatch(in.IfMatch), p)
	if err != nil {
		return nil, s.bodyErr(err)
	}
	return reviewPolicyBody(p), nil
}
