package store

import (
	"context"
	"encoding/json"
	"strconv"

	"gitlab.com/prodseceng/interlock/internal/core"
)

// updateDoc stores a JSON document row of table if its version is still
// version, setting the extra columns too; what names it in errors.
func (q queries) updateDoc(ctx context.Context, table string, id int64, version int, doc any, set string, args ...any) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return core.Wrap(err, "encode "+table)
	}
	n := len(args)
	all := append(args, string(raw), id, version)
	query := `UPDATE ` + table + ` SET ` + set + `, doc = $` + strconv.Itoa(n+1) + `, version = version + 1 WHERE id = $` +
		strconv.Itoa(n+2) + ` AND version = $` + strconv.Itoa(n+3)
	res, err := q.q.ExecContext(ctx, query, all...)
	if err != nil {
		return translate(err, "update "+table)
	}
	if rows, _ := res.RowsAffected(); rows == 0 {
		return core.Errorf(core.PreconditionFailed, "it was changed by someone else; read it again and retry")
	}
	return nil
}
