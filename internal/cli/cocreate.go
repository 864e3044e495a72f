package cli

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func cocreateCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "cocreate", Short: "Co-create: build a tool's capabilities into the product"}
	var epic, file string
	start := &cobra.Command{
		Use: "start <tool>", Short: "Start co-create for a tool in integrate", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPost, "", map[string]any{"integration_epic_url": epic}, "")
		},
	}
	start.Flags().StringVar(&epic, "epic", "", "the tooling integration epic URL")
	show := &cobra.Command{
		Use: "show <tool>", Short: "Show a tool's co-create, what is missing and the warnings", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodGet, "", nil, "")
		},
	}
	update := &cobra.Command{
		Use:   "update <tool> --file patch.yaml",
		Short: "Fill in the integration epic, handover epic, loops and key considerations from a YAML/JSON document",
		Example: "  # patch.yaml\n  handover: {epic_url: https://gitlab.com/groups/g/-/epics/2, product_group: group::threat insights}\n" +
			"  loop1: {pm_validated: {done: true}, validated_proposal_url: https://gitlab.com/g/p/-/issues/1}",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := g.readDoc(file)
			if err != nil {
				return err
			}
			return g.cocreateDo(cmd, args[0], http.MethodPatch, "", doc, "/cocreate")
		},
	}
	update.Flags().StringVarP(&file, "file", "f", "-", "the document (- for standard input)")
	var note string
	var undo bool
	check := &cobra.Command{
		Use: "check <tool> <loop1.activity|loop2.activity>", Short: "Tick an activity, e.g. loop1.pm_validated or loop2.deployed",
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			loop, activity, ok := strings.Cut(args[1], ".")
			if !ok || (loop != "loop1" && loop != "loop2") {
				return usageError{fmt.Errorf("name the activity as loop1.<activity> or loop2.<activity>")}
			}
			body := map[string]any{loop: map[string]any{activity: map[string]any{"done": !undo, "note": note}}}
			return g.cocreateDo(cmd, args[0], http.MethodPatch, "", body, "/cocreate")
		},
	}
	check.Flags().StringVar(&note, "note", "", "a note")
	check.Flags().BoolVar(&undo, "undo", false, "untick it")
	advance := &cobra.Command{
		Use: "advance <tool>", Short: "validation → integration → shipped (shipping opens the sunset plan)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.cocreateDo(cmd, args[0], http.MethodPost, "/advance", map[string]any{}, "/cocreate")
		},
	}
	cmd.PersistentFlags().BoolVar(&g.ofRequest, "request", false,
		"name an intake request decided build_in_product (co-create of a need, no internal tool) instead of a tool")
	cmd.AddCommand(start, show, update, check, advance)
	cmd.AddCommand(cocreateListCmds(g)...)
	return cmd
}

// cocreateDo calls a co-create endpoint and shows the answer.
func (g *globals) cocreateDo(cmd *cobra.Command, ref, method, suffix string, body any, etagOf string) error {
	var c httpapi.CoCreateBody
	if g.ofRequest {
		if err := g.requestCall(cmd.Context(), ref, method, "/cocreate"+suffix, body, &c, etagOf); err != nil {
			return err
		}
	} else if err := g.toolCall(cmd.Context(), ref, method, "/cocreate"+suffix, body, &c, etagOf); err != nil {
		return err
	}
	return g.render(g.env.Stdout, c, func() error { return showCoCreate(g, c) })
}

func showCoCreate(g *globals, c httpapi.CoCreateBody) error {
	w := g.env.Stdout
	pct := "n/a"
	if c.PercentInProduct != nil {
		pct = fmt.Sprintf("%.0f%%", *c.PercentInProduct)
	}
	fmt.Fprintf(w, "Loop: %s   functionality in the product: %s   integration epic: %s\n", c.Loop, pct, c.IntegrationEpicURL)
	for _, f := range c.Functionalities {
		fmt.Fprintf(w, "  functionality %d  %-11s  %s  %s\n", f.ID, f.Status, f.Title, f.EpicURL)
	}
	if c.Handover.EpicURL != "" {
		fmt.Fprintf(w, "Handover epic: %s (%s; PM %s, EM %s)\n", c.Handover.EpicURL, c.Handover.ProductGroup,
			c.Handover.ProductManager, c.Handover.EngineeringMgr)
	}
	for _, p := range c.Roadmap.Phases {
		state := "open"
		if p.DoneAt != nil {
			state = "done"
		}
		fmt.Fprintf(w, "  roadmap phase %d  %-4s  %s (complete when: %s)\n", p.ID, state, p.Title, p.CompleteWhen)
	}
	for _, is := range c.Roadmap.Issues {
		fmt.Fprintf(w, "  sunsetting issue %d  %-6s  %s\n", is.ID, is.State, is.Requirement)
	}
	if len(c.MissingToAdvance) > 0 {
		fmt.Fprintln(w, "Missing to advance:")
		for _, m := range c.MissingToAdvance {
			fmt.Fprintf(w, "  - %s: %s\n", m.Field, m.Message)
		}
	}
	for _, warn := range c.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	return nil
}
