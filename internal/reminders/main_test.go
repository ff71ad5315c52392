package reminders_test

import (
	"testing"

	"throughline/internal/store/storetest"
)

// TestMain removes the databases storetest builds once for the package.
func TestMain(m *testing.M) { storetest.Main(m) }
