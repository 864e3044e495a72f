package notify

import (
	"fmt"
	"net/url"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// SubjectPath is the page of interlock about a subject: /tools/{id},
// /requests/{id}, or the home page for subjects without a page of their own.
func SubjectPath(subj core.Subject) string {
	switch subj.Type {
	case "tool":
		return fmt.Sprintf("/tools/%d", subj.ID)
	case "request":
		return fmt.Sprintf("/requests/%d", subj.ID)
	}
	return "/"
}

// Link is the absolute address of a subject's page, given where interlock is
// reached (e.g. https://interlock.example.com); the path alone without it.
func Link(publicURL string, subj core.Subject) string {
	return strings.TrimRight(publicURL, "/") + SubjectPath(subj)
}

// Why says, for people, why a message reached them: one line per recipient
// through which it did.
func Why(recipients []core.Recipient) []string {
	out := make([]string, 0, len(recipients))
	for _, r := range recipients {
		var via string
		switch r.Kind {
		case KindTeam, KindGroup:
			via = "you are in team " + r.Name
		case KindRole:
			via = "you have the role " + r.Name
		case KindUser:
			via = "it is addressed to you (" + r.Name + ")"
		case KindGitLabIssue:
			via = "it concerns the GitLab issue " + r.Name
		default:
			via = "it is addressed to " + r.Name
		}
		if r.Reason != "" {
			via += ": " + r.Reason
		}
		out = append(out, via)
	}
	return out
}

// Text is a message's plain-text body for a person: what happened, the link
// to its page, and why they got it.
func Text(m core.Message, recipients []core.Recipient, publicURL string) string {
	var b strings.Builder
	b.WriteString(m.Title)
	b.WriteString("\n\n")
	if m.Body != "" {
		b.WriteString(m.Body)
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "Open it in interlock: %s\n\n", Link(publicURL, m.Subject))
	b.WriteString("You get this because ")
	b.WriteString(strings.Join(Why(recipients), "; and because "))
	b.WriteString(".\n")
	return b.String()
}

// ChatText is a message for a chat channel, in the Markdown that Slack and
// Mattermost read, with a link to its page.
func ChatText(m core.Message, recipients []core.Recipient, publicURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**[%s](%s)**", escapeMarkdown(m.Title), Link(publicURL, m.Subject))
	if m.Body != "" {
		b.WriteString("\n")
		b.WriteString(m.Body)
	}
	var names []string
	for _, r := range recipients {
		if r.Reason != "" {
			names = append(names, r.Name+" ("+r.Reason+")")
		} else {
			names = append(names, r.Name)
		}
	}
	if len(names) > 0 {
		b.WriteString("\n_For " + strings.Join(names, ", ") + "_")
	}
	return b.String()
}

func escapeMarkdown(s string) string {
	return strings.NewReplacer("[", "\\[", "]", "\\]").Replace(s)
}

// DisplayAddress is a delivery's address as people may see it: a chat
// webhook's URL is a secret, so only its host is shown.
func DisplayAddress(channel, address string) string {
	if channel != ChannelChat {
		return address
	}
	u, err := url.Parse(address)
	if err != nil || u.Host == "" {
		return "(webhook)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}
