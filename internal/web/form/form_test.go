package form

import (
	"reflect"
	"testing"
	"time"

	"throughline/internal/problem"
)

func TestReaders(t *testing.T) {
	t.Parallel()
	f := Read(map[string][]string{
		"name":    {"  Ana \r\nLee  "},
		"lines":   {"one\r\n\r\n two \n"},
		"n":       {" 12 "},
		"bad-n":   {"twelve"},
		"on":      {"2026-07-15"},
		"bad-on":  {"15/07/2026"},
		"date":    {"2026-07-15"},
		"clock":   {"14:30"},
		"id":      {"7"},
		"bad-id":  {"-3"},
		"ids":     {"3", "", "4", "3"},
		"list":    {"a", " b ", "a", ""},
		"col":     {"x", "", " y "},
		"version": {"4"},
	})
	if got, want := f.Text("name"), "Ana \nLee"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	if got, want := f.Lines("lines"), []string{"one", "two"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Lines = %q, want %q", got, want)
	}
	if got, want := f.Int("n", "bad"), 12; got != want {
		t.Errorf("Int = %d, want %d", got, want)
	}
	if got := f.OptionalInt("missing", "bad"); got != nil {
		t.Errorf("OptionalInt(missing) = %v, want nil", *got)
	}
	if got, want := f.Date("on", "bad"), time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Date = %v, want %v", got, want)
	}
	if got, want := f.Time("date", "clock", "bad"), time.Date(2026, 7, 15, 13, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Time = %v, want %v (14:30 BST)", got, want)
	}
	if got, want := f.ID("id", "bad"), int64(7); got != want {
		t.Errorf("ID = %d, want %d", got, want)
	}
	if got, want := f.IDs("ids", "bad"), []int64{3, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("IDs = %v, want %v", got, want)
	}
	if got, want := f.List("list"), []string{"a", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("List = %q, want %q", got, want)
	}
	if got, want := f.Column("col"), []string{"x", "", "y"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Column = %q, want %q", got, want)
	}
	if got, want := f.Version(), 4; got != want {
		t.Errorf("Version = %d, want %d", got, want)
	}
	if err := f.Err(); err != nil {
		t.Fatalf("Err = %v, want nil", err)
	}
	f.Int("bad-n", "Enter a whole number")
	f.Date("bad-on", "Enter a real date")
	f.ID("bad-id", "Choose from the list")
	f.Required("missing", "Enter a name")
	got := problem.Fields(f.Err())
	want := map[string]string{"bad-n": "Enter a whole number", "bad-on": "Enter a real date", "bad-id": "Choose from the list", "missing": "Enter a name"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
	if got, want := problem.Message(f.Err()), "Enter a whole number; Enter a real date; Choose from the list; Enter a name"; got != want {
		t.Errorf("message = %q, want %q (in the order asked)", got, want)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sent    []string
		want    int
		invalid bool
	}{
		{nil, 0, false},
		{[]string{""}, 0, false},
		{[]string{"3"}, 3, false},
		{[]string{"three"}, 0, true},
		{[]string{"-1"}, 0, true},
	}
	for _, tt := range tests {
		f := Read(map[string][]string{VersionField: tt.sent})
		if got := f.Version(); got != tt.want || (f.Err() != nil) != tt.invalid {
			t.Errorf("Version(%q) = %d, err %v; want %d, invalid %v", tt.sent, got, f.Err(), tt.want, tt.invalid)
		}
	}
}

func TestWholeRecordsNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sent string
		want int
		ok   bool
	}{
		{"", 0, false},
		{" 12 ", 12, true},
		{"-3", -3, true},
		{"twelve", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		f := Read(map[string][]string{"n": {tt.sent}})
		if got, ok := f.Whole("n"); got != tt.want || ok != tt.ok {
			t.Errorf("Whole(%q) = %d, %v; want %d, %v", tt.sent, got, ok, tt.want, tt.ok)
		}
		if err := f.Err(); err != nil {
			t.Errorf("Whole(%q) recorded %v, want nothing", tt.sent, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sent string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{" 2026-11-20 ", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), true},
		{"2026-02-30", time.Time{}, false},
		{"20/11/2026", time.Time{}, false},
	}
	for _, tt := range tests {
		if got, ok := ParseDate(tt.sent); !got.Equal(tt.want) || ok != tt.ok {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.sent, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		date, clock string
		want        time.Time
		invalid     bool
	}{
		{"", "", time.Time{}, false},
		{"2026-01-10", "", time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), false},
		{"2026-01-10", "09:15", time.Date(2026, 1, 10, 9, 15, 0, 0, time.UTC), false},
		{"2026-06-10", "09:15", time.Date(2026, 6, 10, 8, 15, 0, 0, time.UTC), false},
		{"2026-02-30", "09:15", time.Time{}, true},
		{"", "09:15", time.Time{}, true},
		{"2026-06-10", "25:00", time.Time{}, true},
	}
	for _, tt := range tests {
		f := Read(map[string][]string{"d": {tt.date}, "c": {tt.clock}})
		got := f.Time("d", "c", "Enter a real date and time")
		if !got.Equal(tt.want) || (f.Err() != nil) != tt.invalid {
			t.Errorf("Time(%q, %q) = %v, err %v; want %v, invalid %v", tt.date, tt.clock, got, f.Err(), tt.want, tt.invalid)
		}
		if tt.invalid && problem.Fields(f.Err())["d"] == "" {
			t.Errorf("Time(%q, %q): problem not recorded against the date field", tt.date, tt.clock)
		}
	}
}

func TestWithKeepsFormProblemsFirst(t *testing.T) {
	t.Parallel()
	f := Read(map[string][]string{"n": {"x"}})
	f.Int("n", "Enter a number")
	var store problem.Validation
	store.Add("name", "Enter a name")
	err := f.With(store.Err())
	if got, want := problem.Message(err), "Enter a number; Enter a name"; got != want {
		t.Errorf("With message = %q, want %q", got, want)
	}
	notFound := problem.Errorf(problem.NotFound, "gone")
	if got := Read(nil).With(notFound); got != notFound {
		t.Errorf("With(not found) on a clean form = %v, want the error itself", got)
	}
}

func FuzzForm(f *testing.F) {
	f.Add("2026-03-29", "01:30", "12", "7")
	f.Add("", "", "", "")
	f.Add("2026-13-01", "99:99", "1e9", "-1")
	f.Fuzz(func(t *testing.T, date, clock, n, id string) {
		fm := Read(map[string][]string{"d": {date}, "c": {clock}, "n": {n}, "id": {id}, VersionField: {n}})
		at := fm.Time("d", "c", "bad time")
		fm.Date("d", "bad date")
		fm.Int("n", "bad number")
		if got := fm.ID("id", "bad id"); got < 0 {
			t.Fatalf("ID = %d, want never negative", got)
		}
		if v := fm.Version(); v < 0 {
			t.Fatalf("Version = %d, want never negative", v)
		}
		if !at.IsZero() && at.Location() != time.UTC {
			t.Fatalf("Time = %v, want UTC", at)
		}
		for field, msg := range problem.Fields(fm.Err()) {
			if msg == "" {
				t.Fatalf("field %s has an empty message", field)
			}
		}
	})
}
