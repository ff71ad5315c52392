package auth

// Actor is who is acting and, for a person's record, why they may.
type Actor struct {
	User         User
	Relationship Relationship
	Reason       string
}

// System is the actor for work the software does itself (demo load, imports).
var System = Actor{User: User{ID: 0, Username: "system", Role: SystemAdmin}}

// Event is the audit event for this actor doing action to a person's record.
func (a Actor) Event(action string, personID int64, record string) Event {
	return Event{UserID: a.User.ID, Username: a.User.Username, Role: a.User.Role, Action: action,
		PersonID: personID, Record: record, Relationship: a.Relationship, Reason: a.Reason}
}
