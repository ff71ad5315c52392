package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Audit actions.
const (
	ActionView       = "view"
	ActionCreate     = "create"
	ActionUpdate     = "update"
	ActionSearch     = "search"
	ActionBreakGlass = "break-glass"
	ActionLogin      = "login"
	ActionLoginFail  = "login-failed"
	ActionLogout     = "logout"
	ActionReview     = "review"
	ActionExport     = "export"

	// accounts: account lifecycle and two-factor sign-in (Trust 6 and 9).
	ActionUserCreate       = "user-create"
	ActionUserRole         = "user-role"
	ActionUserTeams        = "user-teams"
	ActionPasswordReset    = "password-reset"
	ActionPasswordChange   = "password-change"
	ActionUserDeactivate   = "user-deactivate"
	ActionUserReactivate   = "user-reactivate"
	ActionTwoFactorEnrol   = "two-factor-enrol"
	ActionTwoFactorReset   = "two-factor-reset"
	ActionTwoFactorFail    = "two-factor-failed"
	ActionRecoveryCodeUsed = "recovery-code-used"
	ActionAccountSetting   = "account-setting"
	// signin
	ActionDirectoryChange = "directory-change" // a service or locality added or changed
	// reminders: contact preferences and messages through GOV.UK Notify (issue 13).
	ActionMessageSent   = "message-sent"   // a reminder or notice handed to the transport
	ActionMessageFailed = "message-failed" // a message that will not be sent (permanent failure or too many tries)

	// language
	ActionLanguageEntry = "language-entry" // a lexicon entry added, reworded or retired

	// gapmap2: journeys imported from other services, and scenarios.
	ActionJourneyImport       = "journey-import"        // a batch of other services' journeys loaded
	ActionJourneyImportRemove = "journey-import-remove" // such a batch removed

	// fhir: system clients' tokens and bulk export jobs.
	ActionFHIRToken         = "fhir-token"
	ActionFHIRExportCancel  = "fhir-export-cancel"
	ActionFHIRClientDisable = "fhir-client-disable" // a system client refused from now on, its tokens revoked
	ActionFHIRClientEnable  = "fhir-client-enable"
)

// Event is one entry in the append-only audit log. Each event carries the
// hash of the one before it, so any edit or deletion breaks the chain.
type Event struct {
	Seq          int64
	At           time.Time
	UserID       int64
	Username     string
	Role         Role
	Action       string
	PersonID     int64  // 0 when the event is not about one person
	Record       string // e.g. "person", "referral/12"
	Relationship Relationship
	Reason       string // break-glass reason or other context
	PrevHash     string
	Hash         string
}

// GenesisHash precedes the first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Normalise truncates the time to what both databases store exactly, so the
// hash computed before saving matches the one recomputed after loading.
func (e *Event) Normalise() { e.At = e.At.UTC().Truncate(time.Microsecond) }

// ComputeHash returns the event's hash given the previous hash.
func (e Event) ComputeHash(prev string) string {
	// A fixed-order struct gives a canonical encoding.
	c := struct {
		Seq          int64  `json:"seq"`
		At           string `json:"at"`
		UserID       int64  `json:"user_id"`
		Username     string `json:"username"`
		Role         string `json:"role"`
		Action       string `json:"action"`
		PersonID     int64  `json:"person_id"`
		Record       string `json:"record"`
		Relationship string `json:"relationship"`
		Reason       string `json:"reason"`
		Prev         string `json:"prev"`
	}{e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.UserID, e.Username, string(e.Role), e.Action,
		e.PersonID, e.Record, string(e.Relationship), e.Reason, prev}
	b, _ := json.Marshal(c) // cannot fail: strings and integers only
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ChainVerifier checks events one at a time, in sequence order.
type ChainVerifier struct {
	prev    string
	nextSeq int64
	Checked int64
}

// NewChainVerifier starts at the genesis hash.
func NewChainVerifier() *ChainVerifier { return &ChainVerifier{prev: GenesisHash, nextSeq: 1} }

// Next checks one event and returns an error naming the first break found.
func (v *ChainVerifier) Next(e Event) error {
	if e.Seq != v.nextSeq {
		return fmt.Errorf("audit event %d missing (found %d next)", v.nextSeq, e.Seq)
	}
	if e.PrevHash != v.prev {
		return fmt.Errorf("audit event %d does not follow event %d: previous hash differs", e.Seq, e.Seq-1)
	}
	if got := e.ComputeHash(v.prev); got != e.Hash {
		return fmt.Errorf("audit event %d was altered: its content no longer matches its hash", e.Seq)
	}
	v.prev = e.Hash
	v.nextSeq++
	v.Checked++
	return nil
}
