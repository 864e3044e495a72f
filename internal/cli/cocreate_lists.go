package cli

import (
	"net/http"

	"github.com/spf13/cobra"
)

// cocreateListCmds are the verbs that grow a co-create's lists.
func cocreateListCmds(g *globals) []*cobra.Command {
	return []*cobra.Command{functionalityCmd(g), mergeRequestCmd(g), roadmapCmd(g), answerCmd(g), feedbackCmd(g)}
}

// bodyFlags collects string flags that are sent only when given.
type bodyFlags map[string]*string

func (b bodyFlags) bind(cmd *cobra.Command, names map[string]string) {
	for name, usage := range names {
		v := new(string)
		b[name] = v
		cmd.Flags().StringVar(v, name, "", usage)
	}
}

// body maps given flags (dashes become underscores) into a request body.
func (b bodyFlags) body(cmd *cobra.Command) map[string]any {
	out := map[string]any{}
	for name, v := range b {
		if cmd.Flags().Changed(name) {
			out[underscore(name)] = *v
		}
	}
	return out
}

func underscore(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}

func functionalityCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "functionality", Short: "Discrete pieces of functionality, one epic each"}
	fields := map[string]string{"title": "what it is", "description": "what it does", "status": "planned, in_progress, in_product or dropped",
		"epic-url": "its epic under the integration epic"}
	addFlags, setFlags := bodyFlags{}, bodyFlags{}
	var labels []string
	add := &cobra.Command{Use: "add <tool>", Short: "List a piece of functionality", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := addFlags.body(cmd)
			if cmd.Flags().Changed("label") {
				body["labels"] = labels
			}
			return g.cocreateDo(cmd, args[0], http.MethodPost, "/functionalities", body, "")
		}}
	addFlags.bind(add, fields)
	add.Flags().StringSliceVar(&labels, "label", nil, "labels (default: ProdSecEngMetric::Tooling Integration)")
	set := &cobra.Command{Use: "set <tool> <id>", Short: "Change a piece of functionality, e.g. --status in_product", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPatch, "/functionalities/"+args[1], setFlags.body(cmd), "")
		}}
	setFlags.bind(set, fields)
	cmd.AddCommand(add, set)
	return cmd
}

func mergeRequestCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "mr", Short: "Merge requests contributing to the product (loop 2)"}
	var functionality, phase int64
	var fulfils []int64
	addFlags, setFlags := bodyFlags{}, bodyFlags{}
	ids := func(cmd *cobra.Command, body map[string]any) map[string]any {
		if cmd.Flags().Changed("functionality") {
			body["functionality_id"] = functionality
		}
		if cmd.Flags().Changed("completes-phase") {
			body["completes_phase_id"] = phase
		}
		if cmd.Flags().Changed("fulfils") {
			body["fulfils"] = fulfils
		}
		return body
	}
	add := &cobra.Command{Use: "add <tool>", Short: "Record a merge request", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPost, "/merge-requests", ids(cmd, addFlags.body(cmd)), "")
		}}
	set := &cobra.Command{Use: "set <tool> <id>", Short: "Change a merge request; --state merged finishes the contribution", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPatch, "/merge-requests/"+args[1], ids(cmd, setFlags.body(cmd)), "")
		}}
	for _, c := range []*cobra.Command{add, set} {
		c.Flags().Int64Var(&functionality, "functionality", 0, "the functionality it delivers")
		c.Flags().Int64Var(&phase, "completes-phase", 0, "the roadmap phase complete once it is merged")
		c.Flags().Int64SliceVar(&fulfils, "fulfils", nil, "sunsetting issues it fulfils")
	}
	mrFields := map[string]string{"url": "the merge request URL", "title": "its title", "state": "opened, merged or closed"}
	addFlags.bind(add, mrFields)
	setFlags.bind(set, mrFields)
	cmd.AddCommand(add, set)
	return cmd
}

func roadmapCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "roadmap", Short: "The sunset roadmap: phases and sunsetting issues"}
	phaseFlags, issueFlags := bodyFlags{}, bodyFlags{}
	phase := &cobra.Command{Use: "phase <tool>", Short: "Add a phase", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPost, "/roadmap/phases", phaseFlags.body(cmd), "")
		}}
	phaseFlags.bind(phase, map[string]string{"title": "the phase", "complete-when": "what completes it"})
	done := &cobra.Command{Use: "done <tool> <phase-id>", Short: "Complete a phase", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPost, "/roadmap/phases/"+args[1]+"/complete", map[string]any{}, "")
		}}
	issue := &cobra.Command{Use: "issue <tool>", Short: "Add a sunsetting issue", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPost, "/roadmap/issues", issueFlags.body(cmd), "")
		}}
	issueFlags.bind(issue, map[string]string{"requirement": "what must be true to deprecate the tool", "url": "the issue"})
	closeIssue := &cobra.Command{Use: "close <tool> <issue-id>", Short: "Close a fulfilled sunsetting issue", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPost, "/roadmap/issues/"+args[1]+"/close", map[string]any{}, "")
		}}
	cmd.AddCommand(phase, done, issue, closeIssue)
	return cmd
}

func answerCmd(g *globals) *cobra.Command {
	f := bodyFlags{}
	cmd := &cobra.Command{Use: "answer <tool>", Short: "Record a product group's answer on the handover epic", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPost, "/handover/answers", f.body(cmd), "")
		}}
	f.bind(cmd, map[string]string{"question": "fits_group, concerns, smooth_handover or definition_of_done",
		"answer": "what they said", "said-by": "who said it"})
	return cmd
}

func feedbackCmd(g *globals) *cobra.Command {
	f := bodyFlags{}
	cmd := &cobra.Command{Use: "feedback <tool>", Short: "Record Customer Zero feedback", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPost, "/feedback", f.body(cmd), "")
		}}
	f.bind(cmd, map[string]string{"who": "the internal user or team", "feedback": "what they said"})
	return cmd
}
