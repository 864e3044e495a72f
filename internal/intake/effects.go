package intake

import (
	"context"
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

// apply carries out a final decision: build_internal adds the tool at stage
// planned with its criticality, category and design decisions as ADRs
// (rule 9); build_in_product records co-create of a need with no internal
// tool; accepted handovers add the tool at stage operational with its
// criticality, category and health, and an improvement plan when one was
// decided (rule 10). Best effort adds it as low (best effort: no clock).
func (s *Service) apply(ctx context.Context, tx Tx, actor core.Actor, r *Request) error {
	d := r.Decision
	switch d.Decision {
	case BuildInProduct:
		r.NeedsCoCreate = true
		return nil
	case AcceptIntoBacklog:
		return s.toBacklog(ctx, tx, actor, r)
	case BuildInternal:
		adrs := make([]inventory.ADR, len(r.Plan.DesignDecisions))
		for i, dd := range r.Plan.DesignDecisions {
			adrs[i] = inventory.ADR{Title: dd.Title, Status: inventory.ADRAccepted, Context: dd.Context, Decision: dd.Decision,
				Consequences: dd.Consequences}
		}
		t := s.tool(*r, r.Plan.Criticality, r.PathForward.Category, inventory.Planned)
		if m := d.TargetMilestone; m != nil && t.Milestone == "" {
			t.Milestone = m.Title
		}
		return s.enroll(ctx, tx, actor, r, inventory.Enrollment{Tool: t, ADRs: adrs})
	case Accept, AcceptWithPlan, Reprioritise, BestEffort:
		crit := r.Maintainability.Criticality
		if d.Decision == BestEffort {
			crit = inventory.Low
		}
		e := inventory.Enrollment{Tool: s.tool(*r, crit, r.PathToProduct.Category, inventory.Operational), Met: r.Maintainability.Met}
		existing := strings.TrimSpace(r.Template["existing_adrs"])
		if existing != "" {
			e.ADRs = []inventory.ADR{{Title: "Decisions recorded at handover", Status: inventory.ADRAccepted, Retrospective: true,
				Context: "Written by the transferring team when " + r.Tool.Name + " was handed over to ProdSecEng.", Decision: existing}}
		} else {
			e.ADRs = []inventory.ADR{retrospectiveADR(*r)}
		}
		if len(d.ImprovementItems) > 0 {
			rub, err := rubricOf(ctx, tx)
			if err != nil {
				return err
			}
			e.Improvements = linkCriteria(rub, d.ImprovementItems, r.Maintainability.MissingGood)
		}
		if err := s.enroll(ctx, tx, actor, r, e); err != nil {
			return err
		}
		if existing == "" {
			return tx.Enqueue(ctx, s.adrRequestMessage(*r, *r.ToolID))
		}
		return nil
	}
	return nil
}

// tool is the inventory entry a request makes.
func (s *Service) tool(r Request, crit inventory.Criticality, cat inventory.Category, stage inventory.Stage) inventory.Tool {
	name := r.Tool.Name
	if name == "" {
		name = r.Title
	}
	summary := r.Template["problem_statement"]
	if summary == "" {
		summary = r.Template["customer_problem"]
	}
	if len([]rune(summary)) > inventory.MaxSummary {
		summary = string([]rune(summary)[:inventory.MaxSummary])
	}
	return inventory.Tool{Name: name, Summary: summary, OwnerTeam: ProdSecEng, StakeholderTeams: []string{r.RequestingTeam},
		RepositoryURL: r.Tool.RepositoryURL, GitLabProject: r.Tool.GitLabProject, EpicURL: r.Tool.EpicURL,
		Milestone: r.Tool.Milestone, Criticality: crit, Category: cat, Stage: stage}
}

func (s *Service) enroll(ctx context.Context, tx Tx, actor core.Actor, r *Request, e inventory.Enrollment) error {
	e.Source = fmt.Sprintf("intake request %d", r.ID)
	t, err := s.inventory.Enroll(ctx, tx, actor, e)
	if err != nil {
		return err
	}
	r.ToolID = &t.ID
	return nil
}

// askForAgreement tells each party a decision waits for.
func (s *Service) askForAgreement(ctx context.Context, tx core.Journal, r Request, pending []Party) error {
	var to []core.Recipient
	for _, p := range pending {
		if p == Leadership {
			to = append(to, core.Recipient{Kind: "role", Name: string(core.RoleLeadership), Reason: "the decision needs leadership's agreement"})
		} else if p == Product || p == Engineering {
			to = append(to, core.Recipient{Kind: "group", Name: "product-and-engineering",
				Reason: "the decision needs " + partyName(r, p) + " to agree; ProdSecEng records who agreed"})
		} else {
			to = append(to, core.Recipient{Kind: "user", Name: r.Requester, Reason: "the decision needs " + partyName(r, p) + " to agree"})
		}
	}
	return tx.Enqueue(ctx, core.Message{Topic: "agreement.requested", Subject: subject(r.ID), CreatedAt: s.clock.Now(), Recipients: to,
		Title: fmt.Sprintf("Request %d (%s): %s needs your agreement", r.ID, r.Title, r.Decision.Decision),
		Body: fmt.Sprintf("Decision: %s\nBasis: %s\nConditions: %s\nAgree with POST /api/v1/requests/%d/decision/agreements",
			r.Decision.Decision, r.Decision.Basis, r.Decision.Conditions, r.ID)})
}

// nextSteps says what happens after each decision, for the people told.
var nextSteps = map[Outcome]string{
	BuildInProduct:     "ProdSecEng builds it directly into the product with Product and Engineering: it moves into co-create, with no internal tooling phase.",
	BuildInternal:      "ProdSecEng builds it as internal tooling; it is in the inventory as planned and enters maintenance once operational.",
	WaitForProduct:     "The need is documented; ProdSecEng monitors the product roadmap and revisits it on the revisit date.",
	RedirectExisting:   "No new tooling is built; ProdSecEng can help the team adopt the existing solution.",
	DeferCapacity:      "The request is valid but cannot be accommodated now; it is re-assessed on the revisit date.",
	SelfServe:          "The requesting team builds it themselves, with ProdSecEng advisory support if wanted.",
	Accept:             "ProdSecEng owns the tool now; README and documentation are updated for the new owner.",
	AcceptWithPlan:     "ProdSecEng owns the tool with an improvement plan; the commitment is one level lower until the plan is done.",
	BestEffort:         "ProdSecEng gives best-effort support while evaluating whether to re-engineer an alternative.",
	ProposeAlternative: "ProdSecEng and the team scope a new solution to the same problem; the existing tool is not taken over.",
	Reprioritise:       "Leadership reprioritised existing commitments to make room; the tool is taken over; the impact is in the conditions.",
	AcceptIntoBacklog:  "The request is in ProdSecEng's backlog.",
	RedirectRequest:    "The request is redirected to the team that can handle it.",
	Decline:            "ProdSecEng will not take this on; the reason says why.",
}

// notifyStakeholders is the "stakeholders notified" message of a final
// decision (rule 12): who is told, and what.
func (s *Service) notifyStakeholders(r Request) core.Message {
	d := r.Decision
	to := []core.Recipient{
		{Kind: "team", Name: r.RequestingTeam, Reason: "the requesting team"},
		{Kind: "user", Name: r.Requester, Reason: "opened the request"},
		{Kind: "team", Name: ProdSecEng, Reason: "takes the work on"},
	}
	if d.Decision == BuildInProduct {
		to = append(to, core.Recipient{Kind: "group", Name: "product-and-engineering", Reason: "the work is built into the product with them"})
	}
	if d.Decision == DeferCapacity || d.Decision == BestEffort || d.Decision == Reprioritise || d.Decision == ProposeAlternative {
		to = append(to, core.Recipient{Kind: "role", Name: string(core.RoleLeadership), Reason: "the seeds ask for leadership's awareness"})
	}
	body := fmt.Sprintf("Decision: %s\nBasis: %s\n", d.Decision, d.Basis)
	if d.Conditions != "" {
		body += "Conditions: " + d.Conditions + "\n"
	}
	if d.RevisitOn != "" {
		body += "Revisit on: " + d.RevisitOn + "\n"
	}
	body += "Next: " + nextSteps[d.Decision]
	data := map[string]any{"request_id": r.ID, "decision": d.Decision, "tool_id": r.ToolID, "agreements": d.Agreements}
	return core.Message{Topic: "stakeholders.notified", Subject: subject(r.ID), CreatedAt: s.clock.Now(), Recipients: to,
		Title: fmt.Sprintf("Intake decision on %q: %s", r.Title, d.Decision), Body: body, Data: data}
}
