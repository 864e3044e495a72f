package cli

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"gitlab.com/prodseceng/interlock/internal/app"
	"gitlab.com/prodseceng/interlock/internal/web"
)

// webFlags are serve's flags for the web UI: where people reach it and how
// they sign in through GitLab.
type webFlags struct {
	publicURL, issuer, clientID, groupRoles string
}

func (f *webFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.publicURL, "public-url", "", "URL people reach interlock at, e.g. https://interlock.example.com; https makes the session cookie Secure (env INTERLOCK_PUBLIC_URL)")
	fl.StringVar(&f.issuer, "oidc-issuer", "", "GitLab as OpenID Connect provider, e.g. https://gitlab.example.com (env INTERLOCK_OIDC_ISSUER)")
	fl.StringVar(&f.clientID, "oidc-client-id", "", "the GitLab application's id (env INTERLOCK_OIDC_CLIENT_ID; its secret only from INTERLOCK_OIDC_CLIENT_SECRET)")
	fl.StringVar(&f.groupRoles, "oidc-group-roles", "", "GitLab groups to roles, e.g. gitlab-org/prodsec=engineer,gitlab-org/prodsec/managers=manager (env INTERLOCK_OIDC_GROUP_ROLES)")
}

// config reads the flags, then the environment. The client secret is never
// a flag, so that it does not show in the process list.
func (f *webFlags) config(cmd *cobra.Command, g *globals) (app.WebConfig, error) {
	c := app.WebConfig{PublicURL: strings.TrimRight(flagOrEnv(cmd, "public-url", f.publicURL, g.env.Getenv("INTERLOCK_PUBLIC_URL")), "/")}
	c.OIDC = web.OIDCConfig{
		Issuer:       strings.TrimRight(flagOrEnv(cmd, "oidc-issuer", f.issuer, g.env.Getenv("INTERLOCK_OIDC_ISSUER")), "/"),
		ClientID:     strings.TrimSpace(flagOrEnv(cmd, "oidc-client-id", f.clientID, g.env.Getenv("INTERLOCK_OIDC_CLIENT_ID"))),
		ClientSecret: strings.TrimSpace(g.env.Getenv("INTERLOCK_OIDC_CLIENT_SECRET")),
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return c, usageError{fmt.Errorf("--public-url must be an absolute http(s) URL, not %q", c.PublicURL)}
		}
	}
	roles, err := web.ParseGroupRoles(flagOrEnv(cmd, "oidc-group-roles", f.groupRoles, g.env.Getenv("INTERLOCK_OIDC_GROUP_ROLES")))
	if err != nil {
		return c, usageError{fmt.Errorf("--oidc-group-roles: %w", err)}
	}
	c.OIDC.GroupRoles = roles
	set := 0
	for _, v := range []string{c.OIDC.Issuer, c.OIDC.ClientID, c.OIDC.ClientSecret} {
		if v != "" {
			set++
		}
	}
	switch {
	case set > 0 && set < 3:
		return c, usageError{fmt.Errorf("sign-in through GitLab needs INTERLOCK_OIDC_ISSUER, INTERLOCK_OIDC_CLIENT_ID and INTERLOCK_OIDC_CLIENT_SECRET together")}
	case set == 3 && c.PublicURL == "":
		return c, usageError{fmt.Errorf("sign-in through GitLab needs INTERLOCK_PUBLIC_URL: GitLab redirects back to <public URL>/auth/oidc/callback")}
	}
	return c, nil
}
