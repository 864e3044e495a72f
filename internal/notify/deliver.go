package notify

import (
	"context"
	"fmt"
	"sync"
)

const batchSize = 100

// maxErrorLen bounds a stored error.
const maxErrorLen = 500

// Deliver is the delivery job: it turns new messages into deliveries, sends
// every delivery that is due, and sends the daily digests that are due. It
// returns when nothing is due, or when ctx ends.
// Digests are written as outbox messages with one email delivery each, so
// they are retried like any other delivery.
func (s *Service) Deliver(ctx context.Context) error {
	if err := s.expand(ctx); err != nil {
		return err
	}
	if err := s.makeDigests(ctx); err != nil {
		return err
	}
	return s.drain(ctx)
}

// expand makes the deliveries of every message not yet expanded. A batch of
// messages' deliveries is written in one transaction, and a delivery that
// exists already is kept, so a crash while expanding duplicates nothing.
func (s *Service) expand(ctx context.Context) error {
	settings, chans := s.config()
	available := map[string]bool{}
	for n := range chans {
		available[n] = true
	}
	for ctx.Err() == nil {
		msgs, err := s.store.Unexpanded(ctx, batchSize)
		if err != nil || len(msgs) == 0 {
			return err
		}
		es := make([]Expansion, 0, len(msgs))
		for _, m := range msgs {
			e, err := Resolve(ctx, s.store, m, available, settings.DefaultChatURL)
			if err != nil {
				return err
			}
			es = append(es, e)
		}
		if err := s.store.SaveExpansions(ctx, es, s.clock.Now()); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// drain sends due deliveries, a few at a time, until none is due.
func (s *Service) drain(ctx context.Context) error {
	settings, chans := s.config()
	names := s.channelNames()
	if len(names) == 0 {
		return nil
	}
	tried := map[int64]bool{}
	for ctx.Err() == nil {
		now := s.clock.Now()
		due, err := s.store.DueDeliveries(ctx, names, now, now.Add(settings.SendTimeout), batchSize)
		if err != nil {
			return err
		}
		var work []Due
		for _, d := range due {
			if !tried[d.ID] {
				tried[d.ID] = true
				work = append(work, d)
			}
		}
		if len(work) == 0 {
			return nil
		}
		s.sendAll(ctx, settings, chans, work)
	}
	return ctx.Err()
}

func (s *Service) sendAll(ctx context.Context, settings Settings, chans map[string]Channel, work []Due) {
	jobs := make(chan Due)
	var wg sync.WaitGroup
	for range min(settings.Senders, len(work)) {
		wg.Go(func() {
			for d := range jobs {
				if err := s.attempt(ctx, settings, chans[d.Channel], d); err != nil && ctx.Err() == nil {
					s.log.Error("delivery bookkeeping failed", "delivery", d.ID, "error", err)
				}
			}
		})
	}
	for _, d := range work {
		if ctx.Err() != nil {
			break
		}
		jobs <- d
	}
	close(jobs)
	wg.Wait()
}

// attempt makes one attempt at a delivery. The attempt is recorded before
// the send, so that a crash between the send and its record leaves a
// delivery that is retried later with the same Message-ID, never a lost one.
func (s *Service) attempt(ctx context.Context, settings Settings, ch Channel, d Due) error {
	if ch == nil {
		return nil
	}
	now := s.clock.Now()
	ok, err := s.store.ClaimDelivery(ctx, d.ID, d.Attempts, now, now.Add(settings.SendTimeout+settings.Wait(d.Attempts+1)))
	if err != nil || !ok {
		return err
	}
	d.MessageKey = messageKey(d.MessageID, d.ID, settings.Domain)
	sendCtx, cancel := context.WithTimeout(ctx, settings.SendTimeout)
	sendErr := ch.Send(sendCtx, d.Delivery)
	cancel()
	if sendErr == nil {
		return s.store.RecordSent(ctx, d.ID, s.clock.Now())
	}
	failedAt := s.clock.Now()
	state := StateFailed
	if settings.Dead(d.StartedAt, failedAt) {
		state = StateDead
	}
	msg := sendErr.Error()
	if IsPermanent(sendErr) {
		msg = "permanent: " + msg
	}
	if len(msg) > maxErrorLen {
		msg = msg[:maxErrorLen]
	}
	s.log.Warn("delivery failed", "delivery", d.ID, "message", d.MessageID, "channel", d.Channel,
		"attempt", d.Attempts+1, "state", state, "error", msg)
	return s.store.RecordFailure(ctx, d.ID, state, fmt.Sprintf("attempt %d: %s", d.Attempts+1, msg),
		failedAt.Add(settings.Wait(d.Attempts+1)))
}
