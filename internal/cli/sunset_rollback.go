package cli

import (
	"net/http"

	"github.com/spf13/cobra"
)

// sunsetRollbackCmd calls off an open sunset plan (manager): the tool is
// operational again, in the category given.
func sunsetRollbackCmd(g *globals) *cobra.Command {
	var category, reason string
	cmd := &cobra.Command{Use: "rollback <tool> --category C --reason TEXT", Short: "Call a sunset off; the tool leaves category sunset",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.sunsetDo(cmd, args[0], http.MethodPost, "/rollback", map[string]any{"category": category, "reason": reason}, "/sunset")
		}}
	cmd.Flags().StringVar(&category, "category", "", "the category it goes back to")
	cmd.Flags().StringVar(&reason, "reason", "", "why the sunset is called off")
	return cmd
}
