package cli

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/intake"
)

func requestCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "request", Short: "Intake: net-new requests, handovers and other requests, step by step to a decision"}
	cmd.AddCommand(requestNewCmd(g), requestListCmd(g), requestStepCmd(g), requestDecideCmd(g), requestReassessCmd(g))
	show := &cobra.Command{Use: "show <id>", Short: "Show a request, where it stands and what comes next", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.requestDo(cmd, http.MethodGet, "/api/v1/requests/"+args[0], nil, false)
		}}
	var party, partyName string
	agree := &cobra.Command{Use: "agree <id>", Short: "Agree to a decision that waits for you", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := map[string]any{}
			if party != "" {
				body["party"], body["name"] = party, partyName
			}
			return g.requestDo(cmd, http.MethodPost, "/api/v1/requests/"+args[0]+"/decision/agreements", body, false)
		}}
	agree.Flags().StringVar(&party, "party", "", "record the agreement of product or engineering (engineer)")
	agree.Flags().StringVar(&partyName, "name", "", "who agreed for that party")
	var reason, body string
	withdraw := &cobra.Command{Use: "withdraw <id>", Short: "Withdraw a request", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.requestDo(cmd, http.MethodPost, "/api/v1/requests/"+args[0]+"/withdraw", map[string]any{"reason": reason}, false)
		}}
	withdraw.Flags().StringVar(&reason, "reason", "", "why")
	comment := &cobra.Command{Use: "comment <id> --body TEXT", Short: "Add to a request's discussion", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			var out httpapi.CommentBody
			if _, err := c.Post(cmd.Context(), "/api/v1/requests/"+args[0]+"/comments", map[string]any{"body": body}, &out); err != nil {
				return err
			}
			return g.render(g.env.Stdout, out, func() error {
				_, err := fmt.Fprintf(g.env.Stdout, "comment %d by %s\n", out.ID, out.Author)
				return err
			})
		}}
	comment.Flags().StringVar(&body, "body", "", "the comment")
	cmd.AddCommand(show, agree, withdraw, comment)
	return cmd
}

// requestDo calls a request endpoint and shows the request it answers;
// with ifMatch it reads the request's ETag first.
func (g *globals) requestDo(cmd *cobra.Command, method, path string, body any, ifMatch bool) error {
	c, err := g.client()
	if err != nil {
		return err
	}
	etag := ""
	if ifMatch {
		r, err := c.Get(cmd.Context(), strings.Split(path, "/decision")[0], nil, nil)
		if err != nil {
			return err
		}
		etag = r.ETag
	}
	var r httpapi.RequestBody
	if _, err := c.Do(cmd.Context(), method, path, nil, body, &r, etag); err != nil {
		return err
	}
	return g.render(g.env.Stdout, r, func() error { return showRequest(g, r) })
}

func showRequest(g *globals, r httpapi.RequestBody) error {
	w := g.env.Stdout
	fmt.Fprintf(w, "Request %d (%s): %s\nRequested by %s for %s\nState: %s   step: %s\n", r.ID, r.Kind, r.Title, r.Requester,
		r.RequestingTeam, r.State, r.Step)
	if p := r.PathForward; p != nil {
		fmt.Fprintf(w, "Path forward: %s %s (%s)\n", p.Outcome, p.Category, p.Basis)
	}
	if p := r.Plan; p != nil {
		fmt.Fprintf(w, "Plan: %s, %s; %d design decisions\n", p.Criticality, commitmentShort(p.Commitment), len(p.DesignDecisions))
	}
	if m := r.Maintainability; m != nil {
		fmt.Fprintf(w, "Maintainability: %s, health %s, %s\n", m.Criticality, m.Health, commitmentShort(m.Commitment))
	}
	if p := r.PathToProduct; p != nil {
		fmt.Fprintf(w, "Path to product: %s\n", p.Category)
	}
	if d := r.Decision; d != nil {
		fmt.Fprintf(w, "Decision: %s by %s: %s\n", d.Outcome, d.DecidedBy, d.Basis)
		if len(d.PendingParties) > 0 {
			fmt.Fprintf(w, "Waiting for agreement from: %s\n", core.OneOf(d.PendingParties))
		}
	}
	if r.ToolID != nil {
		fmt.Fprintf(w, "Tool: %d\n", *r.ToolID)
	}
	if r.NeedsCoCreate {
		fmt.Fprintln(w, "Next: co-create in the product (no internal tool)")
	}
	return nil
}

func requestNewCmd(g *globals) *cobra.Command {
	var kind, title, team, file, toolName, repo string
	cmd := &cobra.Command{Use: "new --kind net_new|handover|other --title TEXT --team TEAM [--file answers.md|answers.yaml]",
		Short: "Open a request; template answers can come from a Markdown or YAML file", Args: exactArgs(0),
		Example: "  # answers.md\n  ## Problem statement\n  Triage of dependency findings is manual.\n  ## Urgency\n  This quarter.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			answers := map[string]string{}
			if file != "" {
				data, err := readFileOrStdin(g, file)
				if err != nil {
					return err
				}
				if answers, err = parseAnswers(file, data); err != nil {
					return err
				}
			}
			body := map[string]any{"kind": kind, "title": title, "requesting_team": team, "template": answers,
				"tool": map[string]string{"name": toolName, "repository_url": repo}}
			return g.requestDo(cmd, http.MethodPost, "/api/v1/requests", body, false)
		}}
	f := cmd.Flags()
	f.StringVar(&kind, "kind", "net_new", core.OneOf(intake.Kinds))
	f.StringVar(&title, "title", "", "what is asked for")
	f.StringVar(&team, "team", "", "the requesting team")
	f.StringVarP(&file, "file", "f", "", "template answers: Markdown (## headings) or YAML; - for standard input (Markdown)")
	f.StringVar(&toolName, "tool-name", "", "the tool's name in the inventory (default: the title)")
	f.StringVar(&repo, "repo", "", "the tool's repository URL")
	return cmd
}

func readFileOrStdin(g *globals, path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(g.env.Stdin)
	}
	return os.ReadFile(path)
}

func requestListCmd(g *globals) *cobra.Command {
	var state, step, kind string
	var mine, due bool
	cmd := &cobra.Command{Use: "list", Short: "List requests: mine, open by step, due for re-assessment", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			q := url.Values{"limit": {"500"}}
			for k, v := range map[string]string{"state": state, "step": step, "kind": kind} {
				if v != "" {
					q.Set(k, v)
				}
			}
			if mine {
				q.Set("mine", "true")
			}
			if due {
				q.Set("due_for_reassessment", "true")
			}
			var l struct {
				Items []httpapi.RequestBody `json:"items"`
			}
			if _, err := c.Get(cmd.Context(), "/api/v1/requests", q, &l); err != nil {
				return err
			}
			return g.render(g.env.Stdout, l, func() error {
				rows := [][]string{}
				for _, r := range l.Items {
					decision := ""
					if r.Decision != nil {
						decision = r.Decision.Outcome
					}
					rows = append(rows, []string{strconv.FormatInt(r.ID, 10), r.Kind, r.State, r.Step, decision, r.RequestingTeam, r.Title})
				}
				return table(g.env.Stdout, []string{"ID", "KIND", "STATE", "STEP", "DECISION", "TEAM", "TITLE"}, rows)
			})
		}}
	f := cmd.Flags()
	f.StringVar(&state, "state", "", "open, awaiting_agreement, decided or withdrawn")
	f.StringVar(&step, "step", "", "the step requests are at")
	f.StringVar(&kind, "kind", "", core.OneOf(intake.Kinds))
	f.BoolVar(&mine, "mine", false, "only requests I opened")
	f.BoolVar(&due, "due", false, "only decisions due for re-assessment")
	return cmd
}
