package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Demo is what `throughline demo` reported about the region it built.
type Demo struct {
	Password  string
	Usernames map[string]bool
	People    int
	Took      time.Duration
	Reused    bool // served as an earlier run left it (-reuse); Took is unknown
}

var (
	passwordLine = regexp.MustCompile(`password for all: (\S+)\)`)
	loginLine    = regexp.MustCompile(`(?m)^  ([a-z][a-z0-9._-]*)\s{2,}\S`)
	peopleCount  = regexp.MustCompile(`(\d+) people`)
)

// parseDemo reads the sign-ins and the shared password from the demo's
// own output, so the benchmark signs in with what the demo made.
func parseDemo(out string) (Demo, error) {
	d := Demo{Usernames: map[string]bool{}}
	m := passwordLine.FindStringSubmatch(out)
	if m == nil {
		return d, errors.New("the demo printed no shared password")
	}
	d.Password = m[1]
	if _, rest, ok := strings.Cut(out, "Demo logins"); ok {
		for _, l := range loginLine.FindAllStringSubmatch(rest, -1) {
			d.Usernames[l[1]] = true
		}
	}
	if m := peopleCount.FindStringSubmatch(out); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return d, fmt.Errorf("the demo's people count: %w", err)
		}
		d.People = n
	}
	return d, nil
}

// scaleSupported asks `throughline demo -h` whether it takes --scale.
func scaleSupported(ctx context.Context, bin string) (bool, error) {
	out, err := exec.CommandContext(ctx, bin, "demo", "-h").CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) { // -h exits non-zero by design
		return false, fmt.Errorf("%s demo -h: %w", bin, err)
	}
	return bytes.Contains(out, []byte("-scale")), nil
}

// buildDemo makes a fresh demo region in dsn.
func buildDemo(ctx context.Context, bin, dsn, keyFile string, scale int, withScale bool, saved string) (Demo, error) {
	args := []string{"demo", "--fresh", "--no-serve", "--db", dsn, "--audit-key", keyFile}
	if withScale {
		args = append(args, "--scale", strconv.Itoa(scale))
	} else if scale != 1 {
		return Demo{}, fmt.Errorf("%s demo has no --scale flag, so only scale 1 can be measured", bin)
	}
	start := time.Now()
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if err != nil {
		return Demo{}, fmt.Errorf("%s %s: %w\n%s", bin, strings.Join(args, " "), err, tail(out))
	}
	d, err := parseDemo(string(out))
	d.Took = time.Since(start)
	if err != nil {
		return d, err
	}
	return d, os.WriteFile(saved, []byte(fmt.Sprintf("scale %d\n%s", scale, out)), 0o600)
}

// reuseDemo reads what buildDemo kept of an earlier build, refusing one of
// another scale: its figures would be reported under the wrong heading.
func reuseDemo(saved string, scale int) (Demo, error) {
	b, err := os.ReadFile(saved)
	if err != nil {
		return Demo{}, fmt.Errorf("nothing to reuse (build the region once without -reuse): %w", err)
	}
	first, rest, _ := strings.Cut(string(b), "\n")
	if want := fmt.Sprintf("scale %d", scale); first != want {
		return Demo{}, fmt.Errorf("%s holds a region of %s, not %s", saved, first, want)
	}
	d, err := parseDemo(rest)
	d.Reused = true
	return d, err
}

// Serve is a running `throughline serve`.
type Serve struct {
	cmd  *exec.Cmd
	URL  string
	done chan error
}

var servingLine = regexp.MustCompile(`msg=serving url=(\S+)`)

// startServe runs serve on a port the kernel chooses and learns the
// address from serve's own "serving" log line, so no port can be taken
// between choosing it and listening on it. Everything serve logs goes to
// logPath.
func startServe(ctx context.Context, bin, dsn, keyFile, logPath string) (*Serve, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--audit-key", keyFile)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		logFile.Close()
		return nil, err
	}
	cmd.Stdout = logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	s := &Serve{cmd: cmd, done: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logFile, line)
			if m := servingLine.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		s.done <- cmd.Wait()
		logFile.Close()
	}()
	select {
	case s.URL = <-found:
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("serve stopped before listening (%v); its log is %s", err, logPath)
	case <-time.After(2 * time.Minute):
	case <-ctx.Done():
	}
	s.Stop()
	return nil, fmt.Errorf("serve did not start listening; its log is %s", logPath)
}

// Stop asks serve to shut down gracefully, as Ctrl+C would, and kills it
// if it has not stopped after a while.
func (s *Serve) Stop() error {
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	select {
	case err := <-s.done:
		return err
	case <-time.After(30 * time.Second):
		if err := s.cmd.Process.Kill(); err != nil {
			return err
		}
		<-s.done
		return errors.New("serve did not stop within 30s of an interrupt and was killed")
	}
}

// startHello serves the ceiling: net/http with a handler that does
// nothing but answer.
func startHello() (url string, hs *http.Server, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs = &http.Server{Handler: http.HandlerFunc(hello), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "benchhttp: hello-world server:", err)
		}
	}()
	return "http://" + ln.Addr().String(), hs, nil
}

func hello(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if _, err := io.WriteString(w, "Hello, world!\n"); err != nil {
		return // the client went away; nothing to tell it
	}
}

func tail(b []byte) string {
	const keep = 2000
	if len(b) > keep {
		b = b[len(b)-keep:]
	}
	return string(b)
}
