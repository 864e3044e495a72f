package cli

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

// outboxList is a page of the outbox as the API answers it.
type outboxList struct {
	Items      []httpapi.MessageBody `json:"items"`
	NextCursor string                `json:"next_cursor,omitempty"`
}

func outboxCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "outbox", Short: "Messages to be delivered and how each delivery stands (manager; retry: admin)"}
	cmd.AddCommand(outboxListCmd(g), outboxRetryCmd(g))
	return cmd
}

func outboxListCmd(g *globals) *cobra.Command {
	var pending, all bool
	var cursor string
	var limit int
	cmd := &cobra.Command{Use: "list [--pending]", Short: "List outbox messages with their deliveries, oldest first", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			q := url.Values{"limit": {strconv.Itoa(limit)}}
			if pending {
				q.Set("pending", "true")
			}
			if cursor != "" {
				q.Set("cursor", cursor)
			}
			var list outboxList
			for {
				var page outboxList
				if _, err := c.Get(cmd.Context(), "/api/v1/outbox", q, &page); err != nil {
					return err
				}
				list.Items, list.NextCursor = append(list.Items, page.Items...), page.NextCursor
				if !all || page.NextCursor == "" {
					break
				}
				q.Set("cursor", page.NextCursor)
			}
			if list.Items == nil {
				list.Items = []httpapi.MessageBody{}
			}
			return g.render(g.env.Stdout, list, func() error {
				var rows [][]string
				for _, m := range list.Items {
					if len(m.Deliveries) == 0 {
						state := "not expanded yet"
						if m.Expanded {
							state = "no recipients"
						}
						rows = append(rows, []string{strconv.FormatInt(m.ID, 10), m.Topic, m.Title, "", "", state, "", ""})
					}
					for _, d := range m.Deliveries {
						rows = append(rows, []string{strconv.FormatInt(m.ID, 10), m.Topic, m.Title, d.Channel, d.Address, d.State,
							strconv.Itoa(d.Attempts), oneLine(d.LastError)})
					}
				}
				if err := table(g.env.Stdout, []string{"ID", "TOPIC", "TITLE", "CHANNEL", "ADDRESS", "STATE", "ATTEMPTS", "LAST ERROR"}, rows); err != nil {
					return err
				}
				if list.NextCursor != "" {
					fmt.Fprintf(g.env.Stderr, "more: --cursor %s (or --all)\n", list.NextCursor)
				}
				return nil
			})
		}}
	fl := cmd.Flags()
	fl.BoolVar(&pending, "pending", false, "only messages not yet delivered on every channel")
	fl.StringVar(&cursor, "cursor", "", "continue after a previous page")
	fl.IntVar(&limit, "limit", 50, "messages per page")
	fl.BoolVar(&all, "all", false, "fetch every page")
	return cmd
}

func outboxRetryCmd(g *globals) *cobra.Command {
	return &cobra.Command{Use: "retry <message id>", Short: "Make a message's dead and failed deliveries due now (admin)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return usageError{fmt.Errorf("the message id must be a number, not %q", args[0])}
			}
			c, err := g.client()
			if err != nil {
				return err
			}
			var m httpapi.MessageBody
			if _, err := c.Do(cmd.Context(), http.MethodPost, "/api/v1/outbox/"+args[0]+"/retry", nil, nil, &m, ""); err != nil {
				return err
			}
			return g.render(g.env.Stdout, m, func() error {
				rows := make([][]string, len(m.Deliveries))
				for i, d := range m.Deliveries {
					next := ""
					if d.NextAttemptAt != nil {
						next = d.NextAttemptAt.UTC().Format("2006-01-02 15:04 MST")
					}
					rows[i] = []string{d.Channel, d.Address, d.State, strconv.Itoa(d.Attempts), next}
				}
				fmt.Fprintf(g.env.Stdout, "message %d (%s): deliveries due again\n", m.ID, m.Topic)
				return table(g.env.Stdout, []string{"CHANNEL", "ADDRESS", "STATE", "ATTEMPTS", "NEXT ATTEMPT"}, rows)
			})
		}}
}

// oneLine keeps the first line of an error for a table cell.
func oneLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
