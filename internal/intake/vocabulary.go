package intake

// The vocabulary of requests, in process order: the one source of the
// values the API, the CLI and the pages offer.
var (
	// Kinds lists every kind of request.
	Kinds = []Kind{NetNew, Handover, Other}
	// States lists every state of a request.
	States = []State{Open, AwaitingAgreement, Decided, Withdrawn}
	// Steps lists every step, first to last.
	Steps = []Step{Understanding, PathForwardStep, PlanStep, Maintainability, PathToProduct, DecisionStep, Done}
)
