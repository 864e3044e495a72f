package notify

import (
	"cmp"
	"context"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/teams"
)

// The kinds of recipient notify resolves. "group" is a team by another name.
const (
	KindTeam        = "team"
	KindGroup       = "group"
	KindRole        = "role"
	KindUser        = "user"
	KindGitLabIssue = "gitlab_issue"
)

// resolver turns a message's recipients into deliveries on the channels that
// are configured:
//   - a team: its list address, or without one its members' email; its chat
//     webhook, or the default chat webhook;
//   - a role: the email of each user with that role, and the default chat webhook;
//   - a user: their email;
//   - a GitLab issue: a comment on it.
//
// A person's email is left out when they are disabled, have no address or
// turned email off; with a daily digest the message is held for it instead.
type resolver struct {
	dir         Directory
	channels    map[string]bool
	defaultChat string
	out         Expansion
	index       map[[2]string]int
	digestIndex map[int64]int
}

// Resolve returns the deliveries and digest items of a message.
func Resolve(ctx context.Context, dir Directory, m core.Message, channels map[string]bool, defaultChat string) (Expansion, error) {
	r := &resolver{dir: dir, channels: channels, defaultChat: defaultChat, out: Expansion{MessageID: m.ID},
		index: map[[2]string]int{}, digestIndex: map[int64]int{}}
	for _, rc := range m.Recipients {
		if err := r.recipient(ctx, rc); err != nil {
			return Expansion{}, err
		}
	}
	return r.out, nil
}

func (r *resolver) recipient(ctx context.Context, rc core.Recipient) error {
	switch rc.Kind {
	case KindTeam, KindGroup:
		return r.team(ctx, rc)
	case KindRole:
		users, err := r.dir.UsersWithRole(ctx, core.Role(rc.Name))
		if err != nil {
			return err
		}
		for _, u := range users {
			r.person(u, rc)
		}
		r.add(ChannelChat, r.defaultChat, rc)
	case KindUser:
		u, err := r.dir.User(ctx, access.NormalizeUsername(rc.Name))
		if core.IsCode(err, core.NotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		r.person(u, rc)
	case KindGitLabIssue:
		r.add(ChannelGitLab, strings.TrimSpace(rc.Name), rc)
	}
	return nil
}

func (r *resolver) team(ctx context.Context, rc core.Recipient) error {
	t, err := r.dir.DefinedTeam(ctx, teams.Key(rc.Name))
	if core.IsCode(err, core.NotFound) {
		r.add(ChannelChat, r.defaultChat, rc)
		return nil
	}
	if err != nil {
		return err
	}
	if t.Email != "" {
		r.add(ChannelEmail, t.Email, rc)
	} else {
		for _, name := range t.Members {
			u, err := r.dir.User(ctx, name)
			if core.IsCode(err, core.NotFound) {
				continue
			}
			if err != nil {
				return err
			}
			r.person(u, rc)
		}
	}
	r.add(ChannelChat, cmp.Or(t.ChatWebhookURL, r.defaultChat), rc)
	return nil
}

// person adds a person's email, or their digest item.
func (r *resolver) person(u access.User, rc core.Recipient) {
	if u.Disabled || u.Email == "" || !u.EmailNotifications || !r.channels[ChannelEmail] {
		return
	}
	if u.EmailDigest != access.DigestDaily {
		r.add(ChannelEmail, u.Email, rc)
		return
	}
	if i, ok := r.digestIndex[u.ID]; ok {
		r.out.Digests[i].Recipients = appendRecipient(r.out.Digests[i].Recipients, rc)
		return
	}
	r.digestIndex[u.ID] = len(r.out.Digests)
	r.out.Digests = append(r.out.Digests, DigestItem{UserID: u.ID, Recipients: []core.Recipient{rc}})
}

// add makes (or joins) the delivery to an address on a channel.
func (r *resolver) add(channel, address string, rc core.Recipient) {
	if address == "" || !r.channels[channel] {
		return
	}
	key := [2]string{channel, strings.ToLower(address)}
	if i, ok := r.index[key]; ok {
		r.out.Targets[i].Recipients = appendRecipient(r.out.Targets[i].Recipients, rc)
		return
	}
	r.index[key] = len(r.out.Targets)
	r.out.Targets = append(r.out.Targets, Target{Channel: channel, Address: address, Recipients: []core.Recipient{rc}})
}

func appendRecipient(list []core.Recipient, rc core.Recipient) []core.Recipient {
	for _, x := range list {
		if x == rc {
			return list
		}
	}
	return append(list, rc)
}
