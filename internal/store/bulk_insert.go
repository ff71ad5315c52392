package store

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// insertID runs q, an INSERT of one row ending RETURNING id, and gives the
// new row's id. In a bulk load on PostgreSQL the row waits for COPY
// instead, with the id its table's sequence would have given it
// (bulk_copy.go). q's values are placeholders or constants, so the same
// statement text describes the row either way.
func (t *Tx) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	if t.copying() {
		if ins := parseInsert(q); ins != nil && ins.returnsID && len(args) == ins.args {
			id, err := t.copies.nextID(ctx, ins.table)
			if err != nil {
				return 0, err
			}
			return id, t.copyRow(ctx, ins.table, ins.cols, ins.row(id, args))
		}
	}
	var id int64
	err := t.queryRow(ctx, q, args...).Scan(&id)
	return id, err
}

// insertRow runs q, an INSERT of one row, or in a bulk load on PostgreSQL
// queues the row for COPY.
func (t *Tx) insertRow(ctx context.Context, q string, args ...any) error {
	if t.copying() {
		if ins := parseInsert(q); ins != nil && !ins.returnsID && len(args) == ins.args {
			return t.copyRow(ctx, ins.table, ins.cols, ins.row(0, args))
		}
	}
	_, err := t.exec(ctx, q, args...)
	return err
}

// copyInsert is an INSERT of one row read for COPY: the table, its
// columns (id first when the row takes one) and where each value comes
// from.
type copyInsert struct {
	table     string
	cols      []string
	returnsID bool
	// values are, for each column after any id, the index of the
	// argument that gives it, or -1 for a constant in consts.
	values []int
	consts []any
	args   int
}

// row is the COPY row for args, with id first when the row takes one.
func (ins *copyInsert) row(id int64, args []any) []any {
	row := make([]any, 0, len(ins.cols))
	if ins.returnsID {
		row = append(row, id)
	}
	for i, a := range ins.values {
		if a < 0 {
			row = append(row, ins.consts[i])
		} else {
			row = append(row, args[a])
		}
	}
	return row
}

var (
	insertShape = regexp.MustCompile(`^\s*INSERT INTO (\w+)\s*\(([\w\s,]+)\)\s*VALUES\s*\(([^()]*)\)\s*(RETURNING id)?\s*$`)
	inserts     sync.Map // statement text → *copyInsert, or nil if it cannot be copied
)

// parseInsert reads q for COPY, or gives nil when its values are anything
// but placeholders, whole numbers, empty strings and NULL, or the placeholders
// do not match the arguments one for one.
func parseInsert(q string) *copyInsert {
	if v, ok := inserts.Load(q); ok {
		return v.(*copyInsert)
	}
	ins := readInsert(q)
	inserts.Store(q, ins)
	return ins
}

func readInsert(q string) *copyInsert {
	m := insertShape.FindStringSubmatch(q)
	if m == nil {
		return nil
	}
	ins := &copyInsert{table: m[1], returnsID: m[4] != ""}
	if ins.returnsID {
		ins.cols = append(ins.cols, "id")
	}
	for c := range strings.SplitSeq(m[2], ",") {
		ins.cols = append(ins.cols, strings.TrimSpace(c))
	}
	for v := range strings.SplitSeq(m[3], ",") {
		v = strings.TrimSpace(v)
		switch n, err := strconv.ParseInt(v, 10, 64); {
		case v == "?":
			ins.values, ins.consts = append(ins.values, ins.args), append(ins.consts, nil)
			ins.args++
		case err == nil:
			ins.values, ins.consts = append(ins.values, -1), append(ins.consts, n)
		case v == "''":
			ins.values, ins.consts = append(ins.values, -1), append(ins.consts, "")
		case v == "NULL":
			ins.values, ins.consts = append(ins.values, -1), append(ins.consts, nil)
		default:
			return nil
		}
	}
	if ins.returnsID && len(ins.cols) != len(ins.values)+1 || !ins.returnsID && len(ins.cols) != len(ins.values) {
		return nil
	}
	return ins
}
