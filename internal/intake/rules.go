package intake

import (
	"fmt"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// rule is the seeds' "who decides" for one decision.
type rule struct {
	decider core.Permission // who may record it
	parties []Party         // who must also agree before it is final
	revisit bool            // a revisit date is required
	// requesterDecides: the requesting team decides (self-serve); recorded
	// by the requester it needs no further agreement from them.
	requesterDecides bool
}

// rules is the seeds' decision tables (rule 11).
var rules = map[Outcome]rule{
	BuildInProduct:     {decider: core.PermManage, parties: []Party{Product, Engineering}},
	BuildInternal:      {decider: core.PermManage},
	WaitForProduct:     {decider: core.PermManage, parties: []Party{RequestingTeam}, revisit: true},
	RedirectExisting:   {decider: core.PermManage},
	DeferCapacity:      {decider: core.PermManage, parties: []Party{Leadership}, revisit: true},
	SelfServe:          {decider: core.PermManage, parties: []Party{RequestingTeam}, requesterDecides: true},
	Accept:             {decider: core.PermManage},
	AcceptWithPlan:     {decider: core.PermManage},
	BestEffort:         {decider: core.PermManage, parties: []Party{Leadership}},
	ProposeAlternative: {decider: core.PermManage, parties: []Party{TransferringTeam, Leadership}},
	Reprioritise:       {decider: core.PermLead},
	AcceptIntoBacklog:  {decider: core.PermManage},
	RedirectRequest:    {decider: core.PermManage},
	Decline:            {decider: core.PermManage},
}

// MayDecide refuses an actor the seeds do not let record the decision (403,
// naming the role it needs).
func MayDecide(r Request, o Outcome, actor core.Actor) error {
	ru := rules[o]
	if ru.requesterDecides && actor.Username == r.Requester {
		return nil
	}
	what := fmt.Sprintf("deciding %s", o)
	if ru.requesterDecides {
		what += " (the requesting team's decision, recorded by its requester or a manager)"
	}
	return actor.Require(ru.decider, what)
}

// mayDecideSomething refuses, before the request's state is looked at, an
// actor who may not record the decision asked for (or, when none is named,
// the path forward chosen in step 2); an outcome not known here is left to
// checkDecision, and only an actor who can record no decision at all on
// this request is refused for it.
func mayDecideSomething(r Request, o Outcome, actor core.Actor) error {
	if o == "" && r.PathForward != nil {
		o = r.PathForward.Outcome
	}
	if _, known := rules[o]; known {
		return MayDecide(r, o, actor)
	}
	if actor.Role.Can(core.PermManage) || actor.Role.Can(core.PermLead) || actor.Username == r.Requester {
		return nil
	}
	return actor.Require(core.PermManage, "deciding a request")
}

// CanAgree reports whether the actor may agree as party p on request r.
func CanAgree(r Request, p Party, actor core.Actor) bool {
	switch p {
	case Leadership:
		return actor.Role == core.RoleLeadership
	case RequestingTeam, TransferringTeam:
		return actor.Username == r.Requester
	case Product, Engineering:
		return false // recorded by ProdSecEng naming who agreed: AgreeAs
	}
	return false
}

// partyList names parties for messages: "leadership and requesting_team".
func partyList(ps []Party) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = string(p)
	}
	return strings.Join(names, " and ")
}

// partyName says who a party is, for messages.
func partyName(r Request, p Party) string {
	switch p {
	case Leadership:
		return "ProdSec leadership (a user with the leadership role)"
	case RequestingTeam:
		return fmt.Sprintf("the requesting team %s (its requester %s)", r.RequestingTeam, r.Requester)
	case TransferringTeam:
		return fmt.Sprintf("the transferring team %s (its requester %s)", r.RequestingTeam, r.Requester)
	case Product:
		return "Product (a product manager, named)"
	case Engineering:
		return "Engineering (an engineering manager, named)"
	}
	return string(p)
}
