package maintenance

// The vocabulary of support issues: the one source of the values the API,
// the CLI and the pages offer (IssueKinds is beside IssueKind).
var (
	// IssueStates lists every state of an issue, opened to closed.
	IssueStates = []IssueState{Open, Triaged, Recovered, Closed}
	// ClockStateValues lists every state of an SLO or RTO clock.
	ClockStateValues = []ClockState{Running, AtRisk, Breached, Met, None}
)
