package openreferral

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"throughline/internal/directory"
)

// inService is what the import reads of an HSDS service; HSDS ages are
// numbers, so they are read as such and refused unless whole.
type inService struct {
	Service
	MinimumAge *float64 `json:"minimum_age"`
	MaximumAge *float64 `json:"maximum_age"`
}

// ParseFile reads an HSDS 3.0 file: either every service is valid and the
// whole directory is returned, or a *directory.FileError lists every
// problem, with the line of the service it is in.
//
// A service carrying the x_throughline extension is read from it whole
// (its HSDS fields must still agree with it, so an edit made to one and
// not the other is refused rather than lost). A service from another
// directory is mapped from its HSDS fields and Throughline's taxonomies.
func ParseFile(data []byte) (directory.File, error) {
	fail := func(line int, field, msg string) (directory.File, error) {
		return directory.File{}, &directory.FileError{Problems: []directory.FileProblem{{Line: line, Field: field, Message: msg}}}
	}
	if len(data) > directory.MaxFileBytes {
		return fail(1, "", fmt.Sprintf("file is larger than %d MiB", directory.MaxFileBytes>>20))
	}
	var top struct {
		Contents    []json.RawMessage `json:"contents"`
		Throughline *fileExtension    `json:"x_throughline"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return fail(1, "", "not a valid HSDS file: "+strings.TrimPrefix(err.Error(), "json: "))
	}
	lines := contentLines(data, len(top.Contents))
	var probs []directory.FileProblem
	services := make([]json.RawMessage, 0, len(top.Contents))
	read := make([]inService, 0, len(top.Contents))
	for i, raw := range top.Contents {
		var in inService
		field := fmt.Sprintf("contents[%d]", i)
		if err := json.Unmarshal(raw, &in); err != nil {
			probs = append(probs, directory.FileProblem{Line: lines[i], Field: field, Message: strings.TrimPrefix(err.Error(), "json: ")})
			in = inService{}
		}
		own, p := ownForm(in)
		for _, msg := range p {
			probs = append(probs, directory.FileProblem{Line: lines[i], Field: field, Message: msg})
		}
		services = append(services, own)
		read = append(read, in)
	}
	// The directory's own parser checks every service against its rules,
	// duplicates included: one service a line, so its problems map back.
	var doc bytes.Buffer
	doc.WriteString("{\n\"localities\": ")
	locs := []locality{}
	if top.Throughline != nil && top.Throughline.Localities != nil {
		locs = top.Throughline.Localities
	}
	lb, err := json.Marshal(locs)
	if err != nil {
		return fail(1, "", err.Error())
	}
	doc.Write(lb)
	doc.WriteString(",\n\"services\": [\n")
	for i, s := range services {
		if i > 0 {
			doc.WriteString(",\n")
		}
		doc.Write(compact(s))
	}
	doc.WriteString("\n]}\n")
	f, err := directory.ParseFile(doc.Bytes())
	if fe, ok := err.(*directory.FileError); ok {
		for _, p := range fe.Problems {
			line := 1
			if i := p.Line - 3; i >= 0 && i < len(lines) {
				line = lines[i]
			}
			probs = append(probs, directory.FileProblem{Line: line, Field: p.Field, Message: p.Message})
		}
	} else if err != nil {
		return fail(1, "", err.Error())
	}
	if len(probs) == 0 {
		for i, s := range f.Services {
			for _, msg := range disagreements(read[i], s) {
				probs = append(probs, directory.FileProblem{Line: lines[i], Field: fmt.Sprintf("contents[%d]", i), Message: msg})
			}
		}
	}
	if len(probs) > 0 {
		slices.SortStableFunc(probs, func(a, b directory.FileProblem) int { return a.Line - b.Line })
		return directory.File{}, &directory.FileError{Problems: probs}
	}
	return f, nil
}

// ownForm is the service in the directory file's form: the extension as
// written, or a mapping of the HSDS fields.
func ownForm(in inService) (json.RawMessage, []string) {
	if len(in.Throughline) > 0 && !bytes.Equal(bytes.TrimSpace(in.Throughline), []byte("null")) {
		return in.Throughline, nil
	}
	var probs []string
	own := map[string]any{"id": in.ID, "name": in.Name, "description": in.Description, "localities": []string{}}
	if in.Organization != nil {
		own["organization"] = in.Organization.Name
	}
	for key, age := range map[string]*float64{"min_age": in.MinimumAge, "max_age": in.MaximumAge} {
		if age == nil {
			continue
		}
		if *age != math.Trunc(*age) || *age < 0 || *age > 130 {
			probs = append(probs, fmt.Sprintf("%s must be a whole number of years from 0 to 130", strings.Replace(key, "_", "imum_", 1)))
			continue
		}
		own[key] = int(*age)
	}
	elig := map[string][]string{}
	for _, a := range in.Attributes {
		t, ok := termOf(a)
		if !ok {
			continue // another directory's taxonomy: nothing of ours to read
		}
		if tier, ok := strings.CutPrefix(t.Code, "tier:"); ok {
			own["tier"] = tier
		} else if dim, val, ok := strings.Cut(t.Code, ":"); ok {
			elig[dim] = append(elig[dim], val)
		}
	}
	own["eligibility"] = elig
	locs := []string{}
	for _, a := range in.ServiceAreas {
		if a.Name == directory.WholeRegion && len(in.ServiceAreas) == 1 {
			break
		}
		code, ok := strings.CutPrefix(a.Description, "Locality ")
		if !ok || strings.TrimSpace(code) == "" {
			probs = append(probs, fmt.Sprintf("service area %q is not one of this region's localities (its description should be \"Locality CODE\")", a.Name))
			continue
		}
		locs = append(locs, code)
	}
	own["localities"] = locs
	contact := map[string]string{"url": in.URL, "email": in.Email}
	if len(in.Phones) > 0 {
		contact["phone"] = in.Phones[0].Number
	}
	if len(in.Schedules) > 0 {
		contact["hours"] = in.Schedules[0].Description
	}
	if len(in.ServiceAtLocations) > 0 && in.ServiceAtLocations[0].Location != nil {
		contact["address"] = in.ServiceAtLocations[0].Location.Description
	}
	for k, v := range contact {
		if v == "" {
			delete(contact, k)
		}
	}
	own["contact"] = contact
	b, err := json.Marshal(own)
	if err != nil {
		return nil, append(probs, err.Error())
	}
	return b, probs
}

// termOf finds which of our terms an attribute points at, by id or code.
func termOf(a Attribute) (Term, bool) {
	if t, ok := TermByID(a.TaxonomyTermID); ok {
		return t, true
	}
	if a.TaxonomyTerm != nil {
		if t, ok := TermByID(a.TaxonomyTerm.ID); ok {
			return t, true
		}
	}
	return Term{}, false
}

// disagreements are HSDS fields that were changed without the extension
// being changed to match: importing either would lose the other edit.
func disagreements(in inService, s directory.Service) []string {
	if len(in.Throughline) == 0 {
		return nil
	}
	var out []string
	if in.ID != ServiceID(s.ID) {
		out = append(out, fmt.Sprintf("id %s is not the id of x_throughline's service %q (%s)", in.ID, s.ID, ServiceID(s.ID)))
	}
	if in.Name != s.Name {
		out = append(out, fmt.Sprintf("name %q differs from x_throughline's %q: change both, or remove x_throughline", in.Name, s.Name))
	}
	if in.Description != s.Description {
		out = append(out, "description differs from x_throughline's: change both, or remove x_throughline")
	}
	if !sameAge(in.MinimumAge, s.MinAge) || !sameAge(in.MaximumAge, s.MaxAge) {
		out = append(out, "minimum_age or maximum_age differs from x_throughline's: change both, or remove x_throughline")
	}
	return out
}

func sameAge(a *float64, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == float64(*b)
}

// contentLines is the line on which each element of "contents" starts.
func contentLines(data []byte, n int) []int {
	lines := make([]int, n)
	for i := range lines {
		lines[i] = 1
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return lines
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return lines
		}
		if key != "contents" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return lines
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return lines
		}
		for i := 0; dec.More() && i < n; i++ {
			off := dec.InputOffset()
			for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
				off++
			}
			lines[i] = bytes.Count(data[:off], []byte{'\n'}) + 1
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return lines
			}
		}
		return lines
	}
	return lines
}
