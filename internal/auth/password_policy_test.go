package auth

import (
	"strings"
	"testing"

	"throughline/internal/problem"
)

func TestValidateNewPassword(t *testing.T) {
	t.Parallel()
	robin := User{Username: "rlinked", DisplayName: "Robin O'Linked-Smith"}
	tests := []struct {
		pw   string
		u    User
		want string // "" when accepted
	}{
		{"short", robin, "at least 12 characters"},
		{"aaaaaaaaaaaa", robin, "repeated character or a simple sequence"},
		{"abababababab", robin, "repeated character or a simple sequence"},
		{"123456789012", robin, "repeated character or a simple sequence"},
		{"987654321098", robin, "repeated character or a simple sequence"},
		{"qwertyuiopas", robin, "repeated character or a simple sequence"},
		{"password1234", robin, "list of common passwords"},
		{"Password1234!", robin, "list of common passwords"},
		{"1234password", robin, "list of common passwords"},
		{"P@ssw0rd2024", robin, "list of common passwords"},
		{"passwordpassword", robin, "list of common passwords"},
		{"winniethepooh", robin, "list of common passwords"},
		{"monkey!!!!!!!", robin, "list of common passwords"},
		{"my rlinked password is long", robin, "contain the username"},
		{"xxRLINKEDxx-long-enough", robin, "contain the username"},
		{"ROBIN likes long walks", robin, "contain the person's name"},
		{"walks with o'linked", robin, "contain the person's name"},
		{"smith family lunches", robin, "contain the person's name"},
		{"correct horse battery staple", robin, ""},
		{"kettle orbit lantern", User{Username: "al", DisplayName: "Al Ng"}, ""}, // name parts under 3 letters are not checked
		{"kettle orbit lantern", User{}, ""},
	}
	for _, tt := range tests {
		err := ValidateNewPassword(tt.pw, tt.u)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("ValidateNewPassword(%q) = %v, want accepted", tt.pw, err)
		case tt.want != "" && (problem.Code(err) != problem.Invalid || !strings.Contains(problem.Message(err), tt.want)):
			t.Errorf("ValidateNewPassword(%q) = %v, want Invalid with %q", tt.pw, err, tt.want)
		}
	}
}

func TestCommonPasswordListIsEmbedded(t *testing.T) {
	t.Parallel()
	deny := commonPasswords()
	if got := len(deny); got < 3000 {
		t.Errorf("deny list has %d passwords, want the whole list (over 3000)", got)
	}
	for _, pw := range []string{"123456", "password", "qwerty", "letmein"} {
		if !deny[pw] {
			t.Errorf("%q missing from the deny list", pw)
		}
	}
	for pw := range deny {
		if strings.HasPrefix(pw, "#") || pw != strings.TrimSpace(pw) {
			t.Errorf("deny list entry %q is not a password", pw)
		}
	}
}

func FuzzValidateNewPassword(f *testing.F) {
	for _, s := range []string{"password1234", "aaaaaaaaaaaa", "correct horse battery staple", "P@ssw0rd", "ÿÿÿÿÿÿÿÿÿÿÿÿ"} {
		f.Add(s, "rlinked", "Robin Linked")
	}
	f.Fuzz(func(t *testing.T, pw, username, name string) {
		err := ValidateNewPassword(pw, User{Username: username, DisplayName: name})
		if err != nil && problem.Code(err) != problem.Invalid {
			t.Fatalf("ValidateNewPassword(%q) = %v, want nil or Invalid", pw, err)
		}
		if err == nil && len(pw) < 12 {
			t.Fatalf("ValidateNewPassword(%q) accepted a short password", pw)
		}
	})
}
