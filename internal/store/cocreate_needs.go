package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"gitlab.com/prodseceng/interlock/internal/cocreate"
	"gitlab.com/prodseceng/interlock/internal/core"
	"gitlab.com/prodseceng/interlock/internal/intake"
)

// CoCreatesOfNeeds lists the co-creates of requests by id, with their
// requests (two queries); vis keeps those of the requests a reader may see.
func (q queries) CoCreatesOfNeeds(ctx context.Context, vis *intake.Visibility, afterID int64, limit int) ([]cocreate.Need, error) {
	args := []any{afterID}
	cond := "request_id IS NOT NULL AND id > $1"
	if vis != nil {
		args = append(args, vis.Requester)
		who := "r.requester = $" + strconv.Itoa(len(args))
		for _, t := range vis.Teams {
			args = append(args, strings.ToLower(t))
			who += " OR LOWER(r.requesting_team) = $" + strconv.Itoa(len(args))
		}
		cond += " AND EXISTS (SELECT 1 FROM requests r WHERE r.id = cocreates.request_id AND (" + who + "))"
	}
	args = append(args, limit)
	cs, err := all(ctx, q.q, "co-creates", `SELECT id, doc, version FROM cocreates WHERE `+cond+
		` ORDER BY id LIMIT $`+strconv.Itoa(len(args)), args, scanCoCreate)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	ph, ids := make([]string, len(cs)), make([]any, len(cs))
	for i, c := range cs {
		ph[i], ids[i] = "$"+strconv.Itoa(i+1), *c.RequestID
	}
	reqs, err := all(ctx, q.q, "requests", `SELECT `+requestColumns+` FROM requests WHERE id IN (`+strings.Join(ph, ", ")+`)`, ids, scanRequest)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]intake.Request, len(reqs))
	for _, r := range reqs {
		byID[r.ID] = r
	}
	out := make([]cocreate.Need, len(cs))
	for i, c := range cs {
		out[i] = cocreate.Need{CoCreate: c, Request: byID[*c.RequestID]}
	}
	return out, nil
}

func scanCoCreate(row scanner) (cocreate.CoCreate, error) {
	var c cocreate.CoCreate
	var raw string
	var id int64
	var version int
	if err := row.Scan(&id, &raw, &version); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return c, core.Wrap(err, "decode a co-create")
	}
	c.ID, c.Version = id, version
	return c, nil
}
