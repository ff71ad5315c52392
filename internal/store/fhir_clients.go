package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/fhir"
	"throughline/internal/problem"
)

// FHIRClient is a system client registered for SMART Backend Services.
type FHIRClient struct {
	ID        int64
	ClientID  string
	Name      string
	PublicKey string // PEM or JWK, as registered
	Scopes    string // space-separated
	Disabled  bool
	CreatedAt time.Time
}

// CreateFHIRClient registers a client after checking its key and scopes,
// audited as the administrator's act.
func (db *DB) CreateFHIRClient(ctx context.Context, a auth.Actor, c *FHIRClient) error {
	var v problem.Validation
	c.ClientID, c.Name = strings.TrimSpace(c.ClientID), strings.TrimSpace(c.Name)
	if c.ClientID == "" || len(c.ClientID) > 100 {
		v.Add("client_id", "Enter a client id of up to 100 characters")
	}
	if c.Name == "" || len(c.Name) > 200 {
		v.Add("name", "Enter the client's name (the organisation or system), up to 200 characters")
	}
	if _, err := fhir.ParsePublicKey(c.PublicKey); err != nil {
		v.Add("public_key", "The public key could not be used: "+err.Error())
	}
	if _, err := fhir.ParseScopes(c.Scopes); err != nil {
		v.Add("scopes", err.Error())
	}
	if err := v.Err(); err != nil {
		return err
	}
	c.CreatedAt = db.Now()
	return db.Update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `INSERT INTO fhir_clients (client_id, name, public_key, scopes, disabled, created_at) VALUES (?, ?, ?, ?, FALSE, ?) RETURNING id`,
			c.ClientID, c.Name, c.PublicKey, c.Scopes, c.CreatedAt.UTC()).Scan(&c.ID)
		if err != nil && isUniqueViolation(err) {
			return problem.Errorf(problem.Conflict, "A client with id %q is already registered", c.ClientID)
		}
		if err != nil {
			return fmt.Errorf("insert FHIR client: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, 0, "fhir-client/"+c.ClientID))
	})
}

// FHIRClientRow is a registered client as the system administrator's page
// lists it: without its key, with how many unexpired tokens it holds.
type FHIRClientRow struct {
	FHIRClient
	ActiveTokens int
}

// FHIRClients lists every registered client, enabled or not, by name.
func (db *DB) FHIRClients(ctx context.Context) ([]FHIRClientRow, error) {
	return queryAll(ctx, db, "FHIR clients", `SELECT c.id, c.client_id, c.name, c.scopes, c.disabled, c.created_at,
			(SELECT COUNT(*) FROM fhir_tokens t WHERE t.client_id = c.client_id AND t.expires_at > ?)
		FROM fhir_clients c ORDER BY c.name, c.client_id`, []any{db.Now().UTC()}, func(rows scanner, c *FHIRClientRow) error {
		return rows.Scan(&c.ID, &c.ClientID, &c.Name, &c.Scopes, &c.Disabled, dbTime{&c.CreatedAt}, &c.ActiveTokens)
	})
}

// SetFHIRClientDisabled refuses the client (id) from now on, or lets it in
// again, audited as the administrator's act. Disabling also revokes every
// token it holds, so nothing it was given before still opens a record.
func (db *DB) SetFHIRClientDisabled(ctx context.Context, a auth.Actor, id int64, disabled bool) error {
	return db.Update(ctx, func(tx *Tx) error {
		var clientID string
		var was bool
		if err := tx.queryRow(ctx, `SELECT client_id, disabled FROM fhir_clients WHERE id = ?`, id).Scan(&clientID, &was); err != nil {
			return notFound(err, "FHIR client")
		}
		if was == disabled {
			state := map[bool]string{true: "disabled", false: "enabled"}[disabled]
			return problem.Errorf(problem.Conflict, "The client %s is already %s", clientID, state)
		}
		if _, err := tx.exec(ctx, `UPDATE fhir_clients SET disabled = ? WHERE id = ?`, disabled, id); err != nil {
			return fmt.Errorf("update FHIR client: %w", err)
		}
		action := auth.ActionFHIRClientEnable
		if disabled {
			action = auth.ActionFHIRClientDisable
			if _, err := tx.exec(ctx, `DELETE FROM fhir_tokens WHERE client_id = ?`, clientID); err != nil {
				return fmt.Errorf("revoke FHIR tokens: %w", err)
			}
		}
		return tx.audit(ctx, a.Event(action, 0, "fhir-client/"+clientID))
	})
}

// FHIRClientByID reads an enabled client by its client_id.
func (db *DB) FHIRClientByID(ctx context.Context, clientID string) (FHIRClient, error) {
	var c FHIRClient
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT id, client_id, name, public_key, scopes, disabled, created_at FROM fhir_clients WHERE client_id = ?`), clientID).
		Scan(&c.ID, &c.ClientID, &c.Name, &c.PublicKey, &c.Scopes, &c.Disabled, dbTime{&c.CreatedAt})
	if err != nil {
		return c, notFound(err, "FHIR client")
	}
	if c.Disabled {
		return c, problem.Errorf(problem.Unauthorized, "This client is disabled")
	}
	return c, nil
}

// UseAssertion records an assertion's jti for its client, refusing one
// seen before (a replay); expired jtis are cleared as it goes.
func (db *DB) UseAssertion(ctx context.Context, clientID, jti string, expires time.Time) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM fhir_jtis WHERE expires_at < ?`, db.Now().UTC()); err != nil {
			return fmt.Errorf("clear old jtis: %w", err)
		}
		_, err := tx.exec(ctx, `INSERT INTO fhir_jtis (client_id, jti, expires_at) VALUES (?, ?, ?)`, clientID, jti, expires.UTC())
		if err != nil && isUniqueViolation(err) {
			return problem.Errorf(problem.Unauthorized, "This assertion's jti has been used before: make a new assertion for each token request")
		}
		return err
	})
}

// IssueFHIRToken stores an access token's hash for the client and scopes,
// audited under the client's name.
func (db *DB) IssueFHIRToken(ctx context.Context, c FHIRClient, tokenHash string, scopes fhir.Scopes, expires time.Time) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM fhir_tokens WHERE expires_at < ?`, db.Now().UTC()); err != nil {
			return fmt.Errorf("clear old tokens: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO fhir_tokens (token_hash, client_id, scopes, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, c.ClientID, strings.Join(scopes, " "), expires.UTC()); err != nil {
			return fmt.Errorf("insert FHIR token: %w", err)
		}
		return tx.audit(ctx, FHIRClientActor(c).Event(auth.ActionFHIRToken, 0, "fhir-token"))
	})
}

// FHIRToken finds the client and scopes of an unexpired access token.
func (db *DB) FHIRToken(ctx context.Context, tokenHash string) (FHIRClient, fhir.Scopes, error) {
	var clientID, scopes string
	var expires time.Time
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT client_id, scopes, expires_at FROM fhir_tokens WHERE token_hash = ?`), tokenHash).
		Scan(&clientID, &scopes, dbTime{&expires})
	if err != nil || !expires.After(db.Now()) {
		return FHIRClient{}, nil, problem.Errorf(problem.Unauthorized, "The access token is not valid or has expired; request a new one")
	}
	c, err := db.FHIRClientByID(ctx, clientID)
	if err != nil {
		return c, nil, problem.Errorf(problem.Unauthorized, "The access token's client is no longer registered")
	}
	return c, strings.Fields(scopes), nil
}

// FHIRClientRole is the role a system client acts in: no person signs in
// with it, so only a bearer token reaches routes that name it.
const FHIRClientRole = auth.Role("fhir-client")

// FHIRClientActor is who a system client's reads are audited as: the
// client's name, with no user account and a relationship that says so.
func FHIRClientActor(c FHIRClient) auth.Actor {
	return auth.Actor{User: auth.User{Username: "fhir-client:" + c.ClientID + " (" + c.Name + ")", Role: FHIRClientRole}, Relationship: auth.Relationship("system-client")}
}
