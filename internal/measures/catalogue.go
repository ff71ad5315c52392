package measures

// all is the catalogue. Each threshold cites its source.
var all = []*Measure{phq9, gad7, core10, dialog, gbo}

// PHQ-9: Kroenke, Spitzer & Williams (2001) J Gen Intern Med 16:606–613
// (items 0–3, total 0–27, severity bands 5/10/15/20). Caseness ≥10 and
// reliable change of 6 points: NHS Talking Therapies Manual (NHS England,
// 2023, v6) and its Data Handbook. Missing items: one missing item may be
// prorated (Talking Therapies Data Handbook scoring convention); more is
// not scored.
var phq9 = &Measure{
	ID: "PHQ-9", Name: "PHQ-9", Items: 9, MinItem: 0, MaxItem: 3, Required: 8, Prorate: true, Rule: Sum,
	Bands:  []Band{{0, "minimal"}, {5, "mild"}, {10, "moderate"}, {15, "moderately severe"}, {20, "severe"}},
	Cutoff: 10, ReliableChange: 6,
	// Item 9 asks about thoughts of being better off dead or of self-harm.
	RiskItems: []int{9},
	Licence:   "PHQ-9 © Pfizer Inc. No permission required to reproduce, translate, display or distribute.",
	Source:    "Kroenke et al. 2001; NHS Talking Therapies Manual",
	Stem:      phq9Stem, ItemText: phq9Items, Options: phqOptions, Copyright: pfizerCopyright,
}

// GAD-7: Spitzer, Kroenke, Williams & Löwe (2006) Arch Intern Med
// 166:1092–1097 (items 0–3, total 0–21, bands 5/10/15). Caseness ≥8 and
// reliable change of 4: NHS Talking Therapies Manual (2023). One missing
// item may be prorated, as for PHQ-9.
var gad7 = &Measure{
	ID: "GAD-7", Name: "GAD-7", Items: 7, MinItem: 0, MaxItem: 3, Required: 6, Prorate: true, Rule: Sum,
	Bands:  []Band{{0, "minimal"}, {5, "mild"}, {10, "moderate"}, {15, "severe"}},
	Cutoff: 8, ReliableChange: 4,
	Licence: "GAD-7 © Pfizer Inc. No permission required to reproduce, translate, display or distribute.",
	Source:  "Spitzer et al. 2006; NHS Talking Therapies Manual",
	Stem:    gad7Stem, ItemText: gad7Items, Options: phqOptions, Copyright: pfizerCopyright,
}

// CORE-10: Barkham, Bewick, Mullin et al. (2013) Counselling and
// Psychotherapy Research 13(1):3–13. Items 0–4, total 0–40; items 2 and 3
// are positively worded and reverse-scored; clinical cut-off 11; reliable
// change 6; severity bands 6/11/15/20/25 (healthy, low, mild, moderate,
// moderate-to-severe, severe). Item 6 is the risk item. CORE scoring
// guidance allows prorating when no more than one item is missing.
var core10 = &Measure{
	ID: "CORE-10", Name: "CORE-10", Items: 10, MinItem: 0, MaxItem: 4, Required: 9, Prorate: true, Rule: Sum,
	Reverse: []int{2, 3},
	Bands:   []Band{{0, "healthy"}, {6, "low"}, {11, "mild"}, {15, "moderate"}, {20, "moderate-to-severe"}, {25, "severe"}},
	Cutoff:  11, ReliableChange: 6,
	RiskItems: []int{6},
	Licence:   "CORE-10 © CORE System Trust. Used under the CORE System Trust licence: the wording of the items must not be changed.",
	Source:    "Barkham et al. 2013",
	Stem:      core10Stem, ItemText: core10Items, Options: core10Options, Copyright: core10Copyright,
}

// DIALOG: Priebe et al. (2007) Br J Psychiatry 191:420–426 and the DIALOG
// scale manual. Eleven items rated 1–7: items 1–8 are satisfaction with life
// domains (quality of life, mean of 1–8), items 9–11 with treatment
// (treatment satisfaction, mean of 9–11). Means are of the items answered;
// we require at least half of each subscale. No caseness cut-off.
var dialog = &Measure{
	ID: "DIALOG", Name: "DIALOG", Items: 11, MinItem: 1, MaxItem: 7, Required: 6, Rule: Mean, HigherIsBetter: true,
	Subscales: []Subscale{
		{Name: "quality_of_life", Items: []int{1, 2, 3, 4, 5, 6, 7, 8}, Rule: Mean, MinAnswered: 4},
		{Name: "treatment_satisfaction", Items: []int{9, 10, 11}, Rule: Mean, MinAnswered: 2},
	},
	TotalFrom: "quality_of_life",
	Source:    "Priebe et al. 2007",
	Stem:      dialogStem, ItemText: dialogItems, Options: dialogOptions, NotApplicable: dialogNotApplicable,
}

// GBO: Goal Based Outcomes (Law & Jacob, Goals and Goal Based Outcomes,
// CAMHS Press 2015): up to three goals in the person's own words, each rated
// 0–10 for progress; the total is the mean of the goals rated. Reliable
// change of 2.45 on the mean: Edbrooke-Childs, Jacob, Law, Deighton &
// Wolpert (2015) Child and Adolescent Mental Health 20(3):142–148.
var gbo = &Measure{
	ID: "GBO", Name: "Goal Based Outcomes", Items: 3, MinItem: 0, MaxItem: 10, Required: 1, Rule: Mean, HigherIsBetter: true,
	ReliableChange: 2.45,
	Source:         "Law & Jacob 2015; Edbrooke-Childs et al. 2015",
	Stem:           gboStem, Options: gboOptions,
}
