package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"gitlab.com/prodseceng/interlock/internal/client"
)

// fileConfig is the config file: where the server is and the token to use.
type fileConfig struct {
	URL   string `yaml:"url"`
	Token string `yaml:"token"`
}

// DefaultURL is where `interlock serve` listens by default.
const DefaultURL = "http://127.0.0.1:8080"

func (g *globals) configFile() string {
	if g.configPath != "" {
		return g.configPath
	}
	if p := g.env.Getenv("INTERLOCK_CONFIG"); p != "" {
		return p
	}
	dir := g.env.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home := g.env.Getenv("HOME")
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "interlock", "config.yaml")
}

func (g *globals) readConfig() (fileConfig, error) {
	var fc fileConfig
	path := g.configFile()
	if path == "" {
		return fc, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fc, nil
	}
	if err != nil {
		return fc, err
	}
	if err := yaml.Unmarshal(b, &fc); err != nil {
		return fc, fmt.Errorf("config file %s: %w", path, err)
	}
	return fc, nil
}

// client resolves the server and token — flags, then environment, then the
// config file — and returns a client of that server.
func (g *globals) client() (*client.Client, error) {
	fc, err := g.readConfig()
	if err != nil {
		return nil, err
	}
	url := first(g.url, g.env.Getenv("INTERLOCK_URL"), fc.URL, DefaultURL)
	token := first(g.token, g.env.Getenv("INTERLOCK_TOKEN"), fc.Token)
	if token == "" {
		return nil, errors.New("no token: pass --token, set INTERLOCK_TOKEN, or run `interlock login`")
	}
	return client.New(url, token), nil
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
