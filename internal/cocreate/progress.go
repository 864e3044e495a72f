package cocreate

import "fmt"

// PercentInProduct is the share of the tool's functionality (dropped pieces
// aside) that is in the product, 0-100; nil while no functionality is listed.
func (c CoCreate) PercentInProduct() *float64 {
	total, in := 0, 0
	for _, f := range c.Functionalities {
		if f.Status == Dropped {
			continue
		}
		total++
		if f.Status == InProduct {
			in++
		}
	}
	if total == 0 {
		return nil
	}
	p := float64(in) * 100 / float64(total)
	return &p
}

// Warnings say what the practice expects and the record does not show yet.
func (c CoCreate) Warnings() []string {
	var out []string
	if c.Handover.EpicURL == "" {
		out = append(out, "no handover epic yet: create it as early as possible so that the product group can weigh in")
	}
	for _, f := range c.Functionalities {
		if !f.HasMetricLabel() {
			out = append(out, fmt.Sprintf("functionality %d (%s): its epic lacks the label %s", f.ID, f.Title, MetricLabel))
		}
		if f.EpicURL == "" && f.Status != Dropped {
			out = append(out, fmt.Sprintf("functionality %d (%s) has no epic under the integration epic", f.ID, f.Title))
		}
	}
	if len(c.Functionalities) == 0 {
		out = append(out, "no discrete functionality listed yet: one epic per piece of functionality")
	}
	if len(c.Roadmap.Phases) == 0 && c.ToolID != nil {
		out = append(out, "no sunset roadmap yet: plan the phases and sunsetting issues of the internal tool")
	}
	if c.Considerations.FeatureParity == GoodEnough && len(c.Considerations.AcceptedGaps) == 0 {
		out = append(out, "feature parity is good enough but no accepted gap is listed")
	}
	return out
}

// MissingToAdvance lists what must exist before the co-create can leave its
// current loop; empty when it may advance.
func (c CoCreate) MissingToAdvance() []Missing {
	switch c.Loop {
	case Validation:
		return c.missingForIntegration()
	case Integration:
		return c.missingForShipping()
	}
	return []Missing{{"loop", "the co-create has shipped; there is no further loop"}}
}

// Missing names a field that must be filled in, and why.
type Missing struct {
	Field   string
	Message string
}

func (c CoCreate) missingForIntegration() []Missing {
	var m []Missing
	l := c.Loop1
	need := func(ok bool, field, msg string) {
		if !ok {
			m = append(m, Missing{field, msg})
		}
	}
	need(l.PMValidated.Done, "loop1.pm_validated", "Product Management has not validated use cases and fit")
	need(l.EngineeringValidated.Done, "loop1.engineering_validated", "Engineering has not validated the approach")
	need(l.AlignedWithPlans.Done, "loop1.aligned_with_plans", "alignment with existing plans is not confirmed")
	need(l.ScopeRefined.Done, "loop1.scope_refined", "the scope has not been refined from the feedback")
	need(l.ValidatedProposalURL != "", "loop1.validated_proposal_url", "output missing: the validated product proposal")
	need(l.TechnicalDesignURL != "", "loop1.technical_design_url", "output missing: the technical design document")
	need(len(l.StakeholderAlignment.Who) > 0 && l.StakeholderAlignment.At != nil, "loop1.stakeholder_alignment",
		"output missing: stakeholder alignment (who, and when)")
	need(c.Handover.EpicURL != "", "handover.epic_url",
		"the tooling handover epic must exist before building into the product (loop 2) starts")
	return m
}

func (c CoCreate) missingForShipping() []Missing {
	var m []Missing
	l := c.Loop2
	need := func(ok bool, field, msg string) {
		if !ok {
			m = append(m, Missing{field, msg})
		}
	}
	merged := false
	for _, mr := range l.MergeRequests {
		merged = merged || mr.State == MRMerged
	}
	need(merged, "loop2.merge_requests", "no merge request has been merged into the product")
	need(l.TestsWritten.Done, "loop2.tests_written", "tests are not written")
	need(l.DocsWritten.Done, "loop2.docs_written", "documentation is not written")
	need(l.Deployed.Done, "loop2.deployed", "not deployed to production")
	need(l.FeatureShipped.Done, "loop2.feature_shipped", "output missing: the feature has not shipped")
	need(l.DocumentationURL != "", "loop2.documentation_url", "output missing: published documentation")
	need(l.APIAvailable.Done, "loop2.api_available", "output missing: the API or functionality is not available to customers")
	if c.ToolID != nil {
		need(len(c.Roadmap.Phases) > 0, "roadmap.phases",
			"a sunset roadmap must exist before the internal tool is handed to sunset: add its phases")
		need(len(c.Roadmap.Issues) > 0, "roadmap.sunsetting_issues",
			"a sunset roadmap needs its sunsetting issues before the internal tool is handed to sunset")
	}
	return m
}
