package directory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"throughline/internal/problem"
)

// serviceJSON is one service in the directory file: Open Referral UK–shaped
// names with Throughline's eligibility extension (DESIGN.md).
type serviceJSON struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	Organization         string              `json:"organization"`
	Description          string              `json:"description,omitempty"`
	Tier                 string              `json:"tier"`
	Localities           []string            `json:"localities"`
	MinAge               *int                `json:"min_age"`
	MaxAge               *int                `json:"max_age"`
	SelfReferral         bool                `json:"self_referral"`
	ReferralRoutes       []string            `json:"referral_routes,omitempty"`
	Eligibility          map[string][]string `json:"eligibility"`
	Purpose              []string            `json:"purpose,omitempty"`
	Offer                []string            `json:"offer"`
	TypicalDurationWeeks int                 `json:"typical_duration_weeks"`
	WaitWeeks            int                 `json:"wait_weeks"`
	Capacity             int                 `json:"capacity,omitempty"`
	Contact              *Contact            `json:"contact,omitempty"`
	GoodPractice         []string            `json:"good_practice,omitempty"`
	Barriers             []string            `json:"barriers,omitempty"`
}

type localityJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// File is a whole directory file.
type File struct {
	Localities []Locality
	Services   []Service
}

// FileProblem is one thing wrong with a directory file.
type FileProblem struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (p FileProblem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Field, p.Message)
}

// FileError lists every problem in a file that was rejected whole.
type FileError struct{ Problems []FileProblem }

func (e *FileError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return fmt.Sprintf("directory file rejected (%d problems, nothing imported):\n  %s", len(e.Problems), strings.Join(parts, "\n  "))
}

// MaxFileBytes bounds a directory file.
const MaxFileBytes = 32 << 20

// ParseFile reads a directory file. Either every service is valid and all are
// returned, or a *FileError lists every problem found.
func ParseFile(data []byte) (File, error) {
	var f File
	if len(data) > MaxFileBytes {
		return f, &FileError{[]FileProblem{{Line: 1, Message: fmt.Sprintf("file is larger than %d MiB", MaxFileBytes>>20)}}}
	}
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		return f, &FileError{[]FileProblem{{Line: lineOf(data, errOffset(err)), Message: "not valid JSON: " + strings.TrimPrefix(errString(err), "json: ")}}}
	}
	var probs []FileProblem
	add := func(line int, field, msg string) { probs = append(probs, FileProblem{line, field, msg}) }

	dec := json.NewDecoder(bytes.NewReader(data))
	if t, _ := dec.Token(); t != json.Delim('{') {
		return f, &FileError{[]FileProblem{{Line: 1, Message: `the file must be a JSON object like {"services":[...]}`}}}
	}
	sawServices := false
	var lines []int // line of each accepted service, for duplicate-id problems
	for dec.More() {
		keyTok, _ := dec.Token()
		key, _ := keyTok.(string)
		switch key {
		case "services":
			sawServices = true
			start := dec.InputOffset()
			if t, _ := dec.Token(); t != json.Delim('[') {
				add(lineOf(data, start), "services", "must be a list of services")
				var skip json.RawMessage
				dec.Decode(&skip)
				continue
			}
			for i := 0; dec.More(); i++ {
				off := skipSpace(data, dec.InputOffset())
				var raw json.RawMessage
				dec.Decode(&raw) // the whole file is valid JSON, so this succeeds
				s, sp := parseService(raw, i, lineOf(data, off), data, off)
				probs = append(probs, sp...)
				if len(sp) == 0 {
					f.Services = append(f.Services, s)
					lines = append(lines, lineOf(data, off))
				}
			}
			dec.Token() // ']'
		case "localities":
			off := skipSpace(data, dec.InputOffset())
			var locs []localityJSON
			if err := dec.Decode(&locs); err != nil {
				add(lineOf(data, off), "localities", `must be a list of {"code":..., "name":...}`)
				continue
			}
			for i, l := range locs {
				if strings.TrimSpace(l.Code) == "" || strings.TrimSpace(l.Name) == "" {
					add(lineOf(data, off), fmt.Sprintf("localities[%d]", i), "a locality needs a code and a name")
					continue
				}
				f.Localities = append(f.Localities, Locality{Code: strings.TrimSpace(l.Code), Name: strings.TrimSpace(l.Name)})
			}
		default:
			off := dec.InputOffset()
			add(lineOf(data, off), key, "unknown top-level field (expected services, localities)")
			var skip json.RawMessage
			dec.Decode(&skip)
		}
	}
	if !sawServices {
		add(1, "services", "the file has no services list")
	}
	seen := map[string]int{}
	for i, s := range f.Services {
		if j, dup := seen[s.ID]; dup {
			add(lines[i], fmt.Sprintf("services (%s).id", s.ID), fmt.Sprintf("id %q is used twice (first on line %d)", s.ID, lines[j]))
		}
		seen[s.ID] = i
	}
	if len(probs) > 0 {
		sort.SliceStable(probs, func(a, b int) bool { return probs[a].Line < probs[b].Line })
		return File{}, &FileError{probs}
	}
	return f, nil
}

func parseService(raw []byte, i, line int, data []byte, base int64) (Service, []FileProblem) {
	var sj serviceJSON
	prefix := fmt.Sprintf("services[%d]", i)
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&sj); err != nil {
		l := line
		if off := errOffset(err); off > 0 {
			l = lineOf(data, base+off)
		}
		field := prefix
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			field += "." + te.Field
			return Service{}, []FileProblem{{l, field, fmt.Sprintf("expected %s, found a JSON %s", te.Type, te.Value)}}
		}
		return Service{}, []FileProblem{{l, field, strings.TrimPrefix(err.Error(), "json: ")}}
	}
	s := Service{ID: sj.ID, Name: sj.Name, Organization: sj.Organization, Description: sj.Description, Tier: sj.Tier,
		Localities: sj.Localities, MinAge: sj.MinAge, MaxAge: sj.MaxAge, SelfReferral: sj.SelfReferral, ReferralRoutes: sj.ReferralRoutes,
		Eligibility: sj.Eligibility, Purpose: sj.Purpose, Offer: sj.Offer, TypicalDurationWeeks: sj.TypicalDurationWeeks, WaitWeeks: sj.WaitWeeks,
		Capacity: sj.Capacity, GoodPractice: sj.GoodPractice, Barriers: sj.Barriers}
	if sj.Contact != nil {
		s.Contact = *sj.Contact
	}
	if err := s.Validate(); err != nil {
		fields := problem.Fields(err)
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []FileProblem
		name := prefix
		if s.ID != "" {
			name = fmt.Sprintf("%s (%s)", prefix, s.ID)
		}
		for _, k := range keys {
			out = append(out, FileProblem{line, name + "." + k, fields[k]})
		}
		return Service{}, out
	}
	return s, nil
}

// EncodeFile writes services (and localities) in the directory file format.
func EncodeFile(f File) ([]byte, error) {
	out := struct {
		Localities []localityJSON `json:"localities,omitempty"`
		Services   []serviceJSON  `json:"services"`
	}{Services: []serviceJSON{}}
	for _, l := range f.Localities {
		out.Localities = append(out.Localities, localityJSON(l))
	}
	for _, s := range f.Services {
		sj := serviceJSON{ID: s.ID, Name: s.Name, Organization: s.Organization, Description: s.Description, Tier: s.Tier,
			Localities: orEmpty(s.Localities), MinAge: s.MinAge, MaxAge: s.MaxAge, SelfReferral: s.SelfReferral, ReferralRoutes: s.ReferralRoutes,
			Eligibility: s.Eligibility, Purpose: s.Purpose, Offer: orEmpty(s.Offer), TypicalDurationWeeks: s.TypicalDurationWeeks, WaitWeeks: s.WaitWeeks,
			Capacity: s.Capacity, GoodPractice: s.GoodPractice, Barriers: s.Barriers}
		if sj.Eligibility == nil {
			sj.Eligibility = map[string][]string{}
		}
		if s.Contact != (Contact{}) {
			c := s.Contact
			sj.Contact = &c
		}
		out.Services = append(out.Services, sj)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func errOffset(err error) int64 {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Offset
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Offset
	}
	return 0
}

func errString(err error) string {
	if err == nil {
		return "unexpected end of input"
	}
	return err.Error()
}

// lineOf is the 1-based line holding byte offset off.
func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
		off++
	}
	return off
}
