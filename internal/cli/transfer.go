package cli

import (
	"fmt"
	"net/http"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/sunset"
)

func activitiesOf(kind string) []sunset.Activity { return sunset.Activities(sunset.Kind(kind)) }

func transferCmd(g *globals) *cobra.Command {
	var to, note string
	var docs bool
	cmd := &cobra.Command{
		Use: "transfer <tool> --to TEAM", Short: "Hand a tool to another owner team (manager); its stage becomes transferred",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var out struct {
				Transfer sunset.Transfer `json:"transfer"`
			}
			if err := g.toolCall(cmd.Context(), args[0], http.MethodPost, "/transfer",
				map[string]any{"new_owner_team": to, "note": note, "documentation_updated": docs}, &out, ""); err != nil {
				return err
			}
			return g.render(g.env.Stdout, out, func() error {
				_, err := fmt.Fprintf(g.env.Stdout, "transferred from %s to %s on %s\n", out.Transfer.FromTeam,
					out.Transfer.ToTeam, out.Transfer.At.Format("2006-01-02"))
				return err
			})
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the new owner team")
	cmd.Flags().StringVar(&note, "note", "", "why, and what was agreed")
	cmd.Flags().BoolVar(&docs, "documentation-updated", false, "README and documentation updated for the new owner (required)")
	return cmd
}
