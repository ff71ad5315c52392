package openreferral

import (
	"bytes"
	"encoding/json"
	"fmt"

	"throughline/internal/directory"
)

// locality is a locality in the file's extension.
type locality struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type fileExtension struct {
	Localities []locality `json:"localities"`
}

// File is a whole directory as HSDS 3.0: the shape of one page of
// /services holding every service fully nested, with the region's
// localities in the extension, since HSDS has no list of areas of its own.
type File struct {
	Page[Service]
	Throughline fileExtension `json:"x_throughline"`
}

// EncodeFile writes the directory as an HSDS 3.0 file.
func EncodeFile(records []Record, localities []directory.Locality) ([]byte, error) {
	names := map[string]string{}
	f := File{Throughline: fileExtension{Localities: []locality{}}}
	for _, l := range localities {
		names[l.Code] = l.Name
		f.Throughline.Localities = append(f.Throughline.Localities, locality(l))
	}
	services := make([]Service, 0, len(records))
	for _, r := range records {
		s, err := FromDirectory(r, names)
		if err != nil {
			return nil, err
		}
		services = append(services, s)
	}
	f.Page = NewPage(len(services), 1, max(1, len(services)), services)
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode HSDS file: %w", err)
	}
	return append(b, '\n'), nil
}

// IsHSDS reports whether data looks like an HSDS file rather than the
// directory's own format: a JSON object with a "contents" list.
func IsHSDS(data []byte) bool {
	var probe struct {
		Contents json.RawMessage `json:"contents"`
	}
	if json.Unmarshal(data, &probe) != nil {
		return false
	}
	return bytes.HasPrefix(bytes.TrimSpace(probe.Contents), []byte("["))
}

// ParseAnyFile reads a directory file in either format, telling them apart
// with IsHSDS: the command line and the directory's import page accept both.
func ParseAnyFile(data []byte) (directory.File, error) {
	if IsHSDS(data) {
		return ParseFile(data)
	}
	return directory.ParseFile(data)
}
