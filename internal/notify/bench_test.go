package notify_test

import (
	"context"
	"fmt"
	"testing"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/testenv"
)

// nopChannel accepts every delivery at once, so the benchmark measures
// interlock's own work: expanding, claiming and recording.
type nopChannel struct{}

func (nopChannel) Name() string                                { return notify.ChannelGitLab }
func (nopChannel) Send(context.Context, notify.Delivery) error { return nil }

// BenchmarkDrain1000 expands and delivers 1,000 queued messages.
func BenchmarkDrain1000(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		env := testenv.New(b)
		env.Services.Outbox.Register(nopChannel{})
		msgs := make([]core.Message, 1000)
		for i := range msgs {
			msgs[i] = core.Message{Topic: "t", Subject: core.Subject{Type: "tool", ID: 1}, CreatedAt: env.Clock.Now(),
				Title: "m", Recipients: []core.Recipient{{Kind: "gitlab_issue", Name: fmt.Sprintf("1#%d", i)}}}
		}
		if err := env.DB.Inventory().InTx(ctx, func(tx inventory.Tx) error { return tx.Enqueue(ctx, msgs...) }); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := env.Services.Outbox.Deliver(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
