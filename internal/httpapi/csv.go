package httpapi

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/danielgtaylor/huma/v2"
)

// csvTable is a response that can be laid out as a CSV table.
type csvTable interface {
	CSVRows() [][]string
}

// csvFormat answers Accept: text/csv with the table of bodies that have
// one; problem documents become a one-row table of status and detail.
var csvFormat = huma.Format{
	Marshal: func(w io.Writer, v any) error {
		switch b := v.(type) {
		case csvTable:
			return csv.NewWriter(w).WriteAll(b.CSVRows())
		case *Problem:
			return problemCSV(w, b.Status, b.Title, b.Detail)
		case *huma.ErrorModel:
			return problemCSV(w, b.Status, b.Title, b.Detail)
		}
		return fmt.Errorf("this answer (%T) is not available as CSV", v)
	},
	Unmarshal: json.Unmarshal,
}

func problemCSV(w io.Writer, status int, title, detail string) error {
	return csv.NewWriter(w).WriteAll([][]string{{"status", "title", "detail"}, {fmt.Sprint(status), title, detail}})
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
