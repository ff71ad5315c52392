package main

import (
	"testing"
	"time"
)

func ms(ns ...int) []time.Duration {
	out := make([]time.Duration, len(ns))
	for i, n := range ns {
		out[i] = time.Duration(n) * time.Millisecond
	}
	return out
}

func hundred() []time.Duration {
	out := make([]time.Duration, 100)
	for i := range out {
		out[i] = time.Duration(i+1) * time.Millisecond
	}
	return out
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one sample", ms(7), 99, 7 * time.Millisecond},
		{"median of 1..100", hundred(), 50, 50 * time.Millisecond},
		{"p99 of 1..100", hundred(), 99, 99 * time.Millisecond},
		{"p100 is the slowest", hundred(), 100, 100 * time.Millisecond},
		{"p0 is the fastest", hundred(), 0, time.Millisecond},
		{"p99 of ten is the slowest", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"median of ten is the fifth", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 50, 5 * time.Millisecond},
		{"median of odd count", ms(1, 2, 3), 50, 2 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.sorted, tt.p); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSummariseSortsAndCounts(t *testing.T) {
	r := summarise("x", ms(30, 10, 20, 40), 1, 2*time.Second, "GET /: status 500, want 200")
	if got, want := r.P50, 20*time.Millisecond; got != want {
		t.Errorf("p50 = %v, want %v", got, want)
	}
	if got, want := r.P99, 40*time.Millisecond; got != want {
		t.Errorf("p99 = %v, want %v", got, want)
	}
	if got, want := r.Rate(), 2.0; got != want {
		t.Errorf("rate = %v, want %v (errors are not throughput)", got, want)
	}
	if got, want := r.ErrorShare(), 0.2; got != want {
		t.Errorf("error share = %v, want %v", got, want)
	}
	if got := (Result{}).ErrorShare(); got != 1 {
		t.Errorf("error share of nothing measured = %v, want 1", got)
	}
}
