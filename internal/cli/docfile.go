package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"
)

// readDoc reads a JSON or YAML document (a request body) from a file, or
// from standard input when path is "-".
func (g *globals) readDoc(path string) (map[string]any, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(g.env.Stdin)
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if json.Valid(b) {
		err = json.Unmarshal(b, &doc)
	} else {
		err = yaml.Unmarshal(b, &doc)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: not a JSON or YAML document: %w", path, err)
	}
	return doc, nil
}
