package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"throughline/internal/web"
)

// startAggregates runs the stored-aggregates worker until ctx ends; the
// function it returns waits for the worker to stop.
func startAggregates(ctx context.Context, srv *web.Server) (wait func()) {
	host, err := os.Hostname()
	if err != nil {
		host = "host"
	}
	worker := fmt.Sprintf("serve-%s-%d", host, os.Getpid())
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.RunAggregates(ctx, worker, 5*time.Second)
	}()
	return func() { <-done }
}
