package openreferral_test

import (
	"encoding/json"
	"testing"

	"throughline/internal/openreferral"
	"throughline/internal/openreferral/hsdstest"
)

// Paging edge cases: an empty list is one empty first-and-last page; a
// page past the end is empty and last; a partial last page says so.
func TestPageOfEdges(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	for _, tc := range []struct {
		name               string
		items              []int
		number, per        int
		size, pages        int
		first, last, empty bool
		wantFirstItem      int
	}{
		{"empty list", nil, 1, 50, 0, 1, true, true, true, 0},
		{"one page", items, 1, 50, 5, 1, true, true, false, 1},
		{"first of three", items, 1, 2, 2, 3, true, false, false, 1},
		{"partial last", items, 3, 2, 1, 3, false, true, false, 5},
		{"past the end", items, 9, 2, 0, 3, false, true, true, 0},
		{"exact fit", items[:4], 2, 2, 2, 2, false, true, false, 3},
	} {
		p := openreferral.PageOf(tc.items, tc.number, tc.per)
		got := []any{p.Size, p.TotalPages, p.FirstPage, p.LastPage, p.Empty, p.TotalItems}
		want := []any{tc.size, tc.pages, tc.first, tc.last, tc.empty, len(tc.items)}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: size, pages, first, last, empty, total = %v, want %v", tc.name, got, want)
				break
			}
		}
		if tc.wantFirstItem != 0 && p.Contents[0] != tc.wantFirstItem {
			t.Errorf("%s: first item %d, want %d", tc.name, p.Contents[0], tc.wantFirstItem)
		}
		b, _ := json.Marshal(p)
		if err := hsdstest.Check(b, hsdstest.Page); err != nil || p.Contents == nil {
			t.Errorf("%s: page %s is not a valid HSDS page: %v", tc.name, b, err)
		}
	}
}
