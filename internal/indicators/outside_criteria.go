package indicators

// outsideCriteria counts declines sent on to a service whose published
// criteria do not take the person. Each was made with a written reason,
// but a decline into another decline is the bounce the gap map exists to
// show, so the number is reported apart from the other onward routes.
func outsideCriteria(f Facts) Indicator {
	n := 0
	for _, d := range f.Declines {
		if d.OnwardService && d.OutsideCriteria {
			n++
		}
	}
	return Indicator{"Onward route outside the service's criteria", Count(n),
		"How often a person declined here was sent to a service whose published criteria do not take them; each needs a written reason, and each risks the person being turned away again.",
		"Referrals declined at screening in the period whose onward service did not accept the profile the decision was made on, so a reason was written for it."}
}
