package cli

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/httpapi"
)

func userCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Users and their roles (admins change them)"}
	cmd.AddCommand(
		&cobra.Command{
			Use: "list", Short: "List users", Args: exactArgs(0),
			RunE: func(cmd *cobra.Command, _ []string) error {
				c, err := g.client()
				if err != nil {
					return err
				}
				var l struct {
					Items []httpapi.UserBody `json:"items"`
				}
				if _, err := c.Get(cmd.Context(), "/api/v1/users", nil, &l); err != nil {
					return err
				}
				return g.render(g.env.Stdout, l, func() error {
					rows := make([][]string, len(l.Items))
					for i, u := range l.Items {
						rows[i] = []string{u.Username, u.Role, strconv.FormatBool(u.Disabled), u.CreatedBy, u.CreatedAt.Format(time.DateOnly)}
					}
					return table(g.env.Stdout, []string{"USERNAME", "ROLE", "DISABLED", "CREATED BY", "CREATED"}, rows)
				})
			},
		},
		&cobra.Command{
			Use: "create <username> <role>", Short: "Add a user (role: " + core.OneOf(core.Roles) + ")",
			Args: exactArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				c, err := g.client()
				if err != nil {
					return err
				}
				u, err := c.CreateUser(cmd.Context(), args[0], args[1])
				if err != nil {
					return err
				}
				return g.render(g.env.Stdout, u, func() error {
					_, err := fmt.Fprintf(g.env.Stdout, "user %s added as %s\n", u.Username, u.Role)
					return err
				})
			},
		},
		userPatchCmd(g, "set-role <username> <role>", "Change a user's role", 2,
			func(args []string) map[string]any { return map[string]any{"role": args[1]} }),
		userPatchCmd(g, "disable <username>", "Stop a user from signing in", 1,
			func([]string) map[string]any { return map[string]any{"disabled": true} }),
		userPatchCmd(g, "enable <username>", "Let a disabled user sign in again", 1,
			func([]string) map[string]any { return map[string]any{"disabled": false} }),
	)
	return cmd
}

func userPatchCmd(g *globals, use, short string, n int, body func([]string) map[string]any) *cobra.Command {
	return &cobra.Command{
		Use: use, Short: short, Args: exactArgs(n),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			var u httpapi.UserBody
			if _, err := c.Do(cmd.Context(), http.MethodPatch, "/api/v1/users/"+url.PathEscape(args[0]), nil, body(args), &u, ""); err != nil {
				return err
			}
			return g.render(g.env.Stdout, u, func() error {
				_, err := fmt.Fprintf(g.env.Stdout, "user %s: role %s, disabled %t\n", u.Username, u.Role, u.Disabled)
				return err
			})
		},
	}
}

func tokenCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "token", Short: "Bearer tokens (admins for anyone, users for themselves)"}
	var name string
	create := &cobra.Command{
		Use: "create <username>", Short: "Make a token; it is shown once", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			t, err := c.CreateToken(cmd.Context(), args[0], name)
			if err != nil {
				return err
			}
			return g.render(g.env.Stdout, t, func() error {
				_, err := fmt.Fprintf(g.env.Stdout, "token %d (%q) for %s, shown only now:\n%s\n", t.ID, t.Name, t.Username, t.Token)
				return err
			})
		},
	}
	create.Flags().StringVar(&name, "name", "", "what the token is for")
	list := &cobra.Command{
		Use: "list <username>", Short: "List a user's tokens (never their secrets)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			var l struct {
				Items []httpapi.TokenBody `json:"items"`
			}
			if _, err := c.Get(cmd.Context(), "/api/v1/users/"+url.PathEscape(args[0])+"/tokens", nil, &l); err != nil {
				return err
			}
			return g.render(g.env.Stdout, l, func() error {
				rows := make([][]string, len(l.Items))
				for i, t := range l.Items {
					state := "active"
					if t.RevokedAt != nil {
						state = "revoked " + t.RevokedAt.Format(time.DateOnly)
					}
					rows[i] = []string{strconv.FormatInt(t.ID, 10), t.Name, t.Prefix + "…", t.CreatedAt.Format(time.DateOnly), state}
				}
				return table(g.env.Stdout, []string{"ID", "NAME", "PREFIX", "CREATED", "STATE"}, rows)
			})
		},
	}
	revoke := &cobra.Command{
		Use: "revoke <username> <token-id>", Short: "Stop a token from working", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			var t httpapi.TokenBody
			path := "/api/v1/users/" + url.PathEscape(args[0]) + "/tokens/" + url.PathEscape(args[1])
			if _, err := c.Do(cmd.Context(), http.MethodDelete, path, nil, nil, &t, ""); err != nil {
				return err
			}
			return g.render(g.env.Stdout, t, func() error {
				_, err := fmt.Fprintf(g.env.Stdout, "token %d (%q) of %s revoked\n", t.ID, t.Name, t.Username)
				return err
			})
		},
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}
