package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

func loginCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "login",
		Short: "Check a server URL and token and save them in the config file",
		Long:  "Checks --url and --token (or INTERLOCK_URL and INTERLOCK_TOKEN) against the server and saves them, readable only by you.",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			me, err := c.Me(cmd.Context())
			if err != nil {
				return err
			}
			path := g.configFile()
			if path == "" {
				return fmt.Errorf("no place for a config file: set --config or HOME")
			}
			b, _ := yaml.Marshal(fileConfig{URL: c.BaseURL, Token: c.Token})
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return err
			}
			if err := os.WriteFile(path, b, 0o600); err != nil {
				return err
			}
			fmt.Fprintf(g.env.Stdout, "logged in to %s as %s (%s); saved in %s\n", c.BaseURL, me.Username, me.Role, path)
			return nil
		},
	}
}
