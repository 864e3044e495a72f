package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/client"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
	"gitlab.com/prodseceng/interlock/internal/store"
)

// devClockCmd moves the clock of a server started with `serve --demo`.
func devClockCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "clock", Short: "Show or move the clock of a server run with `serve --demo`"}
	call := func(cmd *cobra.Command, method string, body any) error {
		c, err := g.client()
		if err != nil {
			return err
		}
		var out httpapi.DevClockBody
		if _, err := c.Do(cmd.Context(), method, "/api/v1/dev/clock", nil, body, &out, ""); err != nil {
			var ce *client.Error
			if errors.As(err, &ce) && ce.Status == http.StatusNotFound {
				return fmt.Errorf("the server has no demo clock: start it with `interlock serve --demo`")
			}
			return err
		}
		return g.render(g.env.Stdout, out, func() error {
			_, err := fmt.Fprintf(g.env.Stdout, "The service's time: %s\n", out.Now.Format("Mon 2006-01-02 15:04 MST"))
			return err
		})
	}
	show := &cobra.Command{Use: "show", Short: "Print the service's time", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error { return call(cmd, http.MethodGet, nil) }}
	advance := &cobra.Command{Use: "advance <duration>", Short: "Move the clock forward, e.g. 30d, 36h or 90m", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if d, err := httpapi.ParseSpan(args[0]); err != nil || d <= 0 {
				return usageError{fmt.Errorf("the duration %q is not one interlock reads: write it as 30d, 36h or 90m", args[0])}
			}
			return call(cmd, http.MethodPost, map[string]string{"advance": args[0]})
		}}
	set := &cobra.Command{Use: "set <time>", Short: "Move the clock to an RFC 3339 time, e.g. 2027-01-04T09:00:00Z", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := time.Parse(time.RFC3339, args[0]); err != nil {
				return usageError{fmt.Errorf("the time %q is not RFC 3339, e.g. 2027-01-04T09:00:00Z", args[0])}
			}
			return call(cmd, http.MethodPost, map[string]string{"set": args[0]})
		}}
	cmd.AddCommand(show, advance, set)
	return cmd
}

// seededBefore refuses to seed a database that already holds tools, saying
// what it found (a second seed would clash with the first one's names).
func seededBefore(ctx context.Context, d *store.DB, path string) error {
	counts, err := d.InventoryCounts(ctx)
	if err != nil {
		return err
	}
	n := 0
	for _, c := range counts["stage"] {
		n += c
	}
	if n > 0 {
		return fmt.Errorf("%s already holds %s, from an earlier seed or real use; seed a new file (e.g. --db seed-2.db)", path, core.Count(n, "tool", "tools"))
	}
	return nil
}
