package web

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/directory"
	"throughline/internal/disclosure"
	"throughline/internal/problem"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// nearMissRules is how many failed rules still make a service worth
// showing as a near miss.
const nearMissRules = 2

// checkQuestion is one dimension asked as a question with radios.
type checkQuestion struct {
	Name, Legend, Hint string
	Options            []form.Option
}

// checkService is a service in the answer: how long the wait is, how to
// refer, and for a near miss the rules it failed, in words.
type checkService struct {
	ID, Name, Tier, Description string
	WaitWeeks                   int
	Routes                      []string
	ReferURL                    string // this system's referral form, for signed-in referrers
	Contact                     directory.Contact
	Failed                      []string
}

type referCheckData struct {
	Action     string
	Public     bool
	Questions  []checkQuestion
	Localities []form.Option
	Checked    bool
	InGap      bool
	Accepting  []checkService
	Crisis     []checkService
	NearMisses []checkService
}

// checkQuestions words the profile's dimensions as a referrer would answer
// them; the values are the directory's own.
var checkQuestions = []checkQuestion{
	{Name: "risk", Legend: "How high is the risk to them or others at the moment?"},
	{Name: "engagement", Legend: "How able are they to keep to appointments?"},
	{Name: "diagnosis", Legend: "Do they have a diagnosis?", Hint: "cen means a diagnosis of complex emotional needs or personality disorder."},
	{Name: "complexity", Legend: "How complex are their needs?"},
	{Name: "substance_use", Legend: "Do they use alcohol or drugs?"},
	{Name: "housing", Legend: "What is their housing like?"},
	{Name: "duration_needed", Legend: "How long are they likely to need support?"},
}

func valueLabel(v string) string {
	return strings.ToUpper(v[:1]) + strings.ReplaceAll(v[1:], "-", " ")
}

func (s *Server) handleReferCheck(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := referCheckData{Action: r.URL.Path, Public: strings.HasPrefix(r.URL.Path, "/services/")}
	for _, q := range checkQuestions {
		for _, v := range directory.Dimensions[q.Name] {
			q.Options = append(q.Options, form.Option{Value: v, Label: valueLabel(v)})
		}
		d.Questions = append(d.Questions, q)
	}
	locs, err := s.db.Localities(ctx)
	if err != nil {
		return err
	}
	locNames := map[string]string{}
	for _, l := range locs {
		d.Localities = append(d.Localities, form.Option{Value: l.Code, Label: l.Name})
		locNames[l.Code] = l.Name
	}
	if r.Method != http.MethodPost {
		s.render(w, r, http.StatusOK, "refer_check", view{Title: "Before you refer", D: d})
		return nil
	}
	if err := parseForm(r); err != nil {
		return err
	}
	p, ferr := readCheckProfile(form.Read(r.PostForm), locNames)
	if ferr != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "refer_check", view{Title: "Before you refer", D: d, Form: r.PostForm, Errors: errorsFrom(ferr)})
		return nil
	}
	if err := s.answerCheck(r, p, locNames, &d); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "refer_check", view{Title: "Before you refer", D: d, Form: r.PostForm})
	return nil
}

// readCheckProfile reads every dimension, all required, each problem
// against its own question.
func readCheckProfile(f *form.Form, locNames map[string]string) (directory.Profile, error) {
	var p directory.Profile
	for _, q := range checkQuestions {
		v := f.Text(q.Name)
		if v == "" {
			f.Add(q.Name, "Answer: "+strings.ToLower(q.Legend[:1])+q.Legend[1:])
			continue
		}
		if err := p.Set(q.Name, v); err != nil {
			f.Add(q.Name, "Choose one of the answers given")
		}
	}
	if age := f.Text("age"); age == "" {
		f.Add("age", "Enter their age")
	} else if err := p.Set("age", age); err != nil {
		f.Add("age", "Enter their age as a whole number of years, for example 32")
	}
	loc := f.Text("locality")
	if _, ok := locNames[loc]; !ok && loc != directory.AnyLocality {
		f.Add("locality", "Choose where they live")
	} else {
		p.Locality = loc
	}
	return p, f.Err()
}

// answerCheck fills the services that would accept p, the near misses
// with their failed rules in words, and counts p as unmet need when no
// non-crisis service accepts it.
func (s *Server) answerCheck(r *http.Request, p directory.Profile, locNames map[string]string, d *referCheckData) error {
	ctx := r.Context()
	svcs, e, res, err := s.evaluateProfile(ctx, p)
	if err != nil {
		return err
	}
	signedIn := currentUser(r) != nil && !d.Public
	byID := map[string]*directory.Service{}
	for i := range svcs {
		byID[svcs[i].ID] = &svcs[i]
	}
	d.Checked, d.InGap = true, res.InGap
	for _, id := range res.Accepted {
		sv := byID[id]
		cs := checkServiceOf(sv, signedIn)
		if sv.Crisis() {
			d.Crisis = append(d.Crisis, cs)
		} else {
			d.Accepting = append(d.Accepting, cs)
		}
	}
	near, err := e.NearMisses(p, 0)
	if err != nil {
		return err
	}
	for _, nm := range near {
		if len(nm.Failed) > nearMissRules {
			break // sorted by failed rules
		}
		cs := checkServiceOf(nm.Service, signedIn)
		for _, dim := range nm.Failed {
			cs.Failed = append(cs.Failed, ruleWords(nm.Service, dim, locNames))
		}
		d.NearMisses = append(d.NearMisses, cs)
	}
	if res.InGap {
		asker, err := s.askerKey(r, signedIn)
		if err != nil {
			return err
		}
		if _, err := s.db.CountUnmetNeed(ctx, p, asker); err != nil {
			return err
		}
	}
	return nil
}

// askerKey identifies who asked, for the once-a-day count, without keeping
// who they are: a keyed hash of the address (or of the account, signed
// in) and the UK day, so yesterday's keys cannot be matched to today's.
func (s *Server) askerKey(r *http.Request, signedIn bool) (string, error) {
	who := "addr:" + remoteAddr(r)
	if signedIn {
		who = "user:" + strconv.FormatInt(currentUser(r).ID, 10)
	}
	// The server's own secret, kept in the database so that every serve
	// process derives the same key for the same asker.
	key, err := s.db.FeedbackKey(r.Context())
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "unmet-need|%s|%s", uktime.In(s.db.Now()).Format(time.DateOnly), who)
	return hex.EncodeToString(m.Sum(nil)), nil
}

func checkServiceOf(sv *directory.Service, signedIn bool) checkService {
	cs := checkService{ID: sv.ID, Name: sv.Name, Tier: sv.Tier, Description: sv.Description, WaitWeeks: sv.WaitWeeks, Contact: sv.Contact}
	if sv.SelfReferral || slices.Contains(sv.ReferralRoutes, "self") {
		cs.Routes = append(cs.Routes, "The person can refer themselves")
	}
	if slices.Contains(sv.ReferralRoutes, "gp") {
		cs.Routes = append(cs.Routes, "Their GP can refer")
	}
	for _, rt := range sv.ReferralRoutes {
		if rt != "self" && rt != "gp" {
			cs.Routes = append(cs.Routes, "Referral from "+routeWords[rt])
		}
	}
	if signedIn && sv.Tier == "specialist-cen" {
		cs.ReferURL = "/referrals/new"
	}
	return cs
}

var routeWords = map[string]string{"talking-therapies": "NHS Talking Therapies", "secondary": "secondary mental health services",
	"crisis": "crisis services", "ae-liaison": "A&E liaison", "voluntary": "voluntary services", "social-care": "social care", "housing": "housing services"}

// ruleWords says in plain words who a service takes on one dimension:
// "This service takes people aged 18 to 25".
func ruleWords(sv *directory.Service, dim string, locNames map[string]string) string {
	switch dim {
	case "age":
		switch {
		case sv.MinAge != nil && sv.MaxAge != nil:
			return fmt.Sprintf("This service takes people aged %d to %d", *sv.MinAge, *sv.MaxAge)
		case sv.MinAge != nil:
			return fmt.Sprintf("This service takes people aged %d and over", *sv.MinAge)
		case sv.MaxAge != nil:
			return fmt.Sprintf("This service takes people aged up to %d", *sv.MaxAge)
		}
	case "locality":
		var names []string
		for _, l := range sv.Localities {
			names = append(names, cmp.Or(locNames[l], l))
		}
		return "This service only covers " + strings.Join(names, ", ")
	}
	var vals []string
	for _, v := range sv.Eligibility[dim] {
		vals = append(vals, strings.ToLower(valueLabel(v)))
	}
	return fmt.Sprintf("This service takes people whose %s is %s", strings.ToLower(dimLabel(dim)), orList(vals))
}

// orList is "a", "a or b", "a, b or c".
func orList(vs []string) string {
	if len(vs) < 2 {
		return strings.Join(vs, "")
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " or " + vs[len(vs)-1]
}

// unmetNeedSignal is the gap map's line on unmet need: situations described
// on "Before you refer" in the last twelve months that no non-crisis
// service would accept, as a disclosed count.
type unmetNeedSignal struct {
	Count disclosure.Count
	Since string // the first month counted, e.g. "December 2025"
	// CanCheck: the reader may use "Before you refer", so it is a link.
	CanCheck bool
}

func (s *Server) unmetNeed(r *http.Request) (unmetNeedSignal, error) {
	now := uktime.In(s.db.Now())
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, uktime.London).AddDate(0, -11, 0)
	n, err := s.db.UnmetNeedSince(r.Context(), from.Format("2006-01"))
	if err != nil {
		return unmetNeedSignal{}, err
	}
	return unmetNeedSignal{Count: disclosure.NewCount(n), Since: from.Format("January 2006"), CanCheck: referCheckers.Allows(currentUser(r).Role)}, nil
}

// evaluateProfile decides every directory service for p with the gap
// engine, the one place eligibility is worked out.
func (s *Server) evaluateProfile(ctx context.Context, p directory.Profile) ([]directory.Service, *directory.Engine, directory.Result, error) {
	svcs, err := s.db.Services(ctx)
	if err != nil {
		return nil, nil, directory.Result{}, err
	}
	e := directory.NewEngine(svcs)
	res, err := e.Evaluate(p)
	if err != nil {
		return nil, nil, res, problem.Errorf(problem.Invalid, "%s", problem.Message(err))
	}
	return svcs, e, res, nil
}
