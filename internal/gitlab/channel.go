package gitlab

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/notify"
)

// Channel delivers outbox messages as comments on GitLab issues: a
// delivery's address is "<project id>#<iid>" and the comment is posted at
// POST /api/v4/projects/:id/issues/:iid/notes.
type Channel struct {
	client *Client
}

var _ notify.Channel = (*Channel)(nil)

// NewChannel returns the GitLab delivery channel.
func NewChannel(c *Client) *Channel { return &Channel{client: c} }

// Name is the channel's name in deliveries.
func (*Channel) Name() string { return notify.ChannelGitLab }

// Send comments the message on the issue. A retried delivery first looks
// for its own marker among the issue's comments, so that a comment GitLab
// made before failing to answer is not posted twice. X-Gitlab-Event-UUID is
// forwarded from the message's data ("gitlab_event_uuid") when present.
func (ch *Channel) Send(ctx context.Context, d notify.Delivery) error {
	pid, iid, err := ParseRef(d.Address)
	if err != nil {
		return notify.Permanent(err)
	}
	marker := noteMarker(d)
	if d.Attempts > 0 {
		found, err := ch.hasNote(ctx, pid, iid, marker)
		if err != nil {
			return sendErr(err)
		}
		if found {
			return nil
		}
	}
	body := noteBody(d.Message, marker)
	opts := append(eventUUID(dataString(d.Message.Data, "gitlab_event_uuid")), gl.WithContext(ctx))
	_, _, err = ch.client.api.Notes.CreateIssueNote(pid, iid, &gl.CreateIssueNoteOptions{Body: &body}, opts...)
	return sendErr(err)
}

// hasNote looks for a marker among the newest comments of an issue.
func (ch *Channel) hasNote(ctx context.Context, pid, iid int64, marker string) (bool, error) {
	found := false
	pages := 0
	err := eachPage(ctx, func(page int64) (*gl.Response, error) {
		pages++
		opt := &gl.ListIssueNotesOptions{ListOptions: gl.ListOptions{PerPage: 100, Page: page},
			OrderBy: gl.Ptr("created_at"), Sort: gl.Ptr("desc")}
		notes, res, err := ch.client.api.Notes.ListIssueNotes(pid, iid, opt, gl.WithContext(ctx))
		for _, n := range notes {
			found = found || strings.Contains(n.Body, marker)
		}
		if found || pages >= 5 { // a retry follows the first try closely: the newest 500 suffice
			return nil, err
		}
		return res, err
	})
	return found, err
}

// sendErr marks failures that retrying cannot fix: GitLab refused the
// request itself (4xx other than 429).
func sendErr(err error) error {
	if err == nil {
		return nil
	}
	st := StatusOf(err)
	if st >= 400 && st < 500 && st != http.StatusTooManyRequests && st != http.StatusRequestTimeout {
		return notify.Permanent(fmt.Errorf("GitLab refused the comment (%d): %w", st, err))
	}
	return fmt.Errorf("GitLab comment: %w", err)
}

// formatRef writes the reference ParseRef reads: "<project id>#<iid>".
func formatRef(projectID, iid int64) string { return fmt.Sprintf("%d#%d", projectID, iid) }

// ParseRef reads "<project id>#<iid>".
func ParseRef(ref string) (projectID, iid int64, err error) {
	p, i, ok := strings.Cut(ref, "#")
	projectID, err1 := strconv.ParseInt(p, 10, 64)
	iid, err2 := strconv.ParseInt(i, 10, 64)
	if !ok || err1 != nil || err2 != nil || projectID <= 0 || iid <= 0 {
		return 0, 0, fmt.Errorf("%q is not a GitLab issue reference <project id>#<iid>", ref)
	}
	return projectID, iid, nil
}

// noteMarker is an invisible tag that names the delivery in its comment.
func noteMarker(d notify.Delivery) string {
	key := d.MessageKey
	if key == "" {
		key = fmt.Sprintf("delivery-%d", d.ID)
	}
	return "<!-- interlock:" + strings.Trim(key, "<>") + " -->"
}

func noteBody(m core.Message, marker string) string {
	var b strings.Builder
	if m.Title != "" {
		fmt.Fprintf(&b, "**%s**\n\n", m.Title)
	}
	b.WriteString(strings.TrimSpace(m.Body))
	b.WriteString("\n\n" + marker)
	return b.String()
}

// dataString reads a string field of a message's data, which is a map when
// fresh and JSON when read back from the outbox.
func dataString(data any, key string) string {
	var m map[string]any
	switch v := data.(type) {
	case map[string]any:
		m = v
	case map[string]string:
		return v[key]
	case json.RawMessage:
		_ = json.Unmarshal(v, &m)
	case []byte:
		_ = json.Unmarshal(v, &m)
	case string:
		_ = json.Unmarshal([]byte(v), &m)
	default:
		b, _ := json.Marshal(v)
		_ = json.Unmarshal(b, &m)
	}
	s, _ := m[key].(string)
	return s
}
