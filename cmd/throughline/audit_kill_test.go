package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// killRegion is one team, a clinician in it with a signed-in session, and
// a person on the team's caseload: enough for audited reads and writes.
type killRegion struct {
	person, episode int64
	user            auth.User
	token, csrf     string
}

func newKillRegion(t *testing.T, db *store.DB) killRegion {
	t.Helper()
	ctx := context.Background()
	var r killRegion
	hash, err := auth.HashPassword("a long test password", auth.Argon2Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		svc := directory.Service{ID: "cen", Name: "CEN Service", Tier: "specialist-cen"}
		if err := tx.CreateService(ctx, &svc); err != nil {
			return err
		}
		team := directory.Team{Name: "CEN Community Team", ServiceID: "cen"}
		if err := tx.CreateTeam(ctx, &team); err != nil {
			return err
		}
		p := care.Person{GivenName: "Robin", FamilyName: "Durable"}
		if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
			return err
		}
		r.user = auth.User{Username: "clin", DisplayName: "Clin Ician", Role: auth.Clinician, Profession: "nurse", PasswordHash: hash, TeamIDs: []int64{team.ID}}
		if err := tx.CreateUser(ctx, &r.user); err != nil {
			return err
		}
		ep := care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: r.user.ID, Pathway: "community-scm", Modality: "SCM"}
		if err := tx.CreateEpisode(ctx, auth.System, &ep); err != nil {
			return err
		}
		r.person, r.episode = p.ID, ep.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.token, r.csrf = auth.NewToken(), auth.NewToken()
	now := db.Now()
	if err := db.CreateSession(ctx, auth.Session{TokenHash: auth.HashToken(r.token), UserID: r.user.ID, CSRFToken: r.csrf, CreatedAt: now, LastSeenAt: now}, ""); err != nil {
		t.Fatal(err)
	}
	return r
}

// served is one `throughline serve` process.
type served struct {
	cmd *exec.Cmd
	url string
	out *strings.Builder
	mu  *sync.Mutex
}

var servingURL = regexp.MustCompile(`url=(http://\S+)`)

// startServe starts the built binary on a free port and waits until it
// says where it listens.
func startServe(t *testing.T, bin, dsn, keyFile string) served {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--audit-key", keyFile, "--cookie-secure", "false")
	cmd.Env = append(os.Environ(), "THROUGHLINE_DB=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := served{cmd: cmd, out: &strings.Builder{}, mu: &sync.Mutex{}}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.out.WriteString(line + "\n")
			s.mu.Unlock()
			if m := servingURL.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case s.url = <-found:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		s.mu.Lock()
		defer s.mu.Unlock()
		t.Fatalf("serve did not start:\n%s", s.out.String())
	}
	return s
}

func (s served) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait() // killed: the error only says so
}

// killLoad drives one server with audited reads of the person page and
// audited writes (medicines added), recording what was acknowledged,
// until the server stops answering.
type killLoad struct {
	mu        sync.Mutex
	reads     int
	medicines []string
	refused   []string // answers other than success: a fault, unless the server was dying
}

func (l *killLoad) drive(r killRegion, base, tag string, stop <-chan struct{}) {
	c := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	today := time.Now().UTC()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		var req *http.Request
		var name string
		if i%3 == 2 {
			name = fmt.Sprintf("Kill-%s-%d", tag, i)
			form := url.Values{"csrf_token": {r.csrf}, "episode": {fmt.Sprint(r.episode)}, "name": {name}, "dose": {"10 mg"},
				"frequency": {"Once a day"}, "prescriber": {"GP"}, "started_on": {today.AddDate(0, 0, -10).Format("2006-01-02")},
				"review_on": {today.AddDate(0, 1, 0).Format("2006-01-02")}}
			req, _ = http.NewRequest("POST", fmt.Sprintf("%s/people/%d/medication", base, r.person), strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req, _ = http.NewRequest("GET", fmt.Sprintf("%s/people/%d", base, r.person), nil)
		}
		req.AddCookie(&http.Cookie{Name: "tl_session", Value: r.token})
		res, err := c.Do(req)
		if err != nil {
			return // the server was killed
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		l.mu.Lock()
		switch {
		case name == "" && res.StatusCode == http.StatusOK:
			l.reads++
		case name != "" && res.StatusCode == http.StatusSeeOther:
			l.medicines = append(l.medicines, name)
		default:
			l.refused = append(l.refused, fmt.Sprintf("%s %s: %d", req.Method, req.URL.Path, res.StatusCode))
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
	}
}

// TestKillServeLosesNoAuditEvent runs two `throughline serve` processes on
// one database under a read and write load and SIGKILLs them, several
// times over; afterwards every acknowledged write is there with its audit
// event, every acknowledged read has its audit event, no event was sealed
// twice, and `audit verify` passes. It builds the binary and takes about
// 20 seconds on both databases; it runs in `make check`, and -short or
// THROUGHLINE_KILL_TEST=0 leaves it out:
//
//	go test -run TestKillServe -v ./cmd/throughline
//	./scripts/with-postgres.sh go test -run TestKillServe -v ./cmd/throughline
func TestKillServeLosesNoAuditEvent(t *testing.T) {
	if testing.Short() || os.Getenv("THROUGHLINE_KILL_TEST") == "0" {
		t.Skip("the kill test is left out by -short or THROUGHLINE_KILL_TEST=0")
	}
	bin := filepath.Join(t.TempDir(), "throughline")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for name, mk := range storetest.Dialects(t) {
		t.Run(name, func(t *testing.T) {
			dsn := mk(t)
			keyFile := filepath.Join(t.TempDir(), "audit-key")
			db := storetest.Open(t, dsn)
			r := newKillRegion(t, db)
			var load killLoad
			const rounds = 4
			for round := 0; round < rounds; round++ {
				servers := []served{startServe(t, bin, dsn, keyFile), startServe(t, bin, dsn, keyFile)}
				stop := make(chan struct{})
				var wg sync.WaitGroup
				for c := 0; c < 6; c++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						load.drive(r, servers[c%2].url, fmt.Sprintf("%d-%d", round, c), stop)
					}()
				}
				// Kill one server mid-load, then the other a little later.
				time.Sleep(time.Duration(600+200*round) * time.Millisecond)
				servers[round%2].kill(t)
				time.Sleep(300 * time.Millisecond)
				servers[(round+1)%2].kill(t)
				close(stop)
				wg.Wait()
			}
			load.mu.Lock()
			defer load.mu.Unlock()
			t.Logf("%d rounds: %d reads and %d writes acknowledged", rounds, load.reads, len(load.medicines))
			for _, r := range load.refused {
				t.Errorf("refused: %s", r)
			}
			if load.reads == 0 || len(load.medicines) == 0 {
				t.Fatal("no load was acknowledged: the test proves nothing")
			}

			// audit verify seals what the killed servers left and checks
			// every hash and signature.
			out, err := run(t, "", nil, "audit", "verify", "--db", dsn, "--audit-key", keyFile)
			if err != nil || !strings.Contains(out, "audit chain intact") || !strings.Contains(out, "not yet sealed: 0 events") {
				t.Fatalf("audit verify: %v\n%s", err, out)
			}
			t.Log(strings.TrimSpace(out))
			// One connection for every check (a count per medicine would
			// open one each).
			raw := rawDB(t, dsn)
			medicines := map[string]int64{}
			queryRows(t, raw, `SELECT name, id FROM medications`, func(rows *sql.Rows) error {
				var name string
				var id int64
				err := rows.Scan(&name, &id)
				medicines[name] = id
				return err
			})
			created := map[string]int{}
			queryRows(t, raw, `SELECT record FROM audit_events WHERE action = 'create' AND record LIKE 'medication/%'`, func(rows *sql.Rows) error {
				var record string
				err := rows.Scan(&record)
				created[record]++
				return err
			})
			for _, m := range load.medicines {
				id, ok := medicines[m]
				if !ok {
					t.Errorf("acknowledged medicine %s is missing", m)
					continue
				}
				if got := created[fmt.Sprint("medication/", id)]; got != 1 {
					t.Errorf("acknowledged medicine %s: %d audit events, want exactly 1", m, got)
				}
			}
			for record, n := range created {
				if n > 1 {
					t.Errorf("%s: sealed %d times", record, n)
				}
			}
			var views int
			if err := raw.QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM audit_events WHERE action = 'view' AND person_id = %d AND user_id = %d`, r.person, r.user.ID)).Scan(&views); err != nil {
				t.Fatal(err)
			}
			if views < load.reads {
				t.Errorf("%d view events for %d acknowledged reads", views, load.reads)
			}
		})
	}
}

// rawDB opens dsn directly, for checks that go around the store.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver, name := "sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)"
	if store.IsPostgres(dsn) {
		driver, name = "pgx", dsn
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryRows(t *testing.T, db *sql.DB, q string, scan func(*sql.Rows) error) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestServeSealsInTheBackground: while serving, events appended by anyone
// (here another connection pool, as a second server would be) are sealed
// into the chain within a few seconds, with no request asking for it.
func TestServeSealsInTheBackground(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "seal.db")
	keyFile := filepath.Join(t.TempDir(), "audit-key")
	db := storetest.Open(t, dsn)
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var out strings.Builder
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &syncWriter{w: &out}, Getenv: func(string) string { return "" }, Ready: ready}
	go func() {
		done <- m.Run(ctx, []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--audit-key", keyFile})
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	for i := 0; i < 5; i++ {
		if err := db.Audit(ctx, auth.System, auth.ActionSearch, 0, fmt.Sprint("people/", i)); err != nil {
			t.Fatal(err)
		}
	}
	// The sealer ticks every second; 4 s allows for a busy machine.
	deadline := time.Now().Add(4 * time.Second)
	for waiting(t, db) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("appended events still not sealed after 4 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got := storetest.Count(t, db, `SELECT COUNT(*) FROM audit_events`); got != 5 {
		t.Errorf("sealed %d events, want 5", got)
	}
	if got := storetest.Count(t, db, `SELECT COUNT(*) FROM audit_checkpoints`); got != 1 {
		t.Errorf("%d checkpoints, want the first events signed at once", got)
	}
}

// syncWriter lets the server's logger write from several goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// waiting is how many appended audit events are not yet sealed.
func waiting(t *testing.T, db *store.DB) int64 {
	t.Helper()
	n, err := db.AuditWaiting(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
