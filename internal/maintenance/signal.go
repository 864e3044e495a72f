package maintenance

import "time"

// SignalState is where a signal stands.
type SignalState string

// The signal states.
const (
	SignalOpen      SignalState = "open"
	SignalActed     SignalState = "acted"
	SignalDismissed SignalState = "dismissed"
)

// Signal says a tool keeps missing its SLO or RTO, and recommends what the
// seeds say: move it to an improve_then_* category to make it easier to
// maintain and recover, or lower its criticality if the commitment does not
// match the department's priorities.
type Signal struct {
	ID             int64
	ToolID         int64
	RaisedAt       time.Time
	Breaches       int
	WindowDays     int
	Recommendation string
	State          SignalState
	ResolvedBy     string
	ResolvedAt     *time.Time
	Resolution     string
}
