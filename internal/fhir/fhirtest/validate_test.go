package fhirtest

import "testing"

// TestValidateCatchesInvalid: the validator is real: a malformed birth
// date and an unknown status are refused, a good Patient passes.
func TestValidateCatchesInvalid(t *testing.T) {
	for _, c := range []struct {
		name, json string
		ok         bool
	}{
		{"good patient", `{"resourceType":"Patient","id":"1","birthDate":"1990-01-02"}`, true},
		{"bad birth date", `{"resourceType":"Patient","id":"1","birthDate":"02/01/1990"}`, false},
		{"bad observation status", `{"resourceType":"Observation","status":"done","code":{"text":"x"}}`, false},
		{"bundle with a bad entry", `{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Patient","gender":"woman"}}]}`, false},
	} {
		if got := Validate([]byte(c.json)) == nil; got != c.ok {
			t.Errorf("%s: valid = %v, want %v (%v)", c.name, got, c.ok, Validate([]byte(c.json)))
		}
	}
}
