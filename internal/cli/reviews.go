package cli

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func reviewCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "review", Short: "Inventory reviews and zombie tools"}
	list := func(use, short, path string) *cobra.Command {
		return &cobra.Command{Use: use, Short: short, Args: exactArgs(0),
			RunE: func(cmd *cobra.Command, _ []string) error {
				c, err := g.client()
				if err != nil {
					return err
				}
				var l struct {
					Items []httpapi.DueBody `json:"items"`
				}
				if _, err := c.Get(cmd.Context(), path, nil, &l); err != nil {
					return err
				}
				return g.render(g.env.Stdout, l, func() error {
					rows := [][]string{}
					for _, d := range l.Items {
						rows = append(rows, []string{strconv.FormatInt(d.ToolID, 10), d.Name, d.Criticality,
							d.DueAt.Format(time.DateOnly), strconv.FormatBool(d.Overdue), strings.Join(d.ZombieReasons, "; ")})
					}
					return table(g.env.Stdout, []string{"ID", "TOOL", "CRITICALITY", "DUE", "OVERDUE", "ZOMBIE"}, rows)
				})
			}}
	}
	var in httpapi.ReviewIn
	record := &cobra.Command{Use: "record <tool> --outcome keep|change_category|change_criticality|sunset|redirect",
		Short: "Record a review and apply its outcome (manager)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var out struct {
				Review httpapi.ReviewBody `json:"review"`
				Tool   httpapi.ToolBody   `json:"tool"`
			}
			if err := g.toolCall(cmd.Context(), args[0], http.MethodPost, "/reviews", in, &out, ""); err != nil {
				return err
			}
			return g.render(g.env.Stdout, out, func() error { return showTool(g, out.Tool) })
		}}
	f := record.Flags()
	f.BoolVar(&in.StakeholdersUseIt, "still-used", true, "the stakeholders still use the tool")
	f.BoolVar(&in.MovedToOther, "moved", false, "they moved to another solution")
	f.StringVar(&in.MovedTo, "moved-to", "", "which solution")
	f.StringVar(&in.Outcome, "outcome", "keep", "keep, change_category, change_criticality, sunset or redirect")
	f.StringVar(&in.NewCategory, "category", "", "the new category (change_category)")
	f.StringVar(&in.NewCriticality, "criticality", "", "the new criticality (change_criticality)")
	f.StringVar(&in.Notes, "notes", "", "notes; the reason for a sunset")
	f.StringVar(&in.OwnerReverifiedBy, "owner-reverified-by", "", "who of the owner team re-verified a zombie tool (required for zombies)")
	cmd.AddCommand(list("due", "Tools due or overdue for review", "/api/v1/reviews/due"),
		list("zombies", "Tools that look like zombies, and why", "/api/v1/reviews/zombies"), record)
	return cmd
}
