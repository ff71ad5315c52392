package main

import (
	"context"
	"fmt"
	"os"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// fhirClientCmd registers a SMART Backend Services client: the system
// administrator's step, from the command line.
func (m *Main) fhirClientCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("usage: throughline fhir-client add --id ID --name NAME --key FILE --scopes 'system/*.rs'")
	}
	fs := m.newFlags("fhir-client add")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	id := fs.String("id", "", "the client_id the client puts in iss and sub")
	name := fs.String("name", "", "who the client is, as the audit log will name it")
	keyFile := fs.String("key", "", "file holding the client's public key: PEM, or a JWK (RSA, or EC P-384)")
	scopes := fs.String("scopes", "", "space-separated system read scopes, e.g. 'system/*.rs' or 'system/Patient.rs system/Observation.rs'")
	if err := m.parse(fs, args[1:]); err != nil {
		return err
	}
	if *keyFile == "" {
		return fmt.Errorf("fhir-client add needs --key FILE")
	}
	key, err := os.ReadFile(*keyFile)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	c := store.FHIRClient{ClientID: *id, Name: *name, PublicKey: string(key), Scopes: *scopes}
	if err := db.CreateFHIRClient(ctx, auth.System, &c); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Registered FHIR client %s (%s) with scopes %s\n", c.ClientID, c.Name, c.Scopes)
	return nil
}
