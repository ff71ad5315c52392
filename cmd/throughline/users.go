package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/uktime"
)

// Account lifecycle from the command line, for the first administrator and
// for when nobody can sign in. Every change is audited with the system as
// the actor, as the web pages audit the administrator.

// userCommand runs "throughline user SUBCOMMAND".
func (m *Main) userCommand(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf(`unknown user command: none given; try one of: add, list, reset-password, deactivate, reactivate, set-role, set-teams, reset-2fa`)
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "add":
		return m.userAdd(ctx, rest)
	case "list":
		return m.userList(ctx, rest)
	case "reset-password":
		return m.userChange(ctx, sub, rest, nil, func(db *store.DB, u auth.User, _ []string) (string, error) {
			temporary := auth.NewTemporaryPassword()
			hash, err := auth.HashPassword(temporary, auth.DefaultArgon2)
			if err != nil {
				return "", err
			}
			if err := db.ResetPassword(ctx, auth.System, u.ID, hash); err != nil {
				return "", err
			}
			return fmt.Sprintf("temporary password for %s: %s\n(give it to them privately; they must choose a new password when they sign in with it)", u.Username, temporary), nil
		})
	case "deactivate", "reactivate":
		return m.userChange(ctx, sub, rest, nil, func(db *store.DB, u auth.User, _ []string) (string, error) {
			if err := db.SetAccountActive(ctx, auth.System, u.ID, sub == "reactivate"); err != nil {
				return "", err
			}
			if sub == "reactivate" {
				return "reactivated " + u.Username, nil
			}
			return "deactivated " + u.Username + " and ended their sessions", nil
		})
	case "set-role":
		var profession *string
		return m.userChange(ctx, sub, rest, func(fs *flag.FlagSet) {
			profession = fs.String("profession", "", "clinicians: "+strings.Join(auth.Professions, ", "))
		}, func(db *store.DB, u auth.User, more []string) (string, error) {
			c := store.AccountAccess{Version: u.Version, Role: auth.Role(more[0]), Profession: *profession, TeamIDs: u.TeamIDs}
			if err := db.SetAccountAccess(ctx, auth.System, u.ID, c); err != nil {
				return "", err
			}
			return fmt.Sprintf("%s is now %s", u.Username, c.Role.Label()), nil
		}, "ROLE")
	case "set-teams":
		return m.userChange(ctx, sub, rest, nil, func(db *store.DB, u auth.User, more []string) (string, error) {
			teams, err := parseTeamIDs(more[0])
			if err != nil {
				return "", err
			}
			c := store.AccountAccess{Version: u.Version, Role: u.Role, Profession: u.Profession, TeamIDs: teams}
			if err := db.SetAccountAccess(ctx, auth.System, u.ID, c); err != nil {
				return "", err
			}
			return fmt.Sprintf("%s's teams are now: %s", u.Username, orNoTeams(more[0])), nil
		}, "TEAM,...")
	case "reset-2fa":
		return m.userChange(ctx, sub, rest, nil, func(db *store.DB, u auth.User, _ []string) (string, error) {
			if err := db.ResetTwoFactor(ctx, auth.System, u.ID); err != nil {
				return "", err
			}
			return "removed two-factor sign-in for " + u.Username + "; they can set it up again", nil
		})
	}
	return fmt.Errorf(`unknown user command %q; try one of: add, list, reset-password, deactivate, reactivate, set-role, set-teams, reset-2fa`, sub)
}

// userChange parses "NAME [MORE...] [flags]", opens the database, finds
// the account and applies change, printing what it reports.
func (m *Main) userChange(ctx context.Context, sub string, args []string, flags func(*flag.FlagSet),
	change func(db *store.DB, u auth.User, more []string) (string, error), more ...string) error {
	fs := m.newFlags("user " + sub)
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	if flags != nil {
		flags(fs)
	}
	want := append([]string{"NAME"}, more...)
	pos, err := m.parsePositional(fs, args, len(want))
	if err != nil {
		return fmt.Errorf("usage: throughline user %s %s [flags]: %w", sub, strings.Join(want, " "), err)
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByUsername(ctx, pos[0])
	if err != nil {
		return fmt.Errorf("user %s: %w", pos[0], err)
	}
	msg, err := change(db, u, pos[1:])
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, msg)
	return nil
}

// parsePositional reads exactly n positional arguments, before or after
// the flags.
func (m *Main) parsePositional(fs *flag.FlagSet, args []string, n int) ([]string, error) {
	var pos []string
	for len(args) > 0 && len(pos) < n && !strings.HasPrefix(args[0], "-") {
		pos, args = append(pos, args[0]), args[1:]
	}
	if err := m.applyEnv(fs); err != nil {
		return nil, err
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	pos = append(pos, fs.Args()...)
	if len(pos) != n {
		return nil, fmt.Errorf("want %d arguments, got %d", n, len(pos))
	}
	return pos, nil
}

// parseTeamIDs reads comma-separated team ids; blank or "none" is no team.
func parseTeamIDs(s string) ([]int64, error) {
	var ids []int64
	if strings.TrimSpace(s) == "none" {
		return nil, nil
	}
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("%q is not a team id", t)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func orNoTeams(s string) string {
	if strings.TrimSpace(s) == "" || strings.TrimSpace(s) == "none" {
		return "none"
	}
	return s
}

// userList prints every account, a page of the store's list at a time.
func (m *Main) userList(ctx context.Context, args []string) error {
	fs := m.newFlags("user list")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tNAME\tROLE\tTEAMS\tSTATUS\tLAST SIGN-IN\tTWO-FACTOR")
	for offset := 0; ; offset += store.MaxLimit {
		page, err := db.ListUsers(ctx, offset, store.MaxLimit)
		if err != nil {
			return err
		}
		for _, u := range page.Users {
			status, last, twoFactor := "active", uktime.DateTime(u.LastSignInAt), "off"
			switch {
			case u.Disabled:
				status = "deactivated"
			case u.MustChangePassword:
				status = "must change password"
			}
			if last == "" {
				last = "never"
			}
			if u.TwoFactor {
				twoFactor = "on"
			}
			teams := make([]string, len(u.TeamIDs))
			for i, id := range u.TeamIDs {
				teams[i] = strconv.FormatInt(id, 10)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.Username, u.DisplayName, u.Role, orNoTeams(strings.Join(teams, ",")), status, last, twoFactor)
		}
		if offset+len(page.Users) >= page.Total || len(page.Users) == 0 {
			break
		}
	}
	return tw.Flush()
}
