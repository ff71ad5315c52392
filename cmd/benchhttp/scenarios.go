package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync/atomic"
)

// Request is one step a client takes, and the status that means it worked.
type Request struct {
	Method string
	Path   string
	Form   url.Values
	Want   int
}

// Role names which signed-in clients a scenario runs as.
type Role int

const (
	Anonymous    Role = iota // the hello-world ceiling needs no session
	Clinician                // a named worker with a caseload
	Commissioner             // aggregate reports across the service
)

// Scenario is a named stream of requests.
type Scenario struct {
	Name string
	Role Role
	Next func(c *Client, rng *rand.Rand) Request
}

// Site is what the benchmark learned from the served pages before timing
// anything: whose records the clinician may open and the forms it posts.
type Site struct {
	People []Person
	// Goals holds, per person, the care plan's "Add a goal" form as the
	// page served it. Its CSRF token is replaced by each client's own.
	Goals    map[int64]Form
	Writable []Person
	// Search is the people search form and its one text field.
	Search      Form
	SearchField string
	written     atomic.Int64
}

// discover reads the caseload, each person's goal form and the search
// form through a signed-in clinician.
func discover(ctx context.Context, c *Client, home string) (*Site, error) {
	people, err := caseload(home)
	if err != nil {
		return nil, fmt.Errorf("clinician home page: %w", err)
	}
	s := &Site{People: people, Goals: map[int64]Form{}}
	for _, p := range people {
		page, err := c.get(ctx, carePlanPath(p.ID))
		if err != nil {
			return nil, err
		}
		f, err := findForm(page, http.MethodPost, "/care-plan/goals")
		if err != nil {
			continue // no episode to plan for: read, but not written to
		}
		if f.Fields["goal_text"] != "textarea" || f.Fields["csrf_token"] != "hidden" {
			return nil, fmt.Errorf("the care plan's goal form for person %d has no goal_text or csrf_token field", p.ID)
		}
		s.Goals[p.ID] = f
		s.Writable = append(s.Writable, p)
	}
	if len(s.Writable) == 0 {
		return nil, fmt.Errorf("no one on the clinician's caseload has a care plan goal form")
	}
	page, err := c.get(ctx, "/people")
	if err != nil {
		return nil, err
	}
	search, err := findForm(page, http.MethodGet, "/people")
	if err != nil {
		return nil, fmt.Errorf("people search page: %w", err)
	}
	for name, kind := range search.Fields {
		if kind == "search" || kind == "text" {
			if s.SearchField != "" {
				return nil, fmt.Errorf("people search form has two text fields, %s and %s", s.SearchField, name)
			}
			s.Search, s.SearchField = search, name
		}
	}
	if s.SearchField == "" {
		return nil, fmt.Errorf("people search form has no text field")
	}
	return s, nil
}

func personPath(id int64) string   { return fmt.Sprintf("/people/%d", id) }
func carePlanPath(id int64) string { return fmt.Sprintf("/people/%d/care-plan", id) }

func get(path string) Request {
	return Request{Method: http.MethodGet, Path: path, Want: http.StatusOK}
}

func (s *Site) anyone(rng *rand.Rand) Person { return s.People[rng.IntN(len(s.People))] }

// recordPages are the record reads of the mix: the pages a clinician
// opens for someone on their caseload.
var recordPages = []func(id int64) string{
	personPath,
	carePlanPath,
	func(id int64) string { return fmt.Sprintf("/people/%d/appointments", id) },
	func(id int64) string { return fmt.Sprintf("/people/%d/crisis-plan", id) },
}

// otherPages are the rest of a clinician's day in the mix.
func (s *Site) otherPage(rng *rand.Rand) string {
	switch rng.IntN(5) {
	case 0:
		return "/"
	case 1:
		return s.search(s.anyone(rng))
	case 2:
		return "/waiting"
	case 3:
		return "/caseload"
	default:
		return "/diary"
	}
}

// search looks p up by surname, as typed into the served search form.
func (s *Site) search(p Person) string {
	q := cloneValues(s.Search.Values)
	q.Set(s.SearchField, surname(p.Name))
	return s.Search.Action + "?" + q.Encode()
}

// addGoal posts the served "Add a goal" form for someone on the caseload,
// with this client's CSRF token and a new goal in the person's words.
func (s *Site) addGoal(c *Client, rng *rand.Rand) Request {
	p := s.Writable[rng.IntN(len(s.Writable))]
	form := cloneValues(s.Goals[p.ID].Values)
	form.Set("csrf_token", c.csrf)
	form.Set("goal_text", fmt.Sprintf("To feel settled enough to go to the library on Saturdays (load benchmark %d)", s.written.Add(1)))
	return Request{Method: http.MethodPost, Path: s.Goals[p.ID].Action, Form: form, Want: http.StatusSeeOther}
}

// MixKind is one of the three parts of the 70/20/10 mix.
type MixKind int

const (
	MixRecord MixKind = iota // 70%: a page of someone's record
	MixOther                 // 20%: home, search, waiting list, caseloads, diary
	MixWrite                 // 10%: a real form post
)

func chooseMix(rng *rand.Rand) MixKind {
	switch n := rng.IntN(100); {
	case n < 70:
		return MixRecord
	case n < 90:
		return MixOther
	default:
		return MixWrite
	}
}

func surname(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == ' ' {
			return name[i+1:]
		}
	}
	return name
}

// scenarios are the measured pages, in the order the table shows them.
// The mix comes last: its writes add goals to care plans, which would
// otherwise change what the earlier scenarios read.
func (s *Site) scenarios() []Scenario {
	return []Scenario{
		{"person page", Clinician, func(_ *Client, rng *rand.Rand) Request { return get(personPath(s.anyone(rng).ID)) }},
		{"care plan", Clinician, func(_ *Client, rng *rand.Rand) Request { return get(carePlanPath(s.anyone(rng).ID)) }},
		{"clinician home", Clinician, func(*Client, *rand.Rand) Request { return get("/") }},
		{"/gaps", Clinician, func(*Client, *rand.Rand) Request { return get("/gaps") }},
		{"/gaps/journeys", Clinician, func(*Client, *rand.Rand) Request { return get("/gaps/journeys") }},
		{"/reports/principles (commissioner)", Commissioner, func(*Client, *rand.Rand) Request { return get("/reports/principles") }},
		{"caseload", Clinician, func(*Client, *rand.Rand) Request { return get("/caseload") }},
		{"waiting list (first page)", Clinician, func(*Client, *rand.Rand) Request { return get("/waiting") }},
		{"people search", Clinician, func(_ *Client, rng *rand.Rand) Request { return get(s.search(s.anyone(rng))) }},
		{"70/20/10 mix", Clinician, func(c *Client, rng *rand.Rand) Request {
			switch chooseMix(rng) {
			case MixRecord:
				return get(recordPages[rng.IntN(len(recordPages))](s.anyone(rng).ID))
			case MixOther:
				return get(s.otherPage(rng))
			default:
				return s.addGoal(c, rng)
			}
		}},
	}
}

// helloWorld is the ceiling: the same client asking a bare net/http server.
var helloWorld = Scenario{"hello world (H)", Anonymous, func(*Client, *rand.Rand) Request { return get("/") }}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
