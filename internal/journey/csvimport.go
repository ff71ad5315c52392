package journey

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
)

// ImportColumns are the columns of a journeys file, in order; the header
// row must name exactly these.
var ImportColumns = []string{"person_key", "service_id", "referred_on", "decision", "decided_on", "treatment_started_on",
	"risk", "engagement", "diagnosis", "complexity", "age", "locality", "substance_use", "housing", "duration_needed"}

// ImportDecisions are the decisions a journeys file may record.
var ImportDecisions = []string{"accepted", "declined", "pending", "withdrawn"}

// DecisionWithdrawn is a referral the referrer or person withdrew before a
// decision; it is neither a decline nor a place the person was held.
const DecisionWithdrawn care.Decision = "withdrawn"

// MaxImportProblems bounds the problems one rejected file reports, so that
// a file of a million bad rows does not produce a million-line error.
const MaxImportProblems = 1000

// MaxPersonKey bounds a person_key's length.
const MaxPersonKey = 64

// ImportRow is one referral from a journeys file.
type ImportRow struct {
	Line               int
	PersonKey          string
	ServiceID          string
	ReferredOn         time.Time
	Decision           care.Decision
	DecidedOn          time.Time // zero when not recorded
	TreatmentStartedOn time.Time // zero when not recorded
	// Profile is "dim=value,..." of the dimensions recorded, in
	// directory.DimensionOrder; "" when none were.
	Profile  string
	Locality string
}

// ImportProblem is one thing wrong with a journeys file.
type ImportProblem struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func (p ImportProblem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d, %s: %s", p.Line, p.Column, p.Message)
}

// ImportError lists every problem in a journeys file that was rejected
// whole; Omitted counts problems beyond MaxImportProblems.
type ImportError struct {
	Problems []ImportProblem
	Omitted  int
}

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "journeys file rejected (%d problems, nothing imported):", len(e.Problems)+e.Omitted)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n  … and %d more", e.Omitted)
	}
	return b.String()
}

// ParseImport reads a journeys file. known reports whether a service id is
// in the directory. Either every row is valid and all are returned, or an
// *ImportError lists the problems by line and column. rowsRead, if not nil,
// hears how many rows have been read, for a progress bar.
func ParseImport(r io.Reader, known func(string) bool, rowsRead func(int)) ([]ImportRow, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	p := importParser{known: known, strs: map[string]string{}}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &ImportError{Problems: []ImportProblem{{Line: 1, Message: "the file is empty; it needs a header row: " + strings.Join(ImportColumns, ",")}}}
	}
	if err != nil {
		return nil, &ImportError{Problems: []ImportProblem{{Line: 1, Message: csvMessage(err)}}}
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // spreadsheets write a byte order mark
	}
	if !slices.EqualFunc(header, ImportColumns, func(a, b string) bool { return strings.TrimSpace(a) == b }) {
		return nil, &ImportError{Problems: []ImportProblem{{Line: 1, Message: "the header row must be exactly: " + strings.Join(ImportColumns, ",")}}}
	}
	var rows []ImportRow
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			p.add(line, "", csvMessage(err))
			if pe == nil || !errors.Is(pe.Err, csv.ErrFieldCount) {
				break // the reader cannot continue after a quoting error
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if row, ok := p.row(line, rec); ok {
			rows = append(rows, row)
		}
		if rowsRead != nil && n%4096 == 0 {
			rowsRead(n)
		}
	}
	if len(rows) == 0 && len(p.problems) == 0 {
		p.add(2, "", "the file has a header but no rows")
	}
	if len(p.problems) > 0 {
		return nil, &ImportError{Problems: p.problems, Omitted: p.omitted}
	}
	return rows, nil
}

type importParser struct {
	known    func(string) bool
	problems []ImportProblem
	omitted  int
	strs     map[string]string // one copy of each repeated value
}

func (p *importParser) add(line int, col, msg string) {
	if len(p.problems) >= MaxImportProblems {
		p.omitted++
		return
	}
	p.problems = append(p.problems, ImportProblem{Line: line, Column: col, Message: msg})
}

func (p *importParser) intern(s string) string {
	if v, ok := p.strs[s]; ok {
		return v
	}
	s = strings.Clone(s)
	p.strs[s] = s
	return s
}

// row checks one record; ok is false if it had any problem.
func (p *importParser) row(line int, rec []string) (ImportRow, bool) {
	before := len(p.problems) + p.omitted
	if len(rec) != len(ImportColumns) {
		p.add(line, "", fmt.Sprintf("expected %d columns, found %d", len(ImportColumns), len(rec)))
		return ImportRow{}, false
	}
	col := func(name string) string { return strings.TrimSpace(rec[columnIndex[name]]) }
	row := ImportRow{Line: line, PersonKey: strings.Clone(col("person_key")), ServiceID: p.intern(col("service_id"))}
	switch key := row.PersonKey; {
	case key == "":
		p.add(line, "person_key", "enter a pseudonymous key for the person")
	case len(key) > MaxPersonKey:
		p.add(line, "person_key", fmt.Sprintf("must be at most %d characters", MaxPersonKey))
	case looksLikeNHSNumber(key):
		p.add(line, "person_key", "looks like an NHS number; use a pseudonymous key, never an NHS number or name")
	}
	if row.ServiceID == "" {
		p.add(line, "service_id", "enter the service's directory id")
	} else if !p.known(row.ServiceID) {
		p.add(line, "service_id", fmt.Sprintf("unknown service %q: it is not in the directory", row.ServiceID))
	}
	date := func(name string, required bool) time.Time {
		v := col(name)
		if v == "" {
			if required {
				p.add(line, name, "enter a date (YYYY-MM-DD)")
			}
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			p.add(line, name, fmt.Sprintf("%q is not a date in the form YYYY-MM-DD", v))
			return time.Time{}
		}
		return t
	}
	row.ReferredOn = date("referred_on", true)
	decision := col("decision")
	switch decision {
	case "accepted", "declined", "withdrawn":
		row.Decision = care.Decision(decision)
	case "pending":
		row.Decision = care.DecisionPending
	default:
		p.add(line, "decision", fmt.Sprintf("must be one of %s, not %q", strings.Join(ImportDecisions, ", "), decision))
	}
	row.DecidedOn = date("decided_on", decision == "accepted" || decision == "declined")
	row.TreatmentStartedOn = date("treatment_started_on", false)
	if decision == "pending" && !row.DecidedOn.IsZero() {
		p.add(line, "decided_on", "a pending referral has no decision date")
	}
	if !row.DecidedOn.IsZero() && !row.ReferredOn.IsZero() && row.DecidedOn.Before(row.ReferredOn) {
		p.add(line, "decided_on", "decided before the referral was made")
	}
	if !row.TreatmentStartedOn.IsZero() {
		switch {
		case decision != "accepted":
			p.add(line, "treatment_started_on", "treatment started without the referral being accepted")
		case !row.DecidedOn.IsZero() && row.TreatmentStartedOn.Before(row.DecidedOn):
			p.add(line, "treatment_started_on", "treatment started before the referral was accepted")
		}
	}
	row.Profile, row.Locality = p.profile(line, col)
	if len(p.problems)+p.omitted > before {
		return ImportRow{}, false
	}
	return row, true
}

// profile checks the profile columns; empty ones were not recorded.
func (p *importParser) profile(line int, col func(string) string) (string, string) {
	var parts []string
	var prof directory.Profile
	for _, dim := range directory.DimensionOrder {
		v := col(dim)
		if v == "" {
			continue
		}
		if err := prof.Set(dim, v); err != nil {
			p.add(line, dim, problem.Message(err))
			continue
		}
		if dim == "age" {
			v = strconv.Itoa(prof.Age)
		}
		parts = append(parts, dim+"="+v)
	}
	return p.intern(strings.Join(parts, ",")), p.intern(prof.Locality)
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return "wrong number of columns"
		}
		return "not valid CSV: " + pe.Err.Error()
	}
	return err.Error()
}

var columnIndex = func() map[string]int {
	m := make(map[string]int, len(ImportColumns))
	for i, c := range ImportColumns {
		m[c] = i
	}
	return m
}()

// looksLikeNHSNumber reports whether key, without the spaces and dashes
// people write in NHS numbers, is ten digits passing the modulus-11 check.
// It is care.ValidNHSNumber(care.NormaliseNHSNumber(key)) without building
// a replacer for each of a million keys.
func looksLikeNHSNumber(key string) bool {
	if len(key) < 10 || len(key) > 16 {
		return false
	}
	var digits [16]byte
	n := 0
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case c == ' ' || c == '-':
		case c >= '0' && c <= '9':
			digits[n] = c
			n++
		default:
			return false
		}
	}
	return care.ValidNHSNumber(string(digits[:n]))
}

// ImportedInput turns a journeys file's rows into an analysis input, each
// distinct person_key a person numbered from 1 in order of appearance,
// each service's tier from tiers.
func ImportedInput(rows []ImportRow, tiers map[string]string) Input {
	people := map[string]int64{}
	in := Input{Referrals: make([]Referral, len(rows))}
	for i := range rows {
		r := &rows[i]
		id, ok := people[r.PersonKey]
		if !ok {
			id = int64(len(people) + 1)
			people[r.PersonKey] = id
		}
		in.Referrals[i] = Referral{PersonID: id, Locality: r.Locality, ServiceID: r.ServiceID, ServiceTier: tiers[r.ServiceID],
			ReferrerTier: "not-recorded", ReceivedAt: r.ReferredOn, Decision: r.Decision, DecidedAt: r.DecidedOn,
			TreatmentStartedAt: r.TreatmentStartedOn, Profile: r.Profile}
	}
	return in
}
