package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestServeWebConfig(t *testing.T) {
	full := map[string]string{"INTERLOCK_PUBLIC_URL": "https://interlock.example.com/", "INTERLOCK_OIDC_ISSUER": "https://gitlab.example.com",
		"INTERLOCK_OIDC_CLIENT_ID": "app", "INTERLOCK_OIDC_CLIENT_SECRET": "s", "INTERLOCK_OIDC_GROUP_ROLES": "g/prodsec=engineer"}
	without := func(k string) map[string]string {
		m := map[string]string{}
		for kk, v := range full {
			if kk != k {
				m[kk] = v
			}
		}
		return m
	}
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{"nothing set: token sign-in only", map[string]string{}, ""},
		{"everything set", full, ""},
		{"a secret without an issuer", without("INTERLOCK_OIDC_ISSUER"), "together"},
		{"OIDC without a public URL", without("INTERLOCK_PUBLIC_URL"), "INTERLOCK_PUBLIC_URL"},
		{"a public URL that is not a URL", map[string]string{"INTERLOCK_PUBLIC_URL": "interlock.example.com"}, "absolute http(s) URL"},
		{"a bad group mapping", map[string]string{"INTERLOCK_OIDC_GROUP_ROLES": "g=boss"}, "oidc-group-roles"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var f webFlags
			cmd := &cobra.Command{}
			f.register(cmd)
			g := &globals{env: Env{Getenv: func(k string) string { return tc.env[k] }}}
			c, err := f.config(cmd, g)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if tc.env["INTERLOCK_OIDC_ISSUER"] != "" && (!c.OIDC.Enabled() || c.PublicURL != "https://interlock.example.com" ||
					c.OIDC.GroupRoles["g/prodsec"] != "engineer") {
					t.Errorf("config: %+v", c)
				}
				if strings.Contains(c.OIDC.String(), "s3cret") || strings.Contains(c.OIDC.String(), `"s"`) {
					t.Errorf("the secret shows: %s", c.OIDC)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want one naming %q", err, tc.wantErr)
			}
		})
	}
}
