package cli

import (
	"net/http"

	"github.com/spf13/cobra"
)

// requestReassessCmd takes a net-new request back to step 2 (a manager):
// to decide otherwise than step 2 chose, or when a waiting or deferred
// request is due or the roadmap changed.
func requestReassessCmd(g *globals) *cobra.Command {
	var reason string
	var roadmap bool
	cmd := &cobra.Command{Use: "reassess <id> --reason TEXT [--roadmap-change]", Short: "Redo step 2 of a net-new request (history kept)",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			body := map[string]any{"reason": reason}
			if roadmap {
				body["roadmap_change"] = true
			}
			return g.requestDo(cmd, http.MethodPost, "/api/v1/requests/"+args[0]+"/reassess", body, false)
		}}
	cmd.Flags().StringVar(&reason, "reason", "", "why step 2 is redone")
	cmd.Flags().BoolVar(&roadmap, "roadmap-change", false, "the product roadmap changed (before the revisit date)")
	return cmd
}

// decisionRuleFlags are the decision fields issue 14's rules require.
type decisionRuleFlags struct {
	impact, milestone, milestoneDue, product, engineering string
	workItems                                             []string
	docsUpdated                                           bool
}

func (f *decisionRuleFlags) bind(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.impact, "impact", "", "reprioritise: the impact on other commitments")
	fl.StringSliceVar(&f.workItems, "work-item", nil, "build_internal: a work item the work is scoped into (repeat)")
	fl.StringVar(&f.milestone, "target-milestone", "", "build_internal: the upcoming milestone the work is planned for")
	fl.StringVar(&f.milestoneDue, "target-milestone-due", "", "build_internal: its due date, YYYY-MM-DD (in the future)")
	fl.BoolVar(&f.docsUpdated, "documentation-updated", false, "handover: README and documentation updated for the new owner")
	fl.StringVar(&f.product, "product", "", "build_in_product: who agreed for Product")
	fl.StringVar(&f.engineering, "engineering", "", "build_in_product: who agreed for Engineering")
}

func (f *decisionRuleFlags) add(body map[string]any) {
	for k, v := range map[string]string{"impact": f.impact, "product": f.product, "engineering": f.engineering} {
		if v != "" {
			body[k] = v
		}
	}
	if len(f.workItems) > 0 {
		body["work_items"] = f.workItems
	}
	if f.milestone != "" || f.milestoneDue != "" {
		body["target_milestone"] = map[string]any{"title": f.milestone, "due_on": f.milestoneDue}
	}
	if f.docsUpdated {
		body["documentation_updated"] = true
	}
}
