package cli

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func sunsetCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "sunset", Short: "Transition & sunset: migrate users, decommission, learn"}
	var reason, file, note, on, lessons string
	var internal, product int64
	var undo bool
	var confirm httpapi.DecommissionIn
	start := &cobra.Command{Use: "start <tool>", Short: "Decide a direct sunset (manager)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.sunsetDo(cmd, args[0], http.MethodPost, "", map[string]any{"kind": "direct", "reason": reason}, "")
		}}
	start.Flags().StringVar(&reason, "reason", "", "why: superseded, the need changed, or unused")
	show := &cobra.Command{Use: "show <tool>", Short: "Show a tool's sunset plan", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.sunsetDo(cmd, args[0], http.MethodGet, "", nil, "")
		}}
	update := &cobra.Command{Use: "update <tool> --file plan.yaml",
		Short: "Fill in migration, parity gaps, alternatives, rollback plan, lessons learned from a YAML/JSON document", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := g.readDoc(file)
			if err != nil {
				return err
			}
			return g.sunsetDo(cmd, args[0], http.MethodPatch, "", doc, "/sunset")
		}}
	update.Flags().StringVarP(&file, "file", "f", "-", "the document (- for standard input)")
	check := &cobra.Command{Use: "check <tool> <activity>", Short: "Tick an activity of the checklist", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := map[string]any{"checks": map[string]any{args[1]: map[string]any{"done": !undo, "note": note}}}
			return g.sunsetDo(cmd, args[0], http.MethodPatch, "", body, "/sunset")
		}}
	check.Flags().StringVar(&note, "note", "", "a note")
	check.Flags().BoolVar(&undo, "undo", false, "untick it")
	adoption := &cobra.Command{Use: "adoption <tool>", Short: "Record usage: the internal tool against the product feature", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := map[string]any{"internal_uses": internal, "product_uses": product}
			return g.sunsetDo(cmd, args[0], http.MethodPost, "/adoption", body, "")
		}}
	adoption.Flags().Int64Var(&internal, "internal", 0, "uses of the internal tool")
	adoption.Flags().Int64Var(&product, "product", 0, "uses of the product feature")
	announce := &cobra.Command{Use: "announce <tool> --on YYYY-MM-DD", Short: "Announce the decommission date to stakeholders", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.sunsetDo(cmd, args[0], http.MethodPost, "/announce", map[string]any{"decommission_on": on}, "/sunset")
		}}
	announce.Flags().StringVar(&on, "on", "", "the decommission date")
	decommission := &cobra.Command{Use: "decommission <tool>", Short: "Shut the tool down; its stage becomes retired", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.sunsetDo(cmd, args[0], http.MethodPost, "/decommission", confirm, "/sunset")
		}}
	decommission.Flags().BoolVar(&confirm.InfrastructureShutDown, "infrastructure-shut-down", false, "the infrastructure is shut down")
	decommission.Flags().BoolVar(&confirm.RepositoriesArchived, "repositories-archived", false, "the repositories are archived")
	decommission.Flags().BoolVar(&confirm.DocumentationUpdated, "documentation-updated", false, "the documentation is updated")
	closeCmd := &cobra.Command{Use: "close <tool> --lessons TEXT", Short: "Close a decommissioned plan with lessons learned", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.sunsetDo(cmd, args[0], http.MethodPost, "/close", map[string]any{"lessons_learned": lessons}, "/sunset")
		}}
	closeCmd.Flags().StringVar(&lessons, "lessons", "", "lessons learned")
	cmd.AddCommand(start, show, update, check, adoption, announce, decommission, closeCmd, sunsetRollbackCmd(g))
	return cmd
}

// sunsetDo calls a sunset endpoint and shows the plan it answers.
func (g *globals) sunsetDo(cmd *cobra.Command, ref, method, suffix string, body any, etagOf string) error {
	var p httpapi.SunsetBody
	if err := g.toolCall(cmd.Context(), ref, method, "/sunset"+suffix, body, &p, etagOf); err != nil {
		return err
	}
	return g.render(g.env.Stdout, p, func() error { return showSunset(g, p) })
}

func showSunset(g *globals, p httpapi.SunsetBody) error {
	w := g.env.Stdout
	fmt.Fprintf(w, "Sunset plan %d (%s): %s\n", p.ID, p.Kind, p.State)
	if p.Notice.DecommissionOn != "" {
		fmt.Fprintf(w, "Decommission on %s (announced by %s)\n", p.Notice.DecommissionOn, p.Notice.AnnouncedBy)
	}
	for _, a := range activitiesOf(string(p.Kind)) {
		c := p.Checklist[a]
		mark := "[ ]"
		if c.Done {
			mark = "[x]"
		}
		fmt.Fprintf(w, "  %s %s %s\n", mark, a, c.By)
	}
	if p.ProductShare != nil {
		fmt.Fprintf(w, "Adoption: product feature has %.0f%% of usage; migration done: %t %s\n",
			*p.ProductShare*100, p.MigrationDone, p.MigrationNote)
	}
	if len(p.Alternatives) > 0 {
		fmt.Fprintf(w, "Alternatives: %s\n", strings.Join(p.Alternatives, "; "))
	}
	return nil
}
