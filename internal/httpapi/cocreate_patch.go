package httpapi

import (
	"context"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
)

// CheckIn ticks or unticks an activity.
type CheckIn struct {
	Done bool   `json:"done"`
	Note string `json:"note,omitempty" maxLength:"5000"`
}

func (c *CheckIn) input() *cocreate.CheckInput {
	if c == nil {
		return nil
	}
	return &cocreate.CheckInput{Done: c.Done, Note: c.Note}
}

// CoCreatePatch fills in a co-create; absent fields stay as they are.
type CoCreatePatch struct {
	IntegrationEpicURL *string `json:"integration_epic_url,omitempty" maxLength:"2048"`
	Handover           *struct {
		EpicURL            *string `json:"epic_url,omitempty" maxLength:"2048"`
		ProductGroup       *string `json:"product_group,omitempty" maxLength:"200"`
		ProductManager     *string `json:"product_manager,omitempty" maxLength:"200"`
		EngineeringManager *string `json:"engineering_manager,omitempty" maxLength:"200"`
		DefinitionOfDone   *string `json:"definition_of_done,omitempty" maxLength:"20000"`
		FeatureFlag        *string `json:"feature_flag,omitempty" maxLength:"200"`
		RolloutPlan        *string `json:"rollout_plan,omitempty" maxLength:"20000"`
		HandoverPoint      *string `json:"handover_point,omitempty" maxLength:"20000"`
	} `json:"handover,omitempty"`
	Loop1 *struct {
		PMValidated          *CheckIn  `json:"pm_validated,omitempty"`
		EngineeringValidated *CheckIn  `json:"engineering_validated,omitempty"`
		AlignedWithPlans     *CheckIn  `json:"aligned_with_plans,omitempty"`
		ProofOfConcept       *CheckIn  `json:"proof_of_concept,omitempty"`
		ScopeRefined         *CheckIn  `json:"scope_refined,omitempty"`
		ValidatedProposalURL *string   `json:"validated_proposal_url,omitempty" maxLength:"2048"`
		TechnicalDesignURL   *string   `json:"technical_design_url,omitempty" maxLength:"2048"`
		StakeholderAlignment *[]string `json:"stakeholder_alignment,omitempty" maxItems:"50" doc:"Who aligned on scope and timeline; recorded with the time"`
	} `json:"loop1,omitempty"`
	Loop2 *struct {
		TestsWritten     *CheckIn `json:"tests_written,omitempty"`
		DocsWritten      *CheckIn `json:"docs_written,omitempty"`
		Deployed         *CheckIn `json:"deployed,omitempty"`
		FeatureShipped   *CheckIn `json:"feature_shipped,omitempty"`
		APIAvailable     *CheckIn `json:"api_available,omitempty"`
		DocumentationURL *string  `json:"documentation_url,omitempty" maxLength:"2048"`
	} `json:"loop2,omitempty"`
	Considerations *struct {
		FeatureParity        *string   `json:"feature_parity,omitempty" enum:"full,good_enough"`
		AcceptedGaps         *[]string `json:"accepted_gaps,omitempty" maxItems:"100"`
		TargetDate           *string   `json:"target_date,omitempty" maxLength:"10"`
		Timeline             *string   `json:"timeline,omitempty" maxLength:"20000"`
		StakeholderAlignment *string   `json:"stakeholder_alignment,omitempty" maxLength:"20000"`
	} `json:"considerations,omitempty"`
}

func (b CoCreatePatch) patch() cocreate.Patch {
	p := cocreate.Patch{IntegrationEpicURL: b.IntegrationEpicURL}
	if h := b.Handover; h != nil {
		p.Handover = &cocreate.HandoverPatch{EpicURL: h.EpicURL, ProductGroup: h.ProductGroup, ProductManager: h.ProductManager,
			EngineeringMgr: h.EngineeringManager, DefinitionOfDone: h.DefinitionOfDone, FeatureFlag: h.FeatureFlag,
			RolloutPlan: h.RolloutPlan, HandoverPoint: h.HandoverPoint}
	}
	if l := b.Loop1; l != nil {
		p.Loop1 = &cocreate.Loop1Patch{PMValidated: l.PMValidated.input(), EngineeringValidated: l.EngineeringValidated.input(),
			AlignedWithPlans: l.AlignedWithPlans.input(), ProofOfConcept: l.ProofOfConcept.input(), ScopeRefined: l.ScopeRefined.input(),
			ValidatedProposalURL: l.ValidatedProposalURL, TechnicalDesignURL: l.TechnicalDesignURL, StakeholderAlignment: l.StakeholderAlignment}
	}
	if l := b.Loop2; l != nil {
		p.Loop2 = &cocreate.Loop2Patch{TestsWritten: l.TestsWritten.input(), DocsWritten: l.DocsWritten.input(),
			Deployed: l.Deployed.input(), FeatureShipped: l.FeatureShipped.input(), APIAvailable: l.APIAvailable.input(),
			DocumentationURL: l.DocumentationURL}
	}
	if c := b.Considerations; c != nil {
		p.Considerations = &cocreate.ConsiderationsPatch{FeatureParity: enumPtr[cocreate.Parity](c.FeatureParity),
			AcceptedGaps: c.AcceptedGaps, TargetDate: c.TargetDate, Timeline: c.Timeline, StakeholderAlignment: c.StakeholderAlignment}
	}
	return p
}

func (s *server) updateCoCreate(ref refOf) func(context.Context, *struct {
	ToolPath
	IfMatch string `header:"If-Match"`
	Body    CoCreatePatch
}) (*cocreateOut, error) {
	return func(ctx context.Context, in *struct {
		ToolPath
		IfMatch string `header:"If-Match"`
		Body    CoCreatePatch
	}) (*cocreateOut, error) {
		c, err := s.CoCreate.Update(ctx, actorOf(ctx), ref(in.ID), ifMatch(in.IfMatch), in.Body.patch())
		return newCoCreateOut(c, err, s)
	}
}
