package main

import (
	"bufio"
	"strings"
	"testing"
)

func TestParseVmHWM(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"Name:\tthroughline\nVmPeak:\t 900 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 1 kB\n", 204800 * 1024, false},
		{"Name:\tthroughline\n", 0, true},
		{"VmHWM:\t12 MB\n", 0, true},
		{"VmHWM:\tlots kB\n", 0, true},
	}
	for _, tt := range tests {
		got, err := parseVmHWM(bufio.NewScanner(strings.NewReader(tt.in)))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseVmHWM(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
