package web

import (
	"throughline/internal/disclosure"
	"throughline/internal/store"
)

// principlesStaff is the staff-support section of the principles page:
// supervision within its expected frequency and training coverage per
// team, counts disclosed like every other count on the page. Staff
// support is measured because the clinicians' study found stigma is
// "sustained or born out of staff burnout and lack of knowledge".
type principlesStaff struct {
	Expected disclosure.Count
	Within   disclosure.Share
	Teams    []principlesStaffTeam
}

type principlesStaffTeam struct {
	Name               string
	Staff, KUF         disclosure.Count
	KUFShare           disclosure.Share
	Reflected          disclosure.Count
	ReflectedShare     disclosure.Share // attended reflective practice in the last three months
	CoursesNone, Total int              // courses, not people: shown as they are
}

func principlesStaffFrom(f store.StaffSupportFacts) principlesStaff {
	var out principlesStaff
	out.Expected = disclosure.NewCount(f.Expected)
	out.Within = disclosure.ShareOf(disclosure.NewCount(f.Within), out.Expected)
	for _, t := range f.Teams {
		row := principlesStaffTeam{Name: t.Name, Staff: disclosure.NewCount(t.Staff), KUF: disclosure.NewCount(t.KUF), CoursesNone: t.CoursesNone, Total: t.CoursesTotal}
		row.KUFShare = disclosure.ShareOf(row.KUF, row.Staff)
		row.Reflected = disclosure.NewCount(t.Reflected)
		row.ReflectedShare = disclosure.ShareOf(row.Reflected, row.Staff)
		out.Teams = append(out.Teams, row)
	}
	return out
}
