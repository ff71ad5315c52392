package journey

// Append adds referrals to c, sharing its string and service tables, so
// that journeys recorded elsewhere (imported from other services) are
// analysed with Throughline's own.
func (c *Compact) Append(refs []Referral) {
	if len(refs) == 0 {
		return
	}
	if len(c.Strings) == 0 {
		c.Strings = []string{""}
	}
	strs := make(map[string]int32, len(c.Strings))
	for i, s := range c.Strings {
		if _, ok := strs[s]; !ok {
			strs[s] = int32(i)
		}
	}
	svcs := make(map[Service]int32, len(c.Services))
	for i, s := range c.Services {
		svcs[s] = int32(i)
	}
	str := func(s string) int32 {
		if i, ok := strs[s]; ok {
			return i
		}
		i := int32(len(c.Strings))
		strs[s], c.Strings = i, append(c.Strings, s)
		return i
	}
	c.Referrals = append(make([]CompactReferral, 0, len(c.Referrals)+len(refs)), c.Referrals...)
	for i := range refs {
		r := &refs[i]
		s := Service{r.ServiceID, r.ServiceTier}
		svc, ok := svcs[s]
		if !ok {
			svc = int32(len(c.Services))
			svcs[s], c.Services = svc, append(c.Services, s)
		}
		c.Referrals = append(c.Referrals, CompactReferral{PersonID: r.PersonID, ReceivedAt: seconds(r.ReceivedAt), DecidedAt: seconds(r.DecidedAt),
			TreatmentStartedAt: seconds(r.TreatmentStartedAt), Decision: r.Decision, Service: svc, Locality: str(r.Locality),
			ReferrerTier: str(r.ReferrerTier), DeclineReason: str(r.DeclineReason), Profile: str(r.Profile), OnwardRoute: r.OnwardRoute})
	}
}
