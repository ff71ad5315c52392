package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/store"
)

func (m *Main) migrate(ctx context.Context, args []string) error {
	fs := m.newFlags("migrate")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	for _, name := range applied {
		fmt.Fprintln(m.Stdout, "applied", name)
	}
	if err == nil && len(applied) == 0 {
		fmt.Fprintln(m.Stdout, "database is up to date")
	}
	return err
}

func (m *Main) userAdd(ctx context.Context, args []string) error {
	fs := m.newFlags("user add")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	username := fs.String("username", "", "sign-in name (letters, digits, . - _ @)")
	name := fs.String("name", "", "name shown to others")
	role := fs.String("role", "", "one of: "+rolesList())
	profession := fs.String("profession", "", "clinicians: "+strings.Join(auth.Professions, ", "))
	org := fs.String("organization", "", "referrers: their practice or service")
	personID := fs.Int64("person-id", 0, "service users: id of their own record")
	teams := fs.String("teams", "", "comma-separated team ids")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	u := auth.User{Username: *username, DisplayName: *name, Role: auth.Role(*role), Profession: *profession, Organization: *org, PersonID: *personID}
	for _, t := range strings.Split(*teams, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return fmt.Errorf("--teams: %q is not a team id", t)
		}
		u.TeamIDs = append(u.TeamIDs, id)
	}
	if err := u.Validate(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stderr, "Password (at least 12 characters), then Enter:")
	line, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("read password from standard input: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if err := auth.ValidateNewPassword(pw, u); err != nil {
		return err
	}
	if u.PasswordHash, err = auth.HashPassword(pw, auth.DefaultArgon2); err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateUser(ctx, &u); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "added %s (%s) as user %d\n", u.Username, u.Role.Label(), u.ID)
	return nil
}

func rolesList() string {
	var rs []string
	for _, r := range auth.Roles {
		rs = append(rs, string(r))
	}
	sort.Strings(rs)
	return strings.Join(rs, ", ")
}

func (m *Main) backup(ctx context.Context, args []string) error {
	fs := m.newFlags("backup")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	out := fs.String("out", "", "file to write (must not exist)")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("--out is required")
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s already exists; choose a new file name", *out)
	}
	if store.IsPostgres(*dsn) {
		return pgDump(ctx, *dsn, *out)
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.BackupSQLite(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "backup written to", *out)
	return nil
}

// pgDump backs up PostgreSQL with the server's own tool, custom format.
func pgDump(ctx context.Context, dsn, out string) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump")
		if len(matches) == 0 {
			return fmt.Errorf("pg_dump not found: install the PostgreSQL client tools")
		}
		sort.Strings(matches)
		bin = matches[len(matches)-1]
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--file="+out, "--dbname="+dsn)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_dump: %v: %s", err, strings.TrimSpace(string(b)))
	}
	return nil
}
