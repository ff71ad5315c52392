package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests share one demo server and one Chromium: loading the
// demo region takes tens of seconds, and each test works on people and
// referrals of its own, signed in within a browser context of its own
// (its own cookies), so they do not disturb one another.

// TestMain stops the shared demo server and Chromium after every test.
func TestMain(m *testing.M) {
	code := m.Run()
	demoServer.stop()
	chrome.stop()
	os.Exit(code)
}

var demoServer sharedDemo

// sharedDemo is "throughline demo" serving on a free loopback port.
type sharedDemo struct {
	once   sync.Once
	url    string
	err    error
	dir    string
	cancel context.CancelFunc
	done   chan error
}

// startDemo returns the URL of the shared demo server, starting it on the
// first call.
func startDemo(t *testing.T) string {
	t.Helper()
	d := &demoServer
	d.once.Do(d.start)
	if d.err != nil {
		t.Fatalf("demo server: %v", d.err)
	}
	return d.url
}

func (d *sharedDemo) start() {
	d.dir, d.err = os.MkdirTemp("", "throughline-browser-demo-")
	if d.err != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel, d.done = cancel, make(chan error, 1)
	ready := make(chan string, 1)
	out := &syncBuffer{}
	m := &Main{Stdin: strings.NewReader(""), Stdout: out, Stderr: out, Getenv: func(string) string { return "" }, Ready: ready}
	go func() {
		d.done <- m.Run(ctx, []string{"demo", "--db", filepath.Join(d.dir, "demo.db"), "--addr", "127.0.0.1:0"})
	}()
	select {
	case addr := <-ready:
		d.url = "http://" + addr
	case err := <-d.done:
		d.done <- err
		d.err = errors.Join(errors.New("demo exited"), err, errors.New(out.String()))
	case <-time.After(3 * time.Minute):
		d.err = errors.New("demo did not start in time")
	}
}

func (d *sharedDemo) stop() {
	if d.cancel == nil {
		return
	}
	d.cancel()
	<-d.done
	os.RemoveAll(d.dir)
}

// syncBuffer collects the demo server's output, which its handlers may
// write at the same time.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var chrome sharedChromium

// sharedChromium is one headless Chromium for every browser test.
type sharedChromium struct {
	once   sync.Once
	ctx    context.Context
	err    error
	dir    string
	cancel func()
}

// newBrowser returns a tab in a browser context of the test's own, in the
// shared Chromium, closed when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromium(t)
	c := &chrome
	c.once.Do(func() { c.start(path) })
	if c.err != nil {
		t.Fatalf("start chromium: %v", c.err)
	}
	ctx, cancel := chromedp.NewContext(c.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The tab lives as long as the context of its first action, so that
	// action must not carry a test's timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a browser tab: %v", err)
	}
	return ctx
}

func (c *sharedChromium) start(path string) {
	c.dir, c.err = os.MkdirTemp("", "throughline-chromium-")
	if c.err != nil {
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// Every page is one site (the demo on loopback): keep it in a few
		// renderers instead of starting a process per navigation, which on
		// two cores cost more than the pages themselves.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,site-per-process,IsolateOrigins,BackForwardCache,RenderDocument"),
		chromedp.Flag("process-per-site", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(c.dir),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	c.ctx, c.cancel = ctx, func() { cancelC(); cancelA() }
	// The first action starts the browser, which lives as long as its context.
	c.err = chromedp.Do(ctx)
}

func (c *sharedChromium) stop() {
	if c.cancel == nil {
		return
	}
	c.cancel()
	os.RemoveAll(c.dir)
}

// openDemo returns a browser tab of the test's own on the shared demo,
// with the test's timeout, and the demo's URL; in -short mode it skips.
func openDemo(t *testing.T, timeout time.Duration) (context.Context, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test")
	}
	browser := newBrowser(t)
	base := startDemo(t)
	ctx, cancel := context.WithTimeout(browser, timeout)
	t.Cleanup(cancel)
	return ctx, base
}
