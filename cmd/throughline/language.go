package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"throughline/internal/language"
)

// maxCheckInput bounds what language check reads, like the web check.
const maxCheckInput = 1 << 20

// usageError is bad input to a command: main exits with status 2 for it,
// as command-line tools conventionally do, so scripts can tell "nothing
// flagged" (0) from "could not check" (2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (usageError) ExitCode() int   { return 2 }

// languageCmd checks text on standard input against the seed lexicon:
// throughline language check [--json]. It uses the seed lexicon rather than
// a database so it can run anywhere, for example in a letter template's
// build; a service's own entries are checked on the web.
func (m *Main) languageCmd(_ context.Context, args []string) error {
	const use = "usage: throughline language check [--json] < TEXT"
	if len(args) == 0 || args[0] != "check" {
		return usageError{use}
	}
	asJSON := false
	for _, a := range args[1:] {
		switch a {
		case "--json", "-json":
			asJSON = true
		default:
			return usageError{fmt.Sprintf("unknown flag %q; %s", a, use)}
		}
	}
	b, err := io.ReadAll(io.LimitReader(m.Stdin, maxCheckInput+1))
	if err != nil {
		return usageError{fmt.Sprintf("reading standard input: %v", err)}
	}
	if len(b) > maxCheckInput {
		return usageError{"the text is longer than 1 MiB"}
	}
	if !utf8.Valid(b) {
		return usageError{language.ErrInvalidText.Error()}
	}
	flags := language.NewMatcher(language.Seed()).Check(string(b))
	if flags == nil {
		flags = []language.Flag{}
	}
	if asJSON {
		return json.NewEncoder(m.Stdout).Encode(struct {
			Flags []language.Flag `json:"flags"`
		}{flags})
	}
	if len(flags) == 0 {
		fmt.Fprintln(m.Stdout, "Nothing flagged.")
	}
	for _, f := range flags {
		fmt.Fprintf(m.Stdout, "%d-%d %q: %s Try: %s\n", f.Start, f.End, string(b[f.Start:f.End]), f.Why, f.Suggestion)
	}
	return nil
}
