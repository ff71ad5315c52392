// Package mhsds builds an MHSDS-shaped extract of one month's activity:
// the data set's tables and column names, its codes where they could be
// confirmed, and a check that refuses an extract missing mandatory
// fields. Pure Go: the store gathers the rows, the command writes files.
package mhsds

import "strings"

// DefaultTeamType is team type A16, Personality Disorder Service, the
// team type of a specialist service for people with complex emotional
// needs (NHS Data Model and Dictionary, SERVICE OR TEAM TYPE REFERRED TO
// FOR MENTAL HEALTH).
const DefaultTeamType = "A16"

// AttendStatus is the attendance code for an appointment outcome: 5
// attended on time, 2 cancelled by the patient, 3 did not attend, 4
// cancelled or postponed by the provider. Throughline records attended
// without lateness, so 6 (late but seen) and 7 (late, not seen) are never
// produced. An outcome not yet recorded has no code.
func AttendStatus(outcome string) (string, bool) {
	code, ok := map[string]string{"attended": "5", "cancelled-by-person": "2", "did-not-attend": "3", "cancelled-by-service": "4"}[outcome]
	return code, ok
}

// ConsultationMechanisms are the codes of CONSULTATION MECHANISM (MENTAL
// HEALTH) the extract accepts: the ones confirmed offline.
var ConsultationMechanisms = map[string]string{"01": "Face to face", "02": "Telephone", "11": "Video consultation"}

// ToolCode is the SNOMED CT code of a scored assessment tool's total
// score, for the measures whose codes are confirmed; others are left out
// of the coded score tables.
func ToolCode(measureID string) (string, bool) {
	code, ok := map[string]string{"PHQ-9": "720433000", "GAD-7": "445455005", "CORE-10": "718583008"}[measureID]
	return code, ok
}

// GenderIdentity is GENDER IDENTITY CODE for the words a person chose: 1
// male (including trans men), 2 female (including trans women), 3
// non-binary, 4 other, Z not stated.
func GenderIdentity(words string) string {
	switch strings.ToLower(strings.TrimSpace(words)) {
	case "man", "male", "trans man":
		return "1"
	case "woman", "female", "trans woman":
		return "2"
	case "non-binary":
		return "3"
	case "":
		return "Z"
	}
	return "4"
}

// SourceOfReferral is SOURCE OF REFERRAL FOR MENTAL HEALTH for the kinds of
// referrer whose code was confirmed offline: A1 a GP practice, B1 the
// person themselves. Others are blank (the README says why).
func SourceOfReferral(referrer string) string {
	return map[string]string{"gp": "A1", "self": "B1"}[referrer]
}
