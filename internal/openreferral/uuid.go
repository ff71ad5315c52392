// Package openreferral maps the service directory to and from Open Referral
// UK / HSDS 3.0 JSON. Pure Go: no HTTP, no SQL.
package openreferral

import (
	"crypto/sha1"
	"fmt"
)

// namespace is Throughline's fixed UUIDv5 namespace. HSDS ids must be
// UUIDs and must not change between exports, so every id is derived from
// our own (kind/id) with RFC 9562 version 5; it was drawn once at random
// and must never change, or every published id would.
var namespace = [16]byte{0x6b, 0x1e, 0x2f, 0x8a, 0x3c, 0x47, 0x4d, 0x19, 0x9a, 0x51, 0x0e, 0x7c, 0xd2, 0x38, 0x64, 0xf0}

// UUID is the stable UUIDv5 of name in Throughline's namespace.
func UUID(name string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// Ids of each kind of HSDS record, from our own keys.
func ServiceID(id string) string        { return UUID("service/" + id) }
func OrganizationID(name string) string { return UUID("organization/" + name) }
func LocationID(id string) string       { return UUID("location/" + id) }
func AtLocationID(id string) string     { return UUID("service_at_location/" + id) }
func TermID(code string) string         { return UUID("taxonomy_term/" + code) }
func TaxonomyID(code string) string     { return UUID("taxonomy/" + code) }
