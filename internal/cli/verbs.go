package cli

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/spf13/cobra"
)

// addVerbs adds the verbs for what the API does that had no command:
// answering a request's template, scores and weights, team capacity,
// signals and policies.
func addVerbs(root *cobra.Command, g *globals) {
	for _, c := range root.Commands() {
		if c.Name() == "request" {
			c.AddCommand(requestAnswerCmd(g))
		}
	}
	root.AddCommand(priorityCmd(g), capacityCmd(g), signalCmd(g), policyCmd(g))
}

// jsonVerb calls the API and prints the answer as JSON (the answers of these
// verbs are small documents). With ifMatch it sends the ETag of a GET of path first.
func (g *globals) jsonVerb(cmd *cobra.Command, method, path string, body any, ifMatch bool) error {
	c, err := g.client()
	if err != nil {
		return err
	}
	etag := ""
	if ifMatch {
		r, err := c.Get(cmd.Context(), path, nil, nil)
		if err != nil {
			return err
		}
		etag = r.ETag
	}
	var out any
	if _, err := c.Do(cmd.Context(), method, path, nil, body, &out, etag); err != nil {
		return err
	}
	if m, ok := out.(map[string]any); ok {
		delete(m, "$schema")
	}
	return printJSON(g.env.Stdout, out)
}

func requestAnswerCmd(g *globals) *cobra.Command {
	var file string
	cmd := &cobra.Command{Use: "answer <id> --file answers.md|answers.yaml", Short: "Answer (more of) a request's template",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" {
				return usageError{fmt.Errorf("--file is required: a Markdown file with one ## heading per question, or YAML")}
			}
			data, err := readFileOrStdin(g, file)
			if err != nil {
				return err
			}
			answers, err := parseAnswers(file, data)
			if err != nil {
				return err
			}
			return g.requestDo(cmd, http.MethodPatch, "/api/v1/requests/"+args[0], map[string]any{"template": answers}, true)
		}}
	cmd.Flags().StringVarP(&file, "file", "f", "", "answers: Markdown (## Problem statement ...) or YAML; - for standard input")
	return cmd
}

func priorityCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "priority", Short: "Prioritisation: the ranking, a tool's scores, the weights"}
	list := &cobra.Command{Use: "list", Short: "Tools ranked by weighted score, with a recommendation", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.jsonVerb(cmd, http.MethodGet, "/api/v1/priorities", nil, false)
		}}
	var sc [5]int
	names := []string{"criticality", "product-fit", "maintainability", "strategic-alignment", "customer-value"}
	score := &cobra.Command{Use: "score <tool>", Short: "Score a tool on the five criteria, 1 to 5 (manager)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, id, err := g.toolClient(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			body := map[string]any{}
			for i, n := range names {
				if !cmd.Flags().Changed(n) {
					return usageError{fmt.Errorf("--%s is required (1 to 5)", n)}
				}
				body[snake(n)] = sc[i]
			}
			return g.jsonVerb(cmd, http.MethodPut, "/api/v1/tools/"+strconv.FormatInt(id, 10)+"/scores", body, false)
		}}
	for i, n := range names {
		score.Flags().IntVar(&sc[i], n, 0, n+", 1 to 5")
	}
	var file string
	weights := &cobra.Command{Use: "weights [--set --file weights.yaml]", Short: "Show the weights, or replace them (manager)", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return g.jsonVerb(cmd, http.MethodGet, "/api/v1/priorities/weights", nil, false)
			}
			doc, err := g.readDoc(file)
			if err != nil {
				return err
			}
			return g.jsonVerb(cmd, http.MethodPut, "/api/v1/priorities/weights", doc, true)
		}}
	weights.Flags().StringVarP(&file, "file", "f", "", "new weights (criticality, product_fit, maintainability, strategic_alignment, customer_value: 0 to 10)")
	cmd.AddCommand(list, score, weights)
	return cmd
}

func capacityCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "capacity", Short: "The team's maintenance capacity and each tool's load"}
	var file string
	team := &cobra.Command{Use: "team [--file team.yaml]", Short: "Show the team, or replace it (manager)", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return g.jsonVerb(cmd, http.MethodGet, "/api/v1/capacity/team", nil, false)
			}
			doc, err := g.readDoc(file)
			if err != nil {
				return err
			}
			return g.jsonVerb(cmd, http.MethodPut, "/api/v1/capacity/team", doc, true)
		}}
	team.Flags().StringVarP(&file, "file", "f", "", "members: [{name, hours_per_week}]")
	var hours float64
	var def bool
	load := &cobra.Command{Use: "load <tool> --hours N | --default", Short: "Set a tool's weekly maintenance hours (manager)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, id, err := g.toolClient(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if def == cmd.Flags().Changed("hours") {
				return usageError{fmt.Errorf("give --hours N or --default, one of them")}
			}
			var h any = hours
			if def {
				h = nil
			}
			return g.jsonVerb(cmd, http.MethodPut, "/api/v1/tools/"+strconv.FormatInt(id, 10)+"/load", map[string]any{"hours_per_week": h}, false)
		}}
	load.Flags().Float64Var(&hours, "hours", 0, "hours a week")
	load.Flags().BoolVar(&def, "default", false, "back to the default by criticality and health")
	cmd.AddCommand(team, load)
	return cmd
}

func signalCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "signal", Short: "Signals raised by repeated SLO/RTO breaches"}
	list := &cobra.Command{Use: "list", Short: "Open signals", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.jsonVerb(cmd, http.MethodGet, "/api/v1/signals", nil, false)
		}}
	var category, criticality, reason string
	act := &cobra.Command{Use: "act <tool> <signal-id> --category C | --criticality L", Short: "Act on a signal (manager)", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, id, err := g.toolClient(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			body := map[string]any{}
			if category != "" {
				body["category"] = category
			}
			if criticality != "" {
				body["criticality"] = criticality
			}
			return g.jsonVerb(cmd, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/signals/%s/act", id, args[1]), body, false)
		}}
	act.Flags().StringVar(&category, "category", "", "improve_then_integrate or improve_then_maintain")
	act.Flags().StringVar(&criticality, "criticality", "", "a lower criticality")
	dismiss := &cobra.Command{Use: "dismiss <tool> <signal-id> --reason TEXT", Short: "Dismiss a signal (manager)", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, id, err := g.toolClient(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return g.jsonVerb(cmd, http.MethodPost, fmt.Sprintf("/api/v1/tools/%d/signals/%s/dismiss", id, args[1]),
				map[string]any{"reason": reason}, false)
		}}
	dismiss.Flags().StringVar(&reason, "reason", "", "why no action is needed")
	cmd.AddCommand(list, act, dismiss)
	return cmd
}

// policyPaths are the policies, by the name the CLI gives them.
var policyPaths = map[string]string{
	"clock":  "/api/v1/clock-policy",
	"review": "/api/v1/reviews/policy",
	"sunset": "/api/v1/sunset-policy",
}

func policyCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "policy", Short: "The clock, review and sunset notice policies"}
	path := func(name string) (string, error) {
		p, ok := policyPaths[name]
		if !ok {
			return "", usageError{fmt.Errorf("there is no policy %q: clock, review or sunset", name)}
		}
		return p, nil
	}
	show := &cobra.Command{Use: "show clock|review|sunset", Short: "Show a policy", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := path(args[0])
			if err != nil {
				return err
			}
			return g.jsonVerb(cmd, http.MethodGet, p, nil, false)
		}}
	var file string
	set := &cobra.Command{Use: "set clock|review|sunset --file policy.yaml", Short: "Replace a policy (as it was last read)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := path(args[0])
			if err != nil {
				return err
			}
			if file == "" {
				return usageError{fmt.Errorf("--file is required: the policy as YAML or JSON (see `interlock policy show %s`)", args[0])}
			}
			doc, err := g.readDoc(file)
			if err != nil {
				return err
			}
			delete(doc, "version")
			return g.jsonVerb(cmd, http.MethodPut, p, doc, true)
		}}
	set.Flags().StringVarP(&file, "file", "f", "", "the policy, YAML or JSON; - for standard input")
	cmd.AddCommand(show, set)
	return cmd
}

// snake turns a flag name into the API's field name.
func snake(flag string) string {
	b := []byte(flag)
	for i, c := range b {
		if c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}
