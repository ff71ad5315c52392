package care

// Decline is what a screening decline records: a reason code and an onward
// route, either a directory service or a documented exception, and the
// profile the decision was made on.
type Decline struct {
	Reason          string
	OnwardServiceID string
	OnwardException string
	Profile         string
}
