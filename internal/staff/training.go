package staff

import (
	"slices"
	"strings"
	"time"

	"throughline/internal/problem"
)

// LivedExperience is how people with lived experience shape a course.
// The clinicians' study found training that is co-produced and
// co-delivered changes attitudes most, so the catalogue says which is.
type LivedExperience string

// Lived experience involvement.
const (
	LENone        LivedExperience = "none"
	LECoProduced  LivedExperience = "co-produced"
	LECoDelivered LivedExperience = "co-delivered"
	LEBoth        LivedExperience = "both"
)

// LivedExperiences lists every value, in the order forms offer them.
var LivedExperiences = []LivedExperience{LEBoth, LECoDelivered, LECoProduced, LENone}

// Label says it in words.
func (l LivedExperience) Label() string {
	switch l {
	case LENone:
		return "Not co-produced or co-delivered"
	case LECoProduced:
		return "Co-produced with people with lived experience"
	case LECoDelivered:
		return "Co-delivered by people with lived experience"
	case LEBoth:
		return "Co-produced and co-delivered with people with lived experience"
	}
	return string(l)
}

// Course is one entry in the training catalogue. Modality, when set, is
// the care modality (as episodes and groups name it, e.g. "MBT") that a
// worker should hold this course to deliver.
type Course struct {
	ID              int64
	Name            string
	Provider        string
	LivedExperience LivedExperience
	RenewalMonths   int // 0: does not need renewing
	Modality        string
	Retired         bool
}

// Validate checks a course before it is saved.
func (c *Course) Validate() error {
	var v problem.Validation
	c.Name, c.Provider, c.Modality = strings.TrimSpace(c.Name), strings.TrimSpace(c.Provider), strings.TrimSpace(c.Modality)
	if c.Name == "" || len(c.Name) > 200 {
		v.Add("name", "Enter the course name (up to 200 characters)")
	}
	if c.Provider == "" || len(c.Provider) > 200 {
		v.Add("provider", "Enter who provides it (up to 200 characters)")
	}
	if !slices.Contains(LivedExperiences, c.LivedExperience) {
		v.Add("lived_experience", "Choose how people with lived experience are involved")
	}
	if c.RenewalMonths < 0 || c.RenewalMonths > 120 {
		v.Add("renewal_months", "Enter the renewal period in months, from 0 (never) to 120")
	}
	if len(c.Modality) > 40 {
		v.Add("modality", "Modality can be up to 40 characters")
	}
	return v.Err()
}

// RecordStatus is where one person's record of one course stands.
type RecordStatus string

// Record statuses: asked to attend, a manager's answer, then completed.
const (
	Requested RecordStatus = "requested"
	Approved  RecordStatus = "approved"
	Declined  RecordStatus = "declined"
	Completed RecordStatus = "completed"
)

// Holding is whether a completion still counts.
type Holding string

// Holdings, from the training matrix's point of view.
const (
	NotHeld    Holding = "not-held"
	Current    Holding = "current"
	DueRenewal Holding = "due" // expires within RenewalWarning
	Expired    Holding = "expired"
)

// RenewalWarning is how far ahead a renewal shows as due: long enough to
// book a place on the next course.
const RenewalWarning = 90 * 24 * time.Hour

// Expires is when a completion on completedOn stops counting, or zero
// if the course never needs renewing.
func (c Course) Expires(completedOn time.Time) time.Time {
	if c.RenewalMonths == 0 || completedOn.IsZero() {
		return time.Time{}
	}
	return completedOn.AddDate(0, c.RenewalMonths, 0)
}

// Hold works out the holding of the latest completion (zero if none).
func (c Course) Hold(completedOn, today time.Time) Holding {
	if completedOn.IsZero() {
		return NotHeld
	}
	exp := c.Expires(completedOn)
	switch {
	case exp.IsZero():
		return Current
	case !day(today).Before(day(exp)):
		return Expired
	case day(exp).Sub(day(today)) <= RenewalWarning:
		return DueRenewal
	}
	return Current
}

// Counts reports whether a holding qualifies someone today.
func (h Holding) Counts() bool { return h == Current || h == DueRenewal }

// ModalityWarning says why allocating work in modality to a worker needs
// a team decision, or "" when nothing is missing: a course in the
// catalogue teaches the modality and the worker holds none of them
// today. held maps course ID to the worker's holding.
func ModalityWarning(worker, modality string, courses []Course, held map[int64]Holding) string {
	if modality == "" {
		return ""
	}
	var names []string
	for _, c := range courses {
		if c.Retired || !strings.EqualFold(c.Modality, modality) {
			continue
		}
		if held[c.ID].Counts() {
			return ""
		}
		names = append(names, c.Name)
	}
	if len(names) == 0 {
		return ""
	}
	return worker + " has no current training in " + modality + " (" + strings.Join(names, " or ") + ")"
}
