// Package chat delivers notify's messages to chat channels through incoming
// webhooks: a POST of {"text": ...} JSON, the form Slack and Mattermost accept,
// with Markdown links to interlock's pages.
package chat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"gitlab.com/prodseceng/interlock/internal/notify"
)

// Channel sends deliveries on the "chat" channel; a delivery's address is
// the webhook URL.
type Channel struct {
	client    *http.Client
	publicURL string
}

var _ notify.Channel = (*Channel)(nil)

// New returns the chat channel; links point at publicURL. A nil client gets
// one with a 30-second timeout.
func New(client *http.Client, publicURL string) *Channel {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	return &Channel{client: client, publicURL: publicURL}
}

// Name is "chat".
func (c *Channel) Name() string { return notify.ChannelChat }

// Payload is what a webhook receives.
type Payload struct {
	Text string `json:"text"`
}

// Send posts one message to one webhook. A 4xx answer is marked permanent
// (retrying the same request cannot fix it) but is still retried until the
// dead limit; the delivery's key goes in Idempotency-Key for receivers that
// de-duplicate.
func (c *Channel) Send(ctx context.Context, d notify.Delivery) error {
	body, err := json.Marshal(Payload{Text: notify.ChatText(d.Message, d.Message.Recipients, c.publicURL)})
	if err != nil {
		return notify.Permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Address, bytes.NewReader(body))
	if err != nil {
		return notify.Permanent(fmt.Errorf("bad webhook URL: %w", err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", d.MessageKey)
	res, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("chat webhook: %w", redact(err))
	}
	defer res.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(res.Body, 200))
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return nil
	case res.StatusCode >= 400 && res.StatusCode < 500 && res.StatusCode != http.StatusTooManyRequests &&
		res.StatusCode != http.StatusRequestTimeout:
		return notify.Permanent(fmt.Errorf("chat webhook answered %s: %s", res.Status, bytes.TrimSpace(snippet)))
	}
	return fmt.Errorf("chat webhook answered %s: %s", res.Status, bytes.TrimSpace(snippet))
}

// redact drops the URL from a transport error: a webhook URL is a secret.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
