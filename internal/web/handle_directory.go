package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"throughline/internal/directory"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// factRow is one row of a summary list; several values show as a list.
// Fields are the form inputs the row comes from.
type factRow struct {
	Label  string
	Values []string
	Fields []string
}

type directoryRow struct {
	URL, Name, Organization   string
	Localities, Ages, Wait    string
	SelfReferral, Eligibility string
}

type tierGroup struct {
	Tier, Label string
	Services    []directoryRow
}

// directoryListData is the directory page: the filter form as chosen and
// the services that pass it, grouped by tier.
type directoryListData struct {
	Tiers, Localities []form.Option
	Tier, Locality    string
	Query             string
	Filtered          bool
	Groups            []tierGroup
	// Total is every service in the directory, Shown those the filters
	// pass; Groups holds one page of them.
	Total, Shown int
	Pager        pager
	CanEdit      bool
}

// serviceURL is a service's page in the directory.
func serviceURL(id string) string { return "/directory/" + url.PathEscape(id) }

// serviceEditURL is a service's edit form.
func serviceEditURL(id string) string { return serviceURL(id) + "/edit" }

// tierLabels name the tiers in words; the codes stay in the file format.
var tierLabels = map[string]string{
	"primary": "Primary care", "talking-therapies": "NHS Talking Therapies", "secondary": "Secondary mental health care",
	"specialist-cen": "Specialist complex emotional needs", "voluntary": "Voluntary and community sector", "trauma": "Trauma services",
	"crisis": "Crisis services", "social-care": "Social care", "housing": "Housing", "substance-use": "Drug and alcohol services",
}

var routeLabels = map[string]string{
	"gp": "GP", "talking-therapies": "NHS Talking Therapies", "secondary": "Secondary mental health care", "crisis": "Crisis services",
	"ae-liaison": "A&E liaison", "voluntary": "Voluntary sector", "social-care": "Social care", "housing": "Housing", "self": "The person themselves",
}

func labelOrCode(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

// eligibilityDims are the dimensions a service's eligibility rules can name,
// in the order DESIGN.md gives them.
func eligibilityDims() []string {
	var out []string
	for _, d := range directory.DimensionOrder {
		if _, ok := directory.Dimensions[d]; ok {
			out = append(out, d)
		}
	}
	return out
}

func serviceAges(s directory.Service) string { return directory.AgeText(s.MinAge, s.MaxAge) }

func weeksText(n int) string {
	if n == 1 {
		return "1 week"
	}
	return fmt.Sprintf("%d weeks", n)
}

func yesNoText(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// localityNames gives a service's areas by name; none means the whole region.
func localityNames(codes []string, names map[string]string) []string {
	if len(codes) == 0 {
		return []string{directory.WholeRegion}
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = labelOrCode(names, c)
	}
	return out
}

// eligibilitySummary is one line such as "Risk: low, moderate · Engagement: Any".
func eligibilitySummary(s directory.Service) string {
	var parts []string
	for _, d := range eligibilityDims() {
		parts = append(parts, dimLabel(d)+": "+directory.RuleText(&s, d))
	}
	return strings.Join(parts, " · ")
}

func (s *Server) localityMap(r *http.Request) ([]directory.Locality, map[string]string, error) {
	locs, err := s.db.Localities(r.Context())
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]string, len(locs))
	for _, l := range locs {
		names[l.Code] = l.Name
	}
	return locs, names, nil
}

func (s *Server) handleDirectory(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page, err := pageParam(r, "page")
	if err != nil {
		return err
	}
	locs, names, err := s.localityMap(r)
	if err != nil {
		return err
	}
	f := form.Read(r.URL.Query())
	tier, locality, text := f.Text("tier"), f.Text("locality"), f.Text("q")
	if tier != "" && !slices.Contains(directory.Tiers, tier) {
		f.Add("tier", "Choose a tier from the list")
		tier = ""
	}
	if _, ok := names[locality]; locality != "" && !ok {
		f.Add("locality", "Choose a locality from the list")
		locality = ""
	}
	if len(text) > 100 {
		f.Add("q", "Search for at most 100 characters")
		text = ""
	}
	status := http.StatusOK
	if f.Err() != nil {
		status = http.StatusUnprocessableEntity
	}
	list, err := s.db.ServicesPage(ctx, store.ServiceFilter{Tier: tier, Locality: locality, Text: text}, page)
	if err != nil {
		return err
	}
	d := directoryListData{Tier: tier, Locality: locality, Query: text, Filtered: tier != "" || locality != "" || text != "", Total: list.Total, Shown: list.Total,
		CanEdit: directoryEditors.Allows(currentUser(r).Role)}
	if d.Pager, err = newPager(r, "page", list); err != nil {
		return err
	}
	if d.Filtered {
		if d.Total, err = s.db.ServiceCount(ctx); err != nil {
			return err
		}
	}
	for _, t := range directory.Tiers {
		d.Tiers = append(d.Tiers, form.Option{Value: t, Label: labelOrCode(tierLabels, t)})
	}
	for _, l := range locs {
		d.Localities = append(d.Localities, form.Option{Value: l.Code, Label: l.Name})
	}
	// The page comes in the order DESIGN.md lists the tiers, from primary
	// care onwards, so a tier's services are side by side.
	for _, sv := range list.Rows {
		if k := len(d.Groups) - 1; k < 0 || d.Groups[k].Tier != sv.Tier {
			d.Groups = append(d.Groups, tierGroup{Tier: sv.Tier, Label: labelOrCode(tierLabels, sv.Tier)})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Services = append(g.Services, directoryRow{URL: serviceURL(sv.ID), Name: sv.Name, Organization: sv.Organization,
			Localities: strings.Join(localityNames(sv.Localities, names), ", "), Ages: serviceAges(sv), Wait: weeksText(sv.WaitWeeks),
			SelfReferral: yesNoText(sv.SelfReferral), Eligibility: eligibilitySummary(sv)})
	}
	s.render(w, r, status, "directory", view{Title: "Service directory", D: d, Errors: errorsFrom(f.Err())})
	return nil
}
