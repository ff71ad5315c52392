package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Timing says how long to drive each scenario.
type Timing struct {
	Warmup, Duration time.Duration
	Seed             uint64
}

// drive runs a scenario with every client at once, each sending its next
// request as soon as the last one is answered: first a warm-up whose
// results are dropped, then the measured period. Elapsed time runs until
// the last request begun inside the period is answered.
func drive(ctx context.Context, clients []*Client, sc Scenario, t Timing) Result {
	settle(ctx, clients, sc)
	if t.Warmup > 0 {
		loop(ctx, clients, sc, time.Now().Add(t.Warmup), t.Seed^0x9e3779b97f4a7c15)
	}
	start := time.Now()
	per := loop(ctx, clients, sc, start.Add(t.Duration), t.Seed)
	elapsed := time.Since(start)
	var all []time.Duration
	errors, first := 0, ""
	for _, w := range per {
		all = append(all, w.latencies...)
		errors += w.errors
		if first == "" {
			first = w.firstError
		}
	}
	return summarise(sc.Name, all, errors, elapsed, first)
}

type workerResult struct {
	latencies  []time.Duration
	errors     int
	firstError string
}

func loop(ctx context.Context, clients []*Client, sc Scenario, deadline time.Time, seed uint64) []workerResult {
	out := make([]workerResult, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			w := &out[i]
			for ctx.Err() == nil && time.Now().Before(deadline) {
				req := sc.Next(c, rng)
				began := time.Now()
				status, _, err := c.do(ctx, req.Method, req.Path, req.Form)
				took := time.Since(began)
				switch {
				case err != nil && ctx.Err() != nil:
					return
				case err != nil:
					w.fail(fmt.Sprintf("%s %s: %v", req.Method, req.Path, err))
				case status != req.Want:
					w.fail(fmt.Sprintf("%s %s: status %d, want %d", req.Method, req.Path, status, req.Want))
				default:
					w.latencies = append(w.latencies, took)
				}
			}
		})
	}
	wg.Wait()
	return out
}

func (w *workerResult) fail(msg string) {
	w.errors++
	if w.firstError == "" {
		w.firstError = msg
	}
}

// preparing marks a page whose stored aggregates (web/stored_aggregates.go)
// are still being computed for the first time after serve started: fast,
// and not what a user sees once they exist, so it is not measured.
var preparing = []byte(`id="aggregate-preparing"`)

// settleLimit bounds the wait for a scenario's stored figures.
const settleLimit = 10 * time.Minute

// settle waits, before the warm-up, until a scenario's page no longer
// says its figures are being prepared, so the benchmark measures the
// steady state.
func settle(ctx context.Context, clients []*Client, sc Scenario) {
	if len(clients) == 0 {
		return
	}
	rng := rand.New(rand.NewPCG(1, 1))
	deadline := time.Now().Add(settleLimit)
	for ctx.Err() == nil && time.Now().Before(deadline) {
		req := sc.Next(clients[0], rng)
		_, body, err := clients[0].do(ctx, req.Method, req.Path, req.Form)
		if err != nil || !bytes.Contains(body, preparing) {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond):
		}
	}
}
