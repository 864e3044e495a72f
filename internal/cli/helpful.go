package cli

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/client"
)

// suggestVerbs makes every group of verbs (tool, request, dev clock, ...)
// refuse an unknown verb with a suggestion, as cobra does only for the
// first word: `interlock tool shwo` says "did you mean show?".
func suggestVerbs(c *cobra.Command) {
	for _, sub := range c.Commands() {
		suggestVerbs(sub)
	}
	c.SuggestionsMinimumDistance = 2
	if c.HasParent() && c.HasSubCommands() && c.Run == nil && c.RunE == nil {
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			msg := fmt.Sprintf("%q is not a verb of `%s`", args[0], cmd.CommandPath())
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += "; did you mean " + strings.Join(s, " or ") + "?"
			}
			return usageError{errors.New(msg + " (see `" + cmd.CommandPath() + " --help`)")}
		}
	}
}

// versionCmd prints the build's version (as --version does).
func versionCmd(g *globals) *cobra.Command {
	return &cobra.Command{Use: "version", Short: "Print interlock's version", Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(g.env.Stdout, "interlock %s\n", Version)
			return err
		}}
}

// explain turns an error people cannot act on into one they can: a server
// that does not answer is named, with how to start one or point at another.
func explain(err error) error {
	if strings.HasPrefix(err.Error(), "unknown command") { // cobra's, for the first word
		return usageError{errors.New(strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "Did you mean this?", "did you mean")), " "))}
	}
	var ue *url.Error
	var op *net.OpError
	if errors.As(err, &ue) && errors.As(err, &op) {
		base := ue.URL
		if u, perr := url.Parse(ue.URL); perr == nil {
			base = u.Scheme + "://" + u.Host
		}
		return fmt.Errorf("cannot reach the interlock server at %s (%v): start one with `interlock serve`, "+
			"or set INTERLOCK_URL (or --url) to the server you use", base, op.Err)
	}
	return err
}

// columnsWriter is the standard output of a terminal COLUMNS wide: tables
// written to it are fitted to that width.
type columnsWriter struct {
	io.Writer
	cols int
}

// fitTo wraps w when COLUMNS gives a usable width.
func fitTo(w io.Writer, columns string) io.Writer {
	if n, err := strconv.Atoi(strings.TrimSpace(columns)); err == nil && n >= 20 {
		return columnsWriter{Writer: w, cols: n}
	}
	return w
}

// fit shortens the widest columns of a table, cutting cells with "…", until
// a row fits the writer's width (columns keep at least 6 characters).
func fit(w io.Writer, header []string, rows [][]string) ([]string, [][]string) {
	cw, ok := w.(columnsWriter)
	if !ok || len(header) == 0 {
		return header, rows
	}
	widths := make([]int, len(header))
	measure := func(r []string) {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], len([]rune(c)))
			}
		}
	}
	measure(header)
	for _, r := range rows {
		measure(r)
	}
	total := func() int {
		n := 2 * (len(widths) - 1)
		for _, x := range widths {
			n += x
		}
		return n
	}
	for total() > cw.cols {
		widest := 0
		for i := range widths {
			if widths[i] > widths[widest] {
				widest = i
			}
		}
		if widths[widest] <= 6 {
			break
		}
		widths[widest]--
	}
	cut := func(r []string) []string {
		out := make([]string, len(r))
		for i, c := range r {
			out[i] = c
			if rs := []rune(c); i < len(widths) && len(rs) > widths[i] {
				out[i] = string(rs[:widths[i]-1]) + "…"
			}
		}
		return out
	}
	fitted := make([][]string, len(rows))
	for i, r := range rows {
		fitted[i] = cut(r)
	}
	return cut(header), fitted
}

// nameFlags rewrites the fields an API problem names (body.documentation_updated)
// as the flags of the command that sent it (--documentation-updated), where
// the command has such a flag, so that people read what they typed.
func nameFlags(cmd *cobra.Command, err error) {
	var ce *client.Error
	if cmd == nil || !errors.As(err, &ce) {
		return
	}
	for _, d := range ce.Problem.Errors {
		field := d.Location
		for _, p := range []string{"body.", "query.", "path."} {
			field = strings.TrimPrefix(field, p)
		}
		name := strings.ReplaceAll(field, "_", "-")
		if f := cmd.Flags().Lookup(name); f != nil {
			d.Location = "--" + f.Name
		}
	}
}
