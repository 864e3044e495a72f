package testenv

import (
	"context"
	"errors"
	"sync/atomic"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
	"gitlab.com/prodseceng/interlock/internal/teams"
)

// FlakyChat is a chat channel that fails every send with a 503 until Works
// is set, and counts the sends that succeed.
type FlakyChat struct {
	Works atomic.Bool
	Sent  atomic.Int32
}

func (c *FlakyChat) Name() string { return "chat" }

func (c *FlakyChat) Send(context.Context, notify.Delivery) error {
	if !c.Works.Load() {
		return errors.New("503 from the chat service")
	}
	c.Sent.Add(1)
	return nil
}

// FailedChatDelivery registers a FlakyChat, gives team appsec a chat webhook,
// queues one "signal.raised" message for appsec and runs the outbox once, so
// the message's chat delivery has failed.
func (e *Env) FailedChatDelivery() *FlakyChat {
	e.T.Helper()
	ctx := context.Background()
	chat := &FlakyChat{}
	e.Services.Outbox.Register(chat)
	if _, _, err := e.Services.Teams.Put(ctx, core.System, "appsec", core.AnyVersion,
		teams.Team{ChatWebhookURL: "https://chat.example.com/hooks/appsec"}); err != nil {
		e.T.Fatal(err)
	}
	if err := e.DB.Enqueue(ctx, core.Message{Topic: "signal.raised", Title: "Scanner keeps missing its commitment",
		Subject: core.Subject{Type: "tool", ID: 7}, CreatedAt: e.Clock.Now(),
		Recipients: []core.Recipient{{Kind: "team", Name: "appsec", Reason: "owner team"}}}); err != nil {
		e.T.Fatal(err)
	}
	if err := e.Services.Outbox.Deliver(ctx); err != nil {
		e.T.Fatal(err)
	}
	return chat
}
