package httpapi

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

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
			return csv.NewWriter(w).WriteAll(DefuseCSV(b.CSVRows()))
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
	return csv.NewWriter(w).WriteAll(DefuseCSV([][]string{{"status", "title", "detail"}, {fmt.Sprint(status), title, detail}}))
}

// DefuseCSV keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell that starts with =, +, -, @, a tab or a carriage return
// gets a leading apostrophe, which spreadsheets show as text. rows is changed in place.
func DefuseCSV(rows [][]string) [][]string {
	for _, row := range rows {
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				row[i] = "'" + cell
			}
		}
	}
	return rows
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
