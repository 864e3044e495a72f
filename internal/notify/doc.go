// Package notify is the outbox and its delivery. Workflows write messages in
// the same transaction as the change they report; notify turns each message
// into deliveries, one per channel and address (team lists and chat webhooks,
// people's email, GitLab issues), sends them through Channels with retries
// and a dead-letter state, gathers daily digests, and lets each person read
// the messages addressed to them.
//
// notify holds the rules only: the channels that speak SMTP or HTTP live in
// the subpackages email and chat (and in internal/gitlab for GitLab comments).
package notify
