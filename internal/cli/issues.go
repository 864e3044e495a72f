package cli

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/maintenance"
)

func issueCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "issue", Short: "Support issues and their SLO/RTO clocks"}
	var title, kind, openedAt, link string
	var blocks, external bool
	open := &cobra.Command{Use: "open <tool>", Short: "Open a support issue; clocks start if it keeps the tool from working", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := map[string]any{"title": title, "kind": kind, "external": external}
			if cmd.Flags().Changed("blocks") { // unsaid, an outage blocks (rule 5 of issue 14)
				body["blocks_functionality"] = blocks
			}
			if openedAt != "" {
				body["opened_at"] = openedAt
			}
			if link != "" {
				body["external_url"] = link
			}
			return g.issueDo(cmd, args[0], http.MethodPost, "/issues", body)
		}}
	open.Flags().StringVar(&title, "title", "", "what is wrong")
	open.Flags().StringVar(&kind, "kind", "bug", core.OneOf(maintenance.IssueKinds))
	open.Flags().BoolVar(&blocks, "blocks", false, "it keeps the tool from working (the SLO and RTO clocks run); an outage does unless --blocks=false")
	open.Flags().StringVar(&openedAt, "opened-at", "", "when it was opened, RFC 3339 (engineers and managers only)")
	open.Flags().StringVar(&link, "url", "", "the issue elsewhere, e.g. on GitLab")
	open.Flags().BoolVar(&external, "external", false, "it came from outside: a refused feature request is recorded and closed")
	show := &cobra.Command{Use: "show <tool> <issue>", Short: "Show an issue and its clocks", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.issueDo(cmd, args[0], http.MethodGet, "/issues/"+args[1], nil)
		}}
	var assignee, reason string
	triage := &cobra.Command{Use: "triage <tool> <issue> --assignee NAME", Short: "Triage and assign: stops the SLO clock", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.issueDo(cmd, args[0], http.MethodPost, "/issues/"+args[1]+"/triage", map[string]any{"assignee": assignee})
		}}
	triage.Flags().StringVar(&assignee, "assignee", "", "who works on it")
	recover := &cobra.Command{Use: "recover <tool> <issue>", Short: "The tool works again: stops the RTO clock", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.issueDo(cmd, args[0], http.MethodPost, "/issues/"+args[1]+"/recover", map[string]any{})
		}}
	closeCmd := &cobra.Command{Use: "close <tool> <issue>", Short: "Close an issue (without recovery, say why)", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.issueDo(cmd, args[0], http.MethodPost, "/issues/"+args[1]+"/close", map[string]any{"reason": reason})
		}}
	closeCmd.Flags().StringVar(&reason, "reason", "", "why it is closed")
	cmd.AddCommand(open, show, triage, recover, closeCmd, issueListCmd(g))
	return cmd
}

func (g *globals) issueDo(cmd *cobra.Command, ref, method, suffix string, body any) error {
	var is httpapi.IssueBody
	if err := g.toolCall(cmd.Context(), ref, method, suffix, body, &is, ""); err != nil {
		return err
	}
	return g.render(g.env.Stdout, is, func() error { return showIssue(g, is) })
}

func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func showIssue(g *globals, is httpapi.IssueBody) error {
	w := g.env.Stdout
	fmt.Fprintf(w, "Issue %d on tool %d: %s (%s, %s)\n", is.ID, is.ToolID, is.Title, is.Kind, is.State)
	fmt.Fprintf(w, "SLO: %-8s due %s\nRTO: %-8s due %s\n", is.SLOState, when(is.SLODueAt), is.RTOState, when(is.RTODueAt))
	if is.CommitmentNote != "" {
		fmt.Fprintf(w, "%s\n", is.CommitmentNote)
	}
	if is.Assignee != "" {
		fmt.Fprintf(w, "Assigned to %s\n", is.Assignee)
	}
	return nil
}

func issueListCmd(g *globals) *cobra.Command {
	var state, clock string
	cmd := &cobra.Command{Use: "list [tool]", Short: "List issues of a tool, or of every tool (e.g. --clock at_risk)",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			path := "/api/v1/issues"
			if len(args) == 1 {
				id, err := resolveTool(cmd.Context(), c, args[0])
				if err != nil {
					return err
				}
				path = "/api/v1/tools/" + strconv.FormatInt(id, 10) + "/issues"
			}
			q := url.Values{"limit": {"500"}}
			for k, v := range map[string]string{"state": state, "clock": clock} {
				if v != "" {
					q.Set(k, v)
				}
			}
			var l struct {
				Items []httpapi.IssueBody `json:"items"`
			}
			if _, err := c.Get(cmd.Context(), path, q, &l); err != nil {
				return err
			}
			return g.render(g.env.Stdout, l, func() error {
				rows := [][]string{}
				for _, is := range l.Items {
					rows = append(rows, []string{strconv.FormatInt(is.ToolID, 10), strconv.FormatInt(is.ID, 10), is.State,
						is.SLOState, when(is.SLODueAt), is.RTOState, when(is.RTODueAt), is.Title})
				}
				return table(g.env.Stdout, []string{"TOOL", "ISSUE", "STATE", "SLO", "SLO DUE", "RTO", "RTO DUE", "TITLE"}, rows)
			})
		}}
	cmd.Flags().StringVar(&state, "state", "", "open, triaged, recovered or closed")
	cmd.Flags().StringVar(&clock, "clock", "", "running, at_risk, breached, met or none")
	return cmd
}
