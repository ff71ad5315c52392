package main

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// TestSettleWaitsForStoredFigures: a page that says its figures are being
// prepared is asked for again until it shows them; one that shows them
// is asked for once.
func TestSettleWaitsForStoredFigures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		preparing     int64
		wantRequested int64
	}{
		{"ready at once", 0, 1},
		{"ready after three checks", 3, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var requested atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if requested.Add(1) <= tt.preparing {
					io.WriteString(w, `<div id="aggregate-preparing" role="status">These figures are being prepared</div>`)
					return
				}
				io.WriteString(w, "<h1>Principles in practice</h1>")
			}))
			defer srv.Close()
			c, err := newClient(srv.URL, http.DefaultTransport)
			if err != nil {
				t.Fatal(err)
			}
			sc := Scenario{Name: "page", Next: func(*Client, *rand.Rand) Request {
				return Request{Method: http.MethodGet, Path: "/reports/principles", Want: 200}
			}}
			settle(context.Background(), []*Client{c}, sc)
			if got := requested.Load(); got != tt.wantRequested {
				t.Errorf("requests = %d, want %d", got, tt.wantRequested)
			}
		})
	}
}
