package fhir

import (
	"encoding/json"
	"io"
	"slices"
	"time"
)

// NDJSON writes resources as newline-delimited JSON, one stream per
// type, keeping only the types asked for and, when Since is set, the
// resources changed at or after it (definitions such as Questionnaire
// have no change time and are always kept), as a bulk export's _type and
// _since ask.
type NDJSON struct {
	Types  []string
	Since  time.Time
	Out    func(typ string) io.Writer
	Counts map[string]int
}

// Add writes r to its type's stream if it is wanted.
func (n *NDJSON) Add(r Resource) error {
	if !slices.Contains(n.Types, r.Type) || (!n.Since.IsZero() && !r.Updated.IsZero() && r.Updated.Before(n.Since)) {
		return nil
	}
	line, err := json.Marshal(r.Body)
	if err != nil {
		return err
	}
	if n.Counts == nil {
		n.Counts = map[string]int{}
	}
	n.Counts[r.Type]++
	_, err = n.Out(r.Type).Write(append(line, '\n'))
	return err
}

// AddAll writes each of rs.
func (n *NDJSON) AddAll(rs []Resource) error {
	for _, r := range rs {
		if err := n.Add(r); err != nil {
			return err
		}
	}
	return nil
}
