package backlog

import (
	"slices"
	"strings"
	"time"
)

// Kind is what a backlog item is in GitLab.
type Kind string

// The kinds of item.
const (
	Issue        Kind = "issue"
	Epic         Kind = "epic"
	MergeRequest Kind = "merge_request"
	// Local is an item that exists only in interlock: a request accepted
	// into the backlog while GitLab is not configured.
	Local Kind = "local"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains([]Kind{Issue, Epic, MergeRequest, Local}, k) }

// The states of an item, as GitLab names them.
const (
	Opened = "opened"
	Closed = "closed"
	Merged = "merged"
)

// Item is one piece of work on the team's backlog, or a candidate for it.
// Priority, Workflow, Metric and Candidate are read from the labels under
// the scheme the item was first recorded under (Profile).
type Item struct {
	ID           int64      `json:"id"`
	Key          string     `json:"key" doc:"Stable identity, e.g. gitlab:issue:<global id>"`
	Kind         Kind       `json:"kind" enum:"issue,epic,merge_request,local"`
	URL          string     `json:"url"`
	Title        string     `json:"title"`
	Project      string     `json:"project" doc:"The project's (or, for an epic, the group's) full path"`
	ProjectID    int64      `json:"project_id"`
	IID          int64      `json:"iid"`
	State        string     `json:"state" enum:"opened,closed,merged"`
	Labels       []string   `json:"labels"`
	Weight       *int       `json:"weight"`
	Priority     *int       `json:"priority"`
	Workflow     string     `json:"workflow"`
	Metric       string     `json:"metric"`
	Candidate    bool       `json:"candidate"`
	Team         bool       `json:"team"`
	Assignees    []string   `json:"assignees"`
	Milestone    string     `json:"milestone"`
	UpdatedAt    time.Time  `json:"updated_at"`
	CreatedAt    time.Time  `json:"created_at"`
	ClosedAt     *time.Time `json:"closed_at"`
	MergedAt     *time.Time `json:"merged_at"`
	Author       string     `json:"author"`
	Reviewers    []string   `json:"reviewers" doc:"Merge requests: who reviewed or approved"`
	Confidential bool       `json:"confidential"`
	Description  string     `json:"description"`
	// Profile is the scheme (name@version) the item was first recorded
	// under; its labels and weight are always read with that scheme.
	Profile string `json:"profile"`
	// UnassignedAt is when the last assignee left while the item was open.
	UnassignedAt *time.Time `json:"unassigned_at"`
	// TeamMentionedAt is when a comment last mentioned the team.
	TeamMentionedAt *time.Time `json:"team_mentioned_at"`
	RequestID       *int64     `json:"request_id" doc:"The intake request it came from"`
	RemovedAt       *time.Time `json:"removed_at"`
	RemovalReason   string     `json:"removal_reason"`
	Version         int        `json:"version"`
}

// Open reports whether the item is still open.
func (it Item) Open() bool { return it.State == Opened }

// derive reads the labels' meaning under the scheme.
func (it *Item) derive(s Scheme) {
	it.Priority = Priority(s, it.Labels)
	it.Workflow = Workflow(it.Labels)
	it.Metric = Metric(it.Labels)
	it.Candidate = Candidate(s, it.Labels)
	it.Team = Team(s, it.Labels)
}

// ObservedItem is an issue, epic or merge request as GitLab reports it,
// through a webhook or the sync.
type ObservedItem struct {
	Key          string // "gitlab:issue:<global id>", "gitlab:epic:<global id>", "gitlab:merge_request:<global id>"
	Kind         Kind
	URL          string
	Title        string
	Description  string
	Project      string // full path of the project (or group, for an epic)
	ProjectID    int64
	IID          int64
	State        string // opened, closed, merged (GitLab's "reopened" is opened)
	Labels       []string
	Weight       *int
	Assignees    []string
	Milestone    string
	Author       string
	Reviewers    []string
	Confidential bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ClosedAt     *time.Time
	MergedAt     *time.Time
}

// normalize trims what GitLab sends and maps its states onto ours.
func (o *ObservedItem) normalize() {
	o.Title = strings.TrimSpace(o.Title)
	switch strings.ToLower(strings.TrimSpace(o.State)) {
	case "closed", "close":
		o.State = Closed
	case "merged", "merge":
		o.State = Merged
	default:
		o.State = Opened
	}
	if o.Labels == nil {
		o.Labels = []string{}
	}
	if o.Assignees == nil {
		o.Assignees = []string{}
	}
	if o.Reviewers == nil {
		o.Reviewers = []string{}
	}
}

// Relevant reports whether the team's backlog follows this GitLab object:
// it carries the candidate or the team label, or it is a merge request on a
// project the team follows (for merge request metrics).
func Relevant(s Scheme, o ObservedItem, projects []string) bool {
	if Candidate(s, o.Labels) || Team(s, o.Labels) {
		return true
	}
	return o.Kind == MergeRequest && slices.ContainsFunc(projects, func(p string) bool { return strings.EqualFold(p, o.Project) })
}

// Filter narrows a list of items; zero fields do not filter.
type Filter struct {
	Kind      Kind
	State     string
	Label     string
	Workflow  string
	Metric    string
	Project   string
	Assignee  string
	Candidate *bool
	Team      *bool
	Priority  *int
	Query     string // in the title
}
