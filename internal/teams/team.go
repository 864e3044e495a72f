package teams

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gitlab.com/prodseceng/interlock/internal/access"
	"gitlab.com/prodseceng/interlock/internal/core"
)

// Limits on a team.
const (
	MaxName       = 100
	MaxMembers    = 500
	MaxURL        = 2000
	MaxGitLabPath = 255
)

// Team is a group of people told things together.
type Team struct {
	ID             int64
	Name           string
	Members        []string // usernames
	Email          string   // a list address; "" sends to the members instead
	ChatWebhookURL string
	GitLabGroup    string // full path, e.g. "security/prodseceng"
	Version        int
	UpdatedBy      string
	UpdatedAt      time.Time
	// Undefined marks a name that tools or requests use but no one has
	// defined as a team yet. It has no members and no addresses.
	Undefined bool
}

// Key is the form in which team names are compared: names match regardless of case.
func Key(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

var gitlabPath = regexp.MustCompile(`^[A-Za-z0-9_.][A-Za-z0-9_.-]*(/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*$`)

// normalize trims the fields and lower-cases and de-duplicates members.
func (t *Team) normalize() {
	t.Name = strings.TrimSpace(t.Name)
	t.Email = strings.TrimSpace(t.Email)
	t.ChatWebhookURL = strings.TrimSpace(t.ChatWebhookURL)
	t.GitLabGroup = strings.Trim(strings.TrimSpace(t.GitLabGroup), "/")
	seen := map[string]bool{}
	members := make([]string, 0, len(t.Members))
	for _, m := range t.Members {
		m = access.NormalizeUsername(m)
		if !seen[m] {
			seen[m] = true
			members = append(members, m)
		}
	}
	t.Members = members
}

// Validate checks every field and names each bad one.
func (t *Team) Validate() error {
	t.normalize()
	var p core.Problems
	p.Require(t.Name != "", "name", "is required", nil)
	p.MaxLen("name", t.Name, MaxName)
	p.Require(len(t.Members) <= MaxMembers, "members", "has too many entries", len(t.Members))
	for i, m := range t.Members {
		u := access.User{Username: m, Role: core.RoleRequester}
		if u.Validate() != nil {
			p.Add(fieldIndex("members", i), "must be a username such as alice", m)
		}
	}
	p.Require(t.Email == "" || access.ValidEmail(t.Email), "email", "must be an email address such as appsec@example.com", t.Email)
	p.Require(t.ChatWebhookURL == "" || validWebhook(t.ChatWebhookURL), "chat_webhook_url",
		"must be an absolute http(s) URL, such as https://chat.example.com/hooks/abc", nil)
	p.Require(t.GitLabGroup == "" || (len(t.GitLabGroup) <= MaxGitLabPath && gitlabPath.MatchString(t.GitLabGroup)),
		"gitlab_group", "must be a GitLab group path such as security/prodseceng", t.GitLabGroup)
	return p.Err("the team is not valid")
}

func validWebhook(s string) bool {
	if len(s) > MaxURL {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

func fieldIndex(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }
