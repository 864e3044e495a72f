package core

import "context"

// Journal is how a workflow records what happened inside its transaction:
// events for the timeline and messages for the outbox. A change, its events
// and its messages commit together or not at all.
type Journal interface {
	Append(ctx context.Context, events ...Event) error
	Enqueue(ctx context.Context, messages ...Message) error
}
