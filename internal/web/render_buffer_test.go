package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRenderBufferCarriesNothingOver: pages are drawn into reused buffers;
// a short page drawn after a long one (in the same buffer) is exactly the
// short page, with nothing of the long one after it: a record's text must
// never reach another response.
func TestRenderBufferCarriesNothingOver(t *testing.T) {
	eachFixture(t, func(t *testing.T, f *fixture) { drawAfterALongPage(t, f) })
}

func drawAfterALongPage(t *testing.T, f *fixture) {
	draw := func(title string) string {
		w := httptest.NewRecorder()
		f.srv.render(w, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusOK, "error", view{Title: "A page",
			D: struct {
				Status  int
				Message string
			}{http.StatusOK, title}})
		return w.Body.String()
	}
	short := draw("Short")
	secret := strings.Repeat("a private note about someone ", 2000)
	for range 5 { // the pool may hand back any buffer it holds
		if long := draw(secret); !strings.Contains(long, secret) {
			t.Fatal("the long page does not hold its text")
		}
		if got := draw("Short"); got != short {
			t.Fatalf("a short page after a long one is %d bytes, want %d (contains the long page's text: %v)",
				len(got), len(short), strings.Contains(got, "private note"))
		}
	}
}
