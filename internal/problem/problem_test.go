package problem

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func TestCodeAndMessage(t *testing.T) {
	t.Parallel()
	wrapped := fmt.Errorf("save: %w", Errorf(Conflict, "changed by %s", "someone"))
	tests := []struct {
		name         string
		err          error
		code, msgHas string
	}{
		{"nil", nil, "", ""},
		{"app error", wrapped, Conflict, "changed by someone"},
		{"plain error hides detail", errors.New("pq: relation missing"), Internal, "Something went wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Code(tt.err); got != tt.code {
				t.Errorf("Code = %q, want %q", got, tt.code)
			}
			if tt.err == nil {
				return
			}
			if got := Message(tt.err); got[:len(tt.msgHas)] != tt.msgHas {
				t.Errorf("Message = %q, want prefix %q", got, tt.msgHas)
			}
		})
	}
}

func TestValidation(t *testing.T) {
	t.Parallel()
	var v Validation
	if v.Err() != nil {
		t.Fatal("empty validation should be nil")
	}
	v.Add("name", "Enter a name")
	v.Add("name", "second message ignored")
	v.Add("dob", "Date of birth must be in the past")
	err := v.Err()
	if got, want := Code(err), Invalid; got != want {
		t.Errorf("code = %q, want %q", got, want)
	}
	if got, want := Message(err), "Enter a name; Date of birth must be in the past"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if got, want := Fields(err)["name"], "Enter a name"; got != want {
		t.Errorf("field = %q, want %q", got, want)
	}
}

func TestMerge(t *testing.T) {
	var a, b Validation
	a.Add("name", "Enter a name")
	a.Add("dob", "Enter a date of birth")
	b.Add("dob", "The date of birth is in the future")
	b.Add("reason", "Say why")
	summary := &Error{Code: Conflict, Message: "Someone else saved this first", Fields: map[string]string{"conflict": "Saved by someone else"}}
	tests := []struct {
		name string
		errs []error
		want string
	}{
		{"nothing", []error{nil, errors.New("plain")}, ""},
		{"order kept, first message per field wins", []error{a.Err(), nil, b.Err()}, "Enter a name; Enter a date of birth; Say why"},
		{"a field outside its error's message adds nothing", []error{summary, b.Err()}, "The date of birth is in the future; Say why"},
	}
	for _, tt := range tests {
		err := Merge(tt.errs...)
		got := ""
		if err != nil {
			got = Message(err)
			if Code(err) != Invalid {
				t.Errorf("%s: code = %s, want invalid", tt.name, Code(err))
			}
		}
		if got != tt.want {
			t.Errorf("%s: message = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestProblemsKeepsMessagesWithSemicolonsWhole(t *testing.T) {
	t.Parallel()
	var v Validation
	v.Add("modality", "The episode is already MBT; choose a different modality")
	v.Add("reason", "Say why")
	got := Problems(v.Err())
	want := []FieldProblem{{"modality", "The episode is already MBT; choose a different modality"}, {"reason", "Say why"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Problems = %v, want %v", got, want)
	}
	if got := Problems(Merge(v.Err())); !reflect.DeepEqual(got, want) {
		t.Errorf("Problems(Merge) = %v, want %v", got, want)
	}
	byHand := &Error{Code: Invalid, Message: "Choose a team; Say why", Fields: map[string]string{"team": "Choose a team"}}
	want = []FieldProblem{{"team", "Choose a team"}, {"", "Say why"}}
	if got := Problems(byHand); !reflect.DeepEqual(got, want) {
		t.Errorf("Problems(by hand) = %v, want %v", got, want)
	}
	if got, want := Problems(Errorf(NotFound, "gone")), []FieldProblem{{"", "gone"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Problems(not found) = %v, want %v", got, want)
	}
}
