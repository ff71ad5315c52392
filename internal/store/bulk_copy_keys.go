package store

import (
	"context"
	"fmt"
	"slices"
)

// What the copier (bulk_copy.go) needs to know of the schema and of each
// statement, to write waiting rows before a statement that could see or
// depend on them, and parents before children.

// foreignKeys is the schema's foreign keys between tables.
type foreignKeys struct {
	// parents and children list, for each table, the tables it
	// references and the tables that reference it.
	parents, children map[string][]string
	// rank orders tables parents first: a table's rank is above the rank
	// of every table it references (other than itself).
	rank map[string]int
}

// readForeignKeys reads the foreign keys of the tables in the current
// schema.
func readForeignKeys(ctx context.Context, t *Tx) (foreignKeys, error) {
	k := foreignKeys{parents: map[string][]string{}, children: map[string][]string{}, rank: map[string]int{}}
	err := eachRow(ctx, t, "foreign keys", `SELECT c.relname, p.relname FROM pg_constraint f
		JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class p ON p.oid = f.confrelid
		WHERE f.contype = 'f' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1, 2`, nil, func(s scanner) error {
		var child, parent string
		if err := s.Scan(&child, &parent); err != nil {
			return err
		}
		if child != parent {
			k.parents[child] = append(k.parents[child], parent)
			k.children[parent] = append(k.children[parent], child)
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
		if r, ok := k.rank[table]; ok || depth > len(k.parents) {
			return r
		}
		r := 0
		for _, p := range k.parents[table] {
			r = max(r, visit(p, depth+1)+1)
		}
		k.rank[table] = r
		return r
	}
	for table := range k.parents {
		visit(table, 0)
	}
	return k, nil
}

// copyStatement is what a statement names, and what it does.
type copyStatement struct {
	names map[string]bool // every identifier (and keyword) in it, lower case
	write bool            // anything but a SELECT
	// insert is an INSERT, update an UPDATE; setsKey is an UPDATE that
	// sets an id, the column every foreign key references.
	insert, update, setsKey bool
}

// dependsOn reports whether the statement could see or depend on the
// waiting rows of table: it names the table; or it writes a table whose
// rows may reference them (an INSERT or UPDATE of a child); or it may
// change a row they reference (a DELETE, or an UPDATE of an id, of a
// parent).
func (s copyStatement) dependsOn(table string, k foreignKeys) bool {
	switch {
	case s.names[table]:
		return true
	case !s.write:
		return false
	case s.insert:
		return s.namesAny(k.children[table])
	case s.update && !s.setsKey:
		return s.namesAny(k.children[table])
	default:
		return s.namesAny(k.children[table]) || s.namesAny(k.parents[table])
	}
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
	words := statementWords(q)
	for _, w := range words {
		st.names[w] = true
	}
	st.write = len(words) == 0 || words[0] != "select"
	if len(words) > 0 {
		st.insert = words[0] == "insert" && !words.has("conflict")
		st.update = words[0] == "update"
	}
	if st.update {
		set := slices.Index(words, "set")
		where := slices.Index(words, "where")
		if where < 0 {
			where = len(words)
		}
		st.setsKey = set < 0 || set > where || words[set:where].has("id")
	}
	if len(c.seen) < maxSeenStatements {
		c.seen[q] = st
	}
	return st
}
