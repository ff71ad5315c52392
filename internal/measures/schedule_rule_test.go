package measures

import (
	"testing"

	"throughline/internal/problem"
)

func TestScheduleRuleValidate(t *testing.T) {
	modalities := []string{"SCM", "MBT"}
	tests := []struct {
		name  string
		rule  ScheduleRule
		field string // "" when valid
	}{
		{"every 6 sessions", ScheduleRule{MeasureID: "CORE-10", EverySessions: 6}, ""},
		{"switched off", ScheduleRule{MeasureID: "PHQ-9", Modality: "MBT"}, ""},
		{"every session", ScheduleRule{MeasureID: "GBO", EverySessions: 1}, ""},
		{"a year of sessions", ScheduleRule{MeasureID: "GBO", EverySessions: 52}, ""},
		{"more than a year", ScheduleRule{MeasureID: "GBO", EverySessions: 53}, "every_sessions"},
		{"negative", ScheduleRule{MeasureID: "GBO", EverySessions: -1}, "every_sessions"},
		{"unknown measure", ScheduleRule{MeasureID: "BDI", AtEnding: true}, "measure"},
		{"unknown modality", ScheduleRule{MeasureID: "GAD-7", Modality: "CBT", AtEnding: true}, "modality"},
	}
	for _, tt := range tests {
		err := tt.rule.Validate(modalities)
		fields := problem.Fields(err)
		if tt.field == "" && err != nil {
			t.Errorf("%s: %v, want valid", tt.name, err)
		}
		if tt.field != "" && fields[tt.field] == "" {
			t.Errorf("%s: fields %v, want a message for %s", tt.name, fields, tt.field)
		}
	}
}

func TestScheduleRuleInWords(t *testing.T) {
	tests := []struct {
		rule ScheduleRule
		want string
	}{
		{ScheduleRule{}, "switched off"},
		{ScheduleRule{AtAssessment: true, EverySessions: 6, AtEnding: true}, "at assessment, every 6 attended sessions, at the ending of care"},
		{ScheduleRule{EverySessions: 1}, "every attended session"},
		{ScheduleRule{AtEnding: true}, "at the ending of care"},
	}
	for _, tt := range tests {
		if got := tt.rule.InWords(); got != tt.want {
			t.Errorf("%+v in words = %q, want %q", tt.rule, got, tt.want)
		}
	}
}
