// Package csvsafe writes CSV downloads that a spreadsheet opens as data,
// never as formulas. Every CSV this system produces goes through it: a text
// cell beginning with =, +, -, @, tab or carriage return is prefixed with a
// single quote (OWASP's rule against CSV injection), so a service named
// =HYPERLINK(...) reads as its name. Numbers written as numbers are not
// prefixed, so a negative number stays a number.
package csvsafe

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
)

// Cell is one CSV cell: text unless made by Int or Float.
type Cell struct {
	text    string
	numeric bool
}

// Text is a cell neutralised if it could start a formula.
func Text(s string) Cell { return Cell{text: s} }

// Int is a number cell, written as it is.
func Int(n int) Cell { return Cell{text: strconv.Itoa(n), numeric: true} }

// Float is a number cell, written as it is.
func Float(x float64) Cell {
	return Cell{text: strconv.FormatFloat(x, 'f', -1, 64), numeric: true}
}

// Neutralise is s as a spreadsheet will show it as text.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func (c Cell) String() string {
	if c.numeric {
		return c.text
	}
	return Neutralise(c.text)
}

// Texts is a record of text cells.
func Texts(ss ...string) []Cell {
	out := make([]Cell, len(ss))
	for i, s := range ss {
		out[i] = Text(s)
	}
	return out
}

// Encode writes rows as CSV in memory, so that a failure is an error
// rather than half a file.
func Encode(rows [][]Cell) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for i, row := range rows {
		rec := make([]string, len(row))
		for j, c := range row {
			rec[j] = c.String()
		}
		if err := w.Write(rec); err != nil {
			return nil, fmt.Errorf("csv row %d: %w", i+1, err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	return buf.Bytes(), nil
}
