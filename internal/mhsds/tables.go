package mhsds

import (
	"strconv"
	"strings"
	"time"
)

// Table is one file of the extract: the data set's table name, its column
// names and the rows, as text.
type Table struct {
	Name    string
	Columns []string
	Rows    [][]string
}

// mandatory names, per table, the columns a row may not leave blank.
var mandatory = map[string][]string{
	"MHS000Header":                    {"OrgIDProvider", "ReportingPeriodStartDate", "ReportingPeriodEndDate"},
	"MHS001MPI":                       {"LocalPatientId", "PersonBirthDate"},
	"MHS101Referral":                  {"ServiceRequestId", "LocalPatientId", "ReferralRequestReceivedDate"},
	"MHS102ServiceTypeReferredTo":     {"ServiceRequestId", "ServTeamTypeRefToMH"},
	"MHS201CareContact":               {"CareContactId", "ServiceRequestId", "CareContDate", "ConsMechanismMH", "AttendStatus"},
	"MHS204IndirectActivity":          {"LocalPatientId", "CareProfTeamLocalId", "IndirectActDate"},
	"MHS606CodedScoreAssessmentRefer": {"ServiceRequestId", "CodedAssToolType", "PersScore", "AssToolCompDate"},
	"MHS607CodedScoreAssessmentAct":   {"CareContactId", "CodedAssToolType", "PersScore", "AssToolCompDate"},
}

// Build lays the month's activity out as the data set's tables and checks
// every mandatory field: with any missing, it returns a *ProblemsError
// listing them all and no tables.
func Build(a Activity, cfg Config, m Month) ([]Table, error) {
	loc := m.Start.Location()
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.DateOnly)
	}
	clock := func(t time.Time) string { return t.In(loc).Format("15:04:05") }
	team := func(n int64) string {
		if n == 0 {
			return ""
		}
		return id(n)
	}
	byPerson := map[int64][]Referral{}
	for _, r := range a.Referrals {
		byPerson[r.PersonID] = append(byPerson[r.PersonID], r)
	}
	lastDay := m.End.AddDate(0, 0, -1)
	tables := []Table{{Name: "MHS000Header", Columns: []string{"OrgIDProvider", "ReportingPeriodStartDate", "ReportingPeriodEndDate", "DateTimeDatSetCreate", "PrimSystemInUse"},
		Rows: [][]string{{cfg.OrgCode, date(m.Start), lastDay.Format(time.DateOnly), cfg.Created.In(loc).Format("2006-01-02T15:04:05"), "Throughline"}}}}

	mpi := Table{Name: "MHS001MPI", Columns: []string{"LocalPatientId", "OrgIDLocalPatientId", "NHSNumber", "NHSNumberStatus", "PersonBirthDate", "GenderIdCode", "EthnicCategory"}}
	for _, p := range sortedPeople(a.People) {
		status := "03" // trace required: no number recorded
		if p.NHSNumber != "" {
			status = "02" // present but not traced here
		}
		mpi.Rows = append(mpi.Rows, []string{id(p.ID), cfg.OrgCode, p.NHSNumber, status, p.DateOfBirth, GenderIdentity(p.Gender), ethnicCategory(p.Ethnicity)})
	}
	refs := Table{Name: "MHS101Referral", Columns: []string{"ServiceRequestId", "LocalPatientId", "OrgIDProv", "ReferralRequestReceivedDate", "ReferralRequestReceivedTime", "SourceOfReferralMH", "ServDischDate"}}
	types := Table{Name: "MHS102ServiceTypeReferredTo", Columns: []string{"ServiceRequestId", "LocalPatientId", "ServTeamTypeRefToMH", "CareProfTeamLocalId", "ReferClosureDate", "ReferRejectionDate"}}
	for _, r := range a.Referrals {
		refs.Rows = append(refs.Rows, []string{id(r.ID), id(r.PersonID), cfg.OrgCode, date(r.Received), clock(r.Received), SourceOfReferral(r.Referrer), date(r.Closed)})
		types.Rows = append(types.Rows, []string{id(r.ID), id(r.PersonID), cfg.TeamType, team(r.TeamID), date(r.Closed), date(r.Rejected)})
	}
	contacts := Table{Name: "MHS201CareContact", Columns: []string{"CareContactId", "LocalPatientId", "ServiceRequestId", "CareProfTeamLocalId", "CareContDate", "CareContTime", "ClinContDurOfCareCont", "ConsMechanismMH", "AttendStatus"}}
	for _, c := range a.Contacts {
		code, _ := AttendStatus(c.Outcome)
		req := ""
		if n := serviceRequestFor(c, byPerson); n != 0 {
			req = id(n)
		}
		contacts.Rows = append(contacts.Rows, []string{id(c.ID), id(c.PersonID), req, team(c.TeamID), date(c.Starts), clock(c.Starts), strconv.Itoa(c.Minutes), cfg.ConsultationMechanism, code})
	}
	indirect := Table{Name: "MHS204IndirectActivity", Columns: []string{"IndirectActId", "LocalPatientId", "CareProfTeamLocalId", "IndirectActDate"}}
	for _, l := range a.Liaison {
		indirect.Rows = append(indirect.Rows, []string{id(l.ID), id(l.PersonID), team(l.TeamID), l.On})
	}
	scoreCols := []string{"AssToolCompId", "LocalPatientId", "ServiceRequestId", "CodedAssToolType", "PersScore", "AssToolCompDate"}
	scores := Table{Name: "MHS606CodedScoreAssessmentRefer", Columns: scoreCols}
	for _, s := range a.Scores {
		code, ok := ToolCode(s.MeasureID)
		if !ok {
			continue
		}
		req := ""
		if n := serviceRequestFor(Contact{PersonID: s.PersonID, Starts: s.Taken}, byPerson); n != 0 {
			req = id(n)
		}
		scores.Rows = append(scores.Rows, []string{id(s.ID), id(s.PersonID), req, code, strconv.FormatFloat(s.Total, 'f', -1, 64), date(s.Taken)})
	}
	// Scores are recorded against the person and episode, never against one
	// contact, so the care-activity table is written with its columns only.
	byActivity := Table{Name: "MHS607CodedScoreAssessmentAct", Columns: append([]string{"CareContactId"}, scoreCols...)}
	tables = append(tables, mpi, refs, types, contacts, indirect, scores, byActivity)
	if probs := check(tables, cfg); len(probs) > 0 {
		return nil, &ProblemsError{Problems: probs}
	}
	return tables, nil
}

func check(tables []Table, cfg Config) []Problem {
	var probs []Problem
	for _, t := range tables {
		for i, row := range t.Rows {
			name := "row " + strconv.Itoa(i+1)
			if len(row) > 0 && row[0] != "" && t.Name != "MHS000Header" {
				name = t.Columns[0] + " " + row[0]
			}
			for _, col := range mandatory[t.Name] {
				for j, c := range t.Columns {
					if c == col && strings.TrimSpace(row[j]) == "" {
						probs = append(probs, Problem{Table: t.Name, Row: name, Field: col})
					}
				}
			}
		}
	}
	if cfg.ConsultationMechanism != "" {
		if _, ok := ConsultationMechanisms[cfg.ConsultationMechanism]; !ok {
			probs = append(probs, Problem{Table: "MHS201CareContact", Row: "every row", Field: "ConsMechanismMH (a confirmed code: 01, 02 or 11)"})
		}
	}
	return probs
}

// ethnicCategory keeps a recorded ETHNIC CATEGORY code (one letter A to
// S, or Z); words are not guessed at.
func ethnicCategory(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 1 && ((s[0] >= 'A' && s[0] <= 'S') || s[0] == 'Z') {
		return s
	}
	return ""
}
