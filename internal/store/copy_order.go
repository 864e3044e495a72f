package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// parentsFirst orders the tables so that each comes after every table its
// foreign keys refer to (from pg_constraint), by name where free to choose.
func parentsFirst(ctx context.Context, pg pgQuerier, tables map[string]*copyTable) ([]copyTable, error) {
	rows, err := pg.Query(ctx, `SELECT c.relname, p.relname
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
		WHERE k.contype = 'f' AND k.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`)
	if err != nil {
		return nil, fmt.Errorf("read the target's foreign keys: %w", err)
	}
	parents := map[string][]string{}
	for rows.Next() {
		var child, parent string
		if err := rows.Scan(&child, &parent); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the target's foreign keys: %w", err)
		}
		if child != parent && tables[parent] != nil {
			parents[child] = append(parents[child], parent)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the target's foreign keys: %w", err)
	}
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	order, err := topoSort(names, parents)
	if err != nil {
		return nil, err
	}
	out := make([]copyTable, len(order))
	for i, name := range order {
		out[i] = *tables[name]
	}
	return out, nil
}

// topoSort orders names so that each follows its parents; among those
// ready at once, by name. A cycle is an error naming its tables.
func topoSort(names []string, parents map[string][]string) ([]string, error) {
	done := map[string]bool{}
	var order []string
	rest := slices.Sorted(slices.Values(names))
	for len(rest) > 0 {
		var next []string
		progressed := false
		for _, n := range rest {
			ready := true
			for _, p := range parents[n] {
				if !done[p] {
					ready = false
					break
				}
			}
			if ready {
				order = append(order, n)
				progressed = true
			} else {
				next = append(next, n)
			}
		}
		if !progressed {
			return nil, fmt.Errorf("the foreign keys of tables %s refer to each other in a cycle", strings.Join(rest, ", "))
		}
		for _, n := range order {
			done[n] = true
		}
		rest = next
	}
	return order, nil
}
