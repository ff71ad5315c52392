package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// What the copier (bulk_copy.go) needs to know of the schema and of each
// statement, to write waiting rows before a statement that could see or
// depend on them, and parents before children.

// foreignKeys is the schema's foreign keys between tables.
type foreignKeys struct {
	// joined lists, for each table, the tables a foreign key joins it to,
	// either way.
	joined map[string][]string
	// rank orders tables parents first: a table's rank is above the rank
	// of every table it references (other than itself).
	rank map[string]int
}

// readForeignKeys reads the foreign keys of the tables in the current
// schema.
func readForeignKeys(ctx context.Context, t *Tx) (foreignKeys, error) {
	k := foreignKeys{joined: map[string][]string{}, rank: map[string]int{}}
	parents := map[string][]string{}
	err := eachRow(ctx, t, "foreign keys", `SELECT c.relname, p.relname FROM pg_constraint f
		JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class p ON p.oid = f.confrelid
		WHERE f.contype = 'f' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1, 2`, nil, func(s scanner) error {
		var child, parent string
		if err := s.Scan(&child, &parent); err != nil {
			return err
		}
		if child != parent {
			parents[child] = append(parents[child], parent)
			k.joined[child] = append(k.joined[child], parent)
			k.joined[parent] = append(k.joined[parent], child)
		}
		return nil
	})
	if err != nil {
		return k, fmt.Errorf("bulk: %w", err)
	}
	// A table's rank is one more than its highest-ranked parent; the
	// schema's keys have no cycles between tables (a table created later
	// references only tables created before it), but a cycle would only
	// leave its tables unordered, never loop.
	var visit func(table string, depth int) int
	visit = func(table string, depth int) int {
		if r, ok := k.rank[table]; ok || depth > len(parents) {
			return r
		}
		r := 0
		for _, p := range parents[table] {
			r = max(r, visit(p, depth+1)+1)
		}
		k.rank[table] = r
		return r
	}
	for table := range parents {
		visit(table, 0)
	}
	return k, nil
}

// copyStatement is what a statement names, and whether it writes.
type copyStatement struct {
	names map[string]bool // every identifier (and keyword) in it, lower case
	write bool            // anything but a SELECT
}

// namesAny reports whether the statement names any of tables.
func (s copyStatement) namesAny(tables []string) bool {
	return slices.ContainsFunc(tables, func(t string) bool { return s.names[t] })
}

// maxSeenStatements bounds the statements the copier remembers: a
// statement built per call (an IN list) is read again each time.
const maxSeenStatements = 1000

// statement reads what q names, once per statement text.
func (c *copier) statement(q string) copyStatement {
	if st, ok := c.seen[q]; ok {
		return st
	}
	st := copyStatement{names: map[string]bool{}}
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
	})
	for _, w := range words {
		st.names[w] = true
	}
	st.write = len(words) == 0 || words[0] != "select"
	if len(c.seen) < maxSeenStatements {
		c.seen[q] = st
	}
	return st
}
