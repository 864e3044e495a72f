package cli

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/inventory"
)

var requestSteps = []string{"understanding", "path-forward", "plan", "maintainability", "path-to-product"}

func requestStepCmd(g *globals) *cobra.Command {
	var file, outcome, basis, category, inputs, criticality, epic, milestone string
	var met []string
	cmd := &cobra.Command{Use: "step <id> understanding|path-forward|plan|maintainability|path-to-product",
		Short: "Complete a step: fields from flags, or the whole body from a YAML/JSON file", Args: exactArgs(2),
		Example: "  interlock request step 4 path-forward --outcome build_internal --path-forward improve_then_integrate --basis \"...\"\n" +
			"  interlock request step 4 plan --file plan.yaml   # criticality, design_decisions: [{title, context, decision}]\n" +
			"  interlock request step 7 maintainability --criticality high --met owner-and-readme,tests-in-ci",
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(requestSteps, args[1]) {
				return usageError{fmt.Errorf("the step must be %s, not %q", core.OneOf(requestSteps), args[1])}
			}
			body := map[string]any{}
			if file != "" {
				doc, err := g.readDoc(file)
				if err != nil {
					return err
				}
				body = doc
			}
			fl := cmd.Flags()
			for name, key := range map[string]string{"outcome": "outcome", "basis": "basis", "path-forward": "path_forward",
				"cocreate-inputs": "cocreate_inputs", "criticality": "criticality", "epic": "epic_url", "milestone": "milestone"} {
				if fl.Changed(name) {
					v, _ := fl.GetString(name)
					body[key] = v
				}
			}
			if fl.Changed("met") {
				body["met"] = met
			}
			return g.requestDo(cmd, http.MethodPut, "/api/v1/requests/"+args[0]+"/"+args[1], body, false)
		}}
	f := cmd.Flags()
	f.StringVarP(&file, "file", "f", "", "the step's body as YAML or JSON")
	f.StringVar(&outcome, "outcome", "", "path-forward: build_in_product, build_internal, wait_for_product, redirect_existing, defer_capacity or self_serve")
	f.StringVar(&basis, "basis", "", "path-forward: why")
	f.StringVar(&category, "path-forward", "", "the path-forward category: "+core.OneOf(inventory.Categories))
	f.StringVar(&inputs, "cocreate-inputs", "", "what co-create should know")
	f.StringVar(&criticality, "criticality", "", "plan, maintainability: "+core.OneOf(inventory.Criticalities))
	f.StringSliceVar(&met, "met", nil, "maintainability: rubric criteria the tool meets")
	f.StringVar(&epic, "epic", "", "the epic URL (integrate)")
	f.StringVar(&milestone, "milestone", "", "the milestone (integrate)")
	return cmd
}

func requestDecideCmd(g *globals) *cobra.Command {
	var decision, basis, conditions, revisit string
	var items []string
	var rf decisionRuleFlags
	cmd := &cobra.Command{Use: "decide <id> --basis TEXT [--decision D]", Short: "Record the decision (step 4)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := map[string]any{"basis": basis}
			rf.add(body)
			for k, v := range map[string]string{"decision": decision, "conditions": conditions, "revisit_on": revisit} {
				if v != "" {
					body[k] = v
				}
			}
			if len(items) > 0 {
				body["improvement_items"] = items
			}
			return g.requestDo(cmd, http.MethodPost, "/api/v1/requests/"+args[0]+"/decision", body, true)
		}}
	f := cmd.Flags()
	f.StringVar(&decision, "decision", "", "the decision (net-new: defaults to the path forward)")
	f.StringVar(&basis, "basis", "", "why")
	f.StringVar(&conditions, "conditions", "", "conditions, or the documented impact")
	f.StringVar(&revisit, "revisit-on", "", "YYYY-MM-DD (wait_for_product, defer_capacity)")
	f.StringSliceVar(&items, "improvement", nil, "improvement plan items (accept_with_improvement_plan)")
	rf.bind(cmd)
	return cmd
}
