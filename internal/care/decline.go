package care

import (
	"strings"
	"unicode/utf8"

	"throughline/internal/problem"
)

// Decline is what a screening decline records: a reason code and an onward
// route, either a directory service or a documented exception, and the
// profile the decision was made on.
type Decline struct {
	Reason          string
	OnwardServiceID string
	OnwardException string
	Profile         string
	// OutsideCriteria is why the onward service is still the place to go
	// when its published criteria do not take the person: a decline into
	// another decline is the bounce the gap map exists to show, so it is
	// only made with a reason written down.
	OutsideCriteria string
}

// maxOutsideCriteria bounds the written reason, like an onward exception.
const maxOutsideCriteria = 1000

// CheckOnwardCriteria applies the rule for an onward service, given
// whether its published criteria accept the person's profile: one that
// does not needs a reason. A reason given for a service that does accept
// the person is not kept, so that reports count only the real exceptions.
func (d *Decline) CheckOnwardCriteria(accepts bool) error {
	d.OutsideCriteria = strings.TrimSpace(d.OutsideCriteria)
	if d.OnwardServiceID == "" || accepts {
		d.OutsideCriteria = ""
		return nil
	}
	var v problem.Validation
	switch {
	case d.OutsideCriteria == "":
		v.Add("onward_outside_reason", "This service does not currently accept people with this profile: say why it is still the right place, or choose another")
	case utf8.RuneCountInString(d.OutsideCriteria) > maxOutsideCriteria:
		v.Add("onward_outside_reason", "Keep the reason to 1,000 characters or fewer")
	}
	return v.Err()
}
