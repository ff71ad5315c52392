package web

import (
	"reflect"
	"testing"
)

// TestDictKeys: dict pairs keys with values, taking a string key as it is
// and printing any other, and drops a key left without a value.
func TestDictKeys(t *testing.T) {
	for _, tc := range []struct {
		kv   []any
		want map[string]any
	}{
		{nil, map[string]any{}},
		{[]any{"Name", "x", "Rows", 2}, map[string]any{"Name": "x", "Rows": 2}},
		{[]any{1, "one", true, nil, "", "empty"}, map[string]any{"1": "one", "true": nil, "": "empty"}},
		{[]any{"Name", "x", "Dangling"}, map[string]any{"Name": "x"}},
	} {
		if got := dict(tc.kv...); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("dict(%v) = %v, want %v", tc.kv, got, tc.want)
		}
	}
}
