package openreferral

import (
	"regexp"
	"testing"
)

// The namespace is fixed, so ids are published once and never change: a
// known input must give the same UUID in every release.
func TestUUIDIsStableVersion5(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, name := range []string{"service/cen-service", "organization/Northshire NHS", ""} {
		got := UUID(name)
		if !shape.MatchString(got) {
			t.Errorf("UUID(%q) = %s, not a version 5 RFC 9562 UUID", name, got)
		}
		if again := UUID(name); again != got {
			t.Errorf("UUID(%q) changed between calls: %s, %s", name, got, again)
		}
	}
	if ServiceID("cen-service") == OrganizationID("cen-service") {
		t.Errorf("a service and an organisation with the same text share an id")
	}
	// Python's uuid.uuid5(UUID("6b1e2f8a-3c47-4d19-9a51-0e7cd23864f0"), "service/cen-service").
	if got, want := UUID("service/cen-service"), "f71f19b6-5472-5d27-abd0-98b02443ad48"; got != want {
		t.Errorf("UUID(service/cen-service) = %s, want %s (published ids must not change)", got, want)
	}
}
