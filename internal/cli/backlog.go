package cli

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/backlog"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func backlogCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "backlog", Short: "The team's backlog: items, findings, take-on, removal, triage, board, metrics"}
	cmd.AddCommand(backlogItemsCmd(g), backlogFindingsCmd(g), backlogTakeOnCmd(g), backlogRemoveCmd(g), backlogTriageCmd(g),
		backlogBoardCmd(g), backlogMetricsCmd(g), backlogToolingCmd(g))
	return cmd
}

func optInt(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func itemRows(items []backlog.Item) [][]string {
	rows := [][]string{}
	for _, it := range items {
		kind := ""
		switch {
		case it.Team:
			kind = "team"
		case it.Candidate:
			kind = "candidate"
		}
		rows = append(rows, []string{strconv.FormatInt(it.ID, 10), kind, it.State, optInt(it.Priority), optInt(it.Weight), it.Workflow,
			it.Metric, strings.Join(it.Assignees, ","), it.Title, it.URL})
	}
	return rows
}

var itemHeader = []string{"ID", "LABEL", "STATE", "PRIORITY", "WEIGHT", "WORKFLOW", "METRIC", "ASSIGNEES", "TITLE", "URL"}

func backlogItemsCmd(g *globals) *cobra.Command {
	q := map[string]*string{}
	c := &cobra.Command{Use: "items", Short: "List backlog items", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cl, err := g.client()
			if err != nil {
				return err
			}
			v := url.Values{}
			for k, p := range q {
				if *p != "" {
					v.Set(k, *p)
				}
			}
			var out struct {
				Items      []backlog.Item `json:"items"`
				NextCursor string         `json:"next_cursor,omitempty"`
			}
			if _, err := cl.Get(cmd.Context(), "/api/v1/backlog/items", v, &out); err != nil {
				return err
			}
			return g.render(g.env.Stdout, out, func() error {
				if err := table(g.env.Stdout, itemHeader, itemRows(out.Items)); err != nil {
					return err
				}
				if out.NextCursor != "" {
					_, err = fmt.Fprintf(g.env.Stdout, "more: --cursor %s\n", out.NextCursor)
				}
				return err
			})
		}}
	for _, f := range []struct{ name, usage string }{
		{"kind", "issue, epic, merge_request or local"}, {"state", "opened, closed or merged"}, {"label", "carrying this label"},
		{"workflow", "the part after workflow::"}, {"metric", "the part after ProdSecEngMetric::"}, {"project", "project path"},
		{"assignee", "username"}, {"candidate", "true or false"}, {"team", "true or false"}, {"priority", "priority number"},
		{"q", "words in the title"}, {"limit", "page size"}, {"cursor", "next page"},
	} {
		p := new(string)
		q[f.name] = p
		c.Flags().StringVar(p, f.name, "", f.usage)
	}
	return c
}

func backlogFindingsCmd(g *globals) *cobra.Command {
	var rule string
	var asCSV bool
	c := &cobra.Command{Use: "findings [--rule CODE]", Short: "Broken backlog rules", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			if rule != "" {
				q.Set("rule", rule)
			}
			var out httpapi.FindingsBody
			return g.report(cmd, "/api/v1/backlog/findings", q, asCSV, &out, func() error {
				return table(g.env.Stdout, []string{"RULE", "ITEM", "MESSAGE"}, func() [][]string {
					rows := [][]string{}
					for _, f := range out.Findings {
						rows = append(rows, []string{f.Rule, orText(f.ItemURL, "(team)"), f.Message})
					}
					return rows
				}())
			})
		}}
	c.Flags().StringVar(&rule, "rule", "", "only this rule, e.g. weight_above_max")
	c.Flags().BoolVar(&asCSV, "csv", false, "print CSV")
	return c
}

func printActions(g *globals, acts []backlog.Action) error {
	rows := [][]string{}
	for _, a := range acts {
		what := a.Body
		if a.Kind == backlog.ActionLabels {
			what = strings.TrimSpace(fmt.Sprintf("+%s -%s", strings.Join(a.Add, ", +"), strings.Join(a.Remove, ", -")))
		}
		rows = append(rows, []string{a.Kind, a.Policy, orText(a.ItemURL, "(team)"), what})
	}
	return table(g.env.Stdout, []string{"ACTION", "POLICY", "ITEM", "WHAT"}, rows)
}

func backlogTakeOnCmd(g *globals) *cobra.Command {
	var metric string
	c := &cobra.Command{Use: "take-on <item id> [--metric LABEL]", Short: "Take work on: team and metric labels, ping the group's managers",
		Args: exactArgs(1), RunE: func(cmd *cobra.Command, args []string) error {
			cl, err := g.client()
			if err != nil {
				return err
			}
			var out backlog.TakeOnResult
			if _, err := cl.Post(cmd.Context(), "/api/v1/backlog/items/"+url.PathEscape(args[0])+"/take-on", httpapi.TakeOnIn{Metric: metric}, &out); err != nil {
				return err
			}
			return g.render(g.env.Stdout, out, func() error {
				if err := printActions(g, out.Actions); err != nil {
					return err
				}
				return fields(g.env.Stdout, "pinged", strings.Join(out.Pinged, ", "), "note", out.Note)
			})
		}}
	c.Flags().StringVar(&metric, "metric", "", "metric label (default ProdSecEngMetric::Pending)")
	return c
}

func backlogRemoveCmd(g *globals) *cobra.Command {
	var in httpapi.RemoveIn
	c := &cobra.Command{Use: "remove <item id> --reason TEXT", Short: "Remove work from the backlog, with its reason",
		Args: exactArgs(1), RunE: func(cmd *cobra.Command, args []string) error {
			cl, err := g.client()
			if err != nil {
				return err
			}
			var out backlog.RemoveResult
			if _, err := cl.Post(cmd.Context(), "/api/v1/backlog/items/"+url.PathEscape(args[0])+"/remove", in, &out); err != nil {
				return err
			}
			return g.render(g.env.Stdout, out, func() error {
				if err := printActions(g, out.Actions); err != nil {
					return err
				}
				return fields(g.env.Stdout, "note", out.Note)
			})
		}}
	f := c.Flags()
	f.StringVar(&in.Reason, "reason", "", "why the team will not take this on (required)")
	f.StringSliceVar(&in.Mention, "mention", nil, "who to @-mention (repeatable)")
	f.StringSliceVar(&in.GroupLabels, "group-label", nil, "group:: label to apply (repeatable)")
	f.BoolVar(&in.SeekingCommunity, "seeking-community", false, "add Seeking community contributions (public issues only)")
	return c
}

func backlogTriageCmd(g *globals) *cobra.Command {
	var apply bool
	c := &cobra.Command{Use: "triage [--apply]", Short: "Run the policies: a dry run unless --apply", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cl, err := g.client()
			if err != nil {
				return err
			}
			var out backlog.TriageResult
			q := url.Values{"dry_run": {strconv.FormatBool(!apply)}}
			if _, err := cl.Do(cmd.Context(), http.MethodPost, "/api/v1/backlog/triage", q, nil, &out, ""); err != nil {
				return err
			}
			return g.render(g.env.Stdout, out, func() error {
				if out.DryRun {
					fmt.Fprintln(g.env.Stdout, "dry run: nothing was done; --apply does it")
				}
				return printActions(g, out.Actions)
			})
		}}
	c.Flags().BoolVar(&apply, "apply", false, "carry the actions out")
	return c
}

func backlogBoardCmd(g *globals) *cobra.Command {
	return &cobra.Command{Use: "board", Short: "The build board, by workflow column", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cl, err := g.client()
			if err != nil {
				return err
			}
			var b backlog.Board
			if _, err := cl.Get(cmd.Context(), "/api/v1/backlog/board", nil, &b); err != nil {
				return err
			}
			return g.render(g.env.Stdout, b, func() error {
				for _, col := range b.Columns {
					fmt.Fprintf(g.env.Stdout, "== %s (%d)\n", orText(col.Label, "no workflow label"), len(col.Items))
					for _, it := range col.Items {
						fmt.Fprintf(g.env.Stdout, "  %d  %s  %s\n", it.ID, it.Title, it.URL)
					}
				}
				return nil
			})
		}}
}

func backlogMetricsCmd(g *globals) *cobra.Command {
	var from, to string
	var asCSV bool
	c := &cobra.Command{Use: "metrics [--from DATE] [--to DATE]", Short: "Metric label coverage, velocity, merged MRs, peer review",
		Args: exactArgs(0), RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			if from != "" {
				q.Set("from", from)
			}
			if to != "" {
				q.Set("to", to)
			}
			var m httpapi.MetricsBody
			return g.report(cmd, "/api/v1/backlog/metrics", q, asCSV, &m, func() error {
				return table(g.env.Stdout, []string{"METRIC", "KEY", "VALUE"}, m.CSVRows()[1:])
			})
		}}
	c.Flags().StringVar(&from, "from", "", "start (YYYY-MM-DD or RFC 3339; default 90 days ago)")
	c.Flags().StringVar(&to, "to", "", "end (default now)")
	c.Flags().BoolVar(&asCSV, "csv", false, "print CSV")
	return c
}

func backlogToolingCmd(g *globals) *cobra.Command {
	var format string
	c := &cobra.Command{Use: "tooling [--format markdown|csv|json]", Short: "The List of Tools of the Tooling Integration epic",
		Args: exactArgs(0), RunE: func(cmd *cobra.Command, _ []string) error {
			cl, err := g.client()
			if err != nil {
				return err
			}
			b, err := cl.GetRaw(cmd.Context(), "/api/v1/reports/tooling-integration", url.Values{"format": {format}}, "*/*")
			if err == nil {
				_, err = g.env.Stdout.Write(b)
			}
			return err
		}}
	c.Flags().StringVar(&format, "format", "markdown", "markdown, csv or json")
	return c
}

func processCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "process", Short: "The team's process scheme: labels, priorities, weights (profiles)"}
	show := &cobra.Command{Use: "show", Short: "The active profile and its scheme", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cl, err := g.client()
			if err != nil {
				return err
			}
			var p httpapi.ProcessBody
			if _, err := cl.Get(cmd.Context(), "/api/v1/process", nil, &p); err != nil {
				return err
			}
			return g.render(g.env.Stdout, p, func() error { return showScheme(g, p) })
		}}
	var file string
	set := &cobra.Command{Use: "set <profile> | set --file scheme.json", Short: "Switch profile, or bring in a custom scheme (manager)",
		Args: cobra.MaximumNArgs(1), RunE: func(cmd *cobra.Command, args []string) error {
			var body any
			switch {
			case file != "" && len(args) == 0:
				doc, err := g.readDoc(file)
				if err != nil {
					return err
				}
				body = doc
			case file == "" && len(args) == 1:
				body = httpapi.ProcessIn{Profile: args[0]}
			default:
				return usageError{fmt.Errorf("name a profile, or give --file")}
			}
			cl, err := g.client()
			if err != nil {
				return err
			}
			var p httpapi.ProcessBody
			cur, err := cl.Get(cmd.Context(), "/api/v1/process", nil, &p)
			if err != nil {
				return err
			}
			if _, err := cl.Do(cmd.Context(), http.MethodPut, "/api/v1/process", nil, body, &p, cur.ETag); err != nil {
				return err
			}
			return g.render(g.env.Stdout, p, func() error { return showScheme(g, p) })
		}}
	set.Flags().StringVar(&file, "file", "", "a custom scheme in JSON or YAML (- for stdin)")
	cmd.AddCommand(show, set)
	return cmd
}

func showScheme(g *globals, p httpapi.ProcessBody) error {
	s := p.Scheme
	var prio, weights, metrics []string
	for _, l := range s.PriorityLabels {
		prio = append(prio, fmt.Sprintf("%s (%s)", l.Label, l.Meaning))
	}
	for _, w := range s.Weights {
		weights = append(weights, strconv.Itoa(w.Weight))
	}
	for _, m := range s.MetricLabels {
		metrics = append(metrics, m.Label)
	}
	return fields(g.env.Stdout, "profile", s.Ref(), "profiles", strings.Join(p.Profiles, ", "), "team label", s.TeamLabel,
		"candidate label", s.CandidateLabel, "priorities", strings.Join(prio, "; "), "workflow", strings.Join(s.WorkflowLabels, " → "),
		"weights", strings.Join(weights, ", ")+fmt.Sprintf(" (break down above %d)", s.BreakDownAbove), "metric labels", strings.Join(metrics, ", "),
		"AppSec labels", strings.Join(s.AppSecLabels, ", "), "co-create", strings.Join(s.CoCreatePhases, " → "))
}
