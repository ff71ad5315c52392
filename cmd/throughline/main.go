// Command throughline runs the Throughline service: the care pathway of a
// specialist service for people with complex emotional needs and the map of
// services around it. Subcommands: serve, demo, migrate, user (add, list,
// reset-password, deactivate, reactivate, set-role, set-teams, reset-2fa), gaps,
// import directory, export directory, backup, audit (verify, checkpoint,
// public-key), safety report.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "throughline:", err)
		// language: a command may ask for another exit status (2 for bad input).
		var ec interface{ ExitCode() int }
		if errors.As(err, &ec) {
			os.Exit(ec.ExitCode())
		}
		os.Exit(1)
	}
}

// Main wires the program; tests run it end to end with their own streams.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Ready, if set, receives the listening address once serve is accepting.
	Ready chan<- string
}

const usage = `Usage: throughline COMMAND [flags]

Commands:
  serve         run the web service
  demo          create a fresh demo region and serve it
  migrate       apply database migrations
  user add      add a user account (password read from standard input)
  user list     list accounts with role, teams, status, last sign-in, two-factor
  user reset-password NAME   print a temporary password that must be changed at sign-in
  user deactivate NAME | user reactivate NAME   stop or restore an account's sign-in
  user set-role NAME ROLE [--profession P] | user set-teams NAME TEAM,...
  user reset-2fa NAME        remove two-factor sign-in so it can be set up again
  gaps          who is accepted where: a profile's services, or the gap grid
  gaps replay --changes FILE.json [--directory FILE --journeys FILE.csv] [--as-of DATE] [--json]   replay journeys against proposed rules
  import directory FILE   load the service directory (its own JSON or HSDS 3.0; rejected whole if invalid)
  import journeys FILE.csv [--source NAME]   load other services' referral journeys (CSV; rejected whole if invalid)
  export directory [--format hsds]   write the service directory as JSON (or Open Referral UK / HSDS 3.0)
  export mhsds --month 2026-10 --out DIR   write one month's MHSDS-shaped extract, one CSV per table
  export fhir             write records as FHIR R4 <Type>.ndjson files (--out DIR [--since T] [--type Patient,Observation])
  fhir-client add --id ID --name NAME --key FILE --scopes S   register a SMART Backend Services client
  measures score MEASURE ANSWERS [--json]   score a questionnaire (PHQ-9, GAD-7, CORE-10, DIALOG, GBO)
  language check [--json]   flag stigmatising phrases in text on standard input (seed lexicon)
  backup        write a consistent copy of the database
  audit verify  check the audit log's hashes, its signed checkpoints and any kept outside (--expect)
  audit checkpoint   sign the audit log's newest event and print the checkpoint line to keep outside
  audit public-key   print the public key that checks the audit log's signatures
  safety report the clinical safety case: the hazard log with the outcome of every test its controls name

Every flag can also be set with an environment variable THROUGHLINE_<FLAG>,
e.g. THROUGHLINE_DB=postgres://... . Run "throughline COMMAND -h" for flags.
`

// Run executes one subcommand.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return m.serve(ctx, rest)
	case "demo":
		return m.demo(ctx, rest)
	case "migrate":
		return m.migrate(ctx, rest)
	case "gaps":
		return m.gaps(ctx, rest)
	case "import":
		return m.importCmd(ctx, rest)
	case "export":
		return m.exportCmd(ctx, rest)
	case "fhir-client":
		return m.fhirClientCmd(ctx, rest)
	case "measures":
		return m.measuresCmd(ctx, rest)
	case "backup":
		return m.backup(ctx, rest)
	case "user":
		return m.userCommand(ctx, rest)
	case "audit":
		return m.auditCmd(ctx, rest)
	case "language":
		return m.languageCmd(ctx, rest)
	case "safety":
		return m.safetyCmd(ctx, rest)
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	default:
		fmt.Fprint(m.Stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}
