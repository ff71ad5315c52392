package demo

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Progress hears how far a load has got: Phase starts a named step of
// total units (people, episodes), Add reports n more done, Done ends it.
type Progress interface {
	Phase(name string, total int)
	Add(n int)
	Done()
}

// NewProgress reports to w: a bar redrawn in place when w is a terminal,
// otherwise one line per finished phase, so that logs stay readable.
func NewProgress(w io.Writer, terminal bool) Progress {
	return &progress{w: w, bar: terminal, now: time.Now}
}

// noProgress is the Progress of a load nobody watches.
type noProgress struct{}

func (noProgress) Phase(string, int) {}
func (noProgress) Add(int)           {}
func (noProgress) Done()             {}

type progress struct {
	w           io.Writer
	bar         bool
	now         func() time.Time
	name        string
	total, done int
	started     time.Time
	drawn       time.Time
}

const barWidth = 30

func (p *progress) Phase(name string, total int) {
	p.name, p.total, p.done, p.started = name, total, 0, p.now()
	p.drawn = time.Time{}
	p.draw()
}

func (p *progress) Add(n int) {
	p.done += n
	// A terminal redraws at most ten times a second; more is flicker.
	if t := p.now(); t.Sub(p.drawn) >= 100*time.Millisecond {
		p.draw()
	}
}

func (p *progress) Done() {
	took := p.now().Sub(p.started).Round(100 * time.Millisecond)
	if p.bar {
		p.done = p.total
		p.draw()
		fmt.Fprintf(p.w, " %s\n", took)
		return
	}
	fmt.Fprintf(p.w, "%s: %d done in %s\n", p.name, p.done, took)
}

func (p *progress) draw() {
	if !p.bar {
		return
	}
	p.drawn = p.now()
	filled := 0
	if p.total > 0 {
		filled = min(barWidth, barWidth*p.done/p.total)
	}
	fmt.Fprintf(p.w, "\r%-22s [%s%s] %d/%d", p.name, strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), p.done, p.total)
}
