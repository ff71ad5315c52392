package measures

import "fmt"

// The wording of each form. It is shown exactly as published: PHQ-9 and
// GAD-7 are free to reproduce (© Pfizer Inc., no permission required);
// CORE-10 may be used only with its wording unchanged and its copyright line
// shown (CORE System Trust licence). DIALOG is the published 11-item scale
// (Priebe et al. 2007). Never edit these strings to "improve" them: a
// changed wording is a different questionnaire and its scores are not
// comparable. testdata/core10.golden pins CORE-10.

const pfizerCopyright = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute."

const phq9Stem = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"

var phq9Items = []string{
	"Little interest or pleasure in doing things",
	"Feeling down, depressed, or hopeless",
	"Trouble falling or staying asleep, or sleeping too much",
	"Feeling tired or having little energy",
	"Poor appetite or overeating",
	"Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
	"Trouble concentrating on things, such as reading the newspaper or watching television",
	"Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
	"Thoughts that you would be better off dead or of hurting yourself in some way",
}

var phqOptions = []Option{{0, "Not at all"}, {1, "Several days"}, {2, "More than half the days"}, {3, "Nearly every day"}}

const gad7Stem = "Over the last 2 weeks, how often have you been bothered by the following problems?"

var gad7Items = []string{
	"Feeling nervous, anxious or on edge",
	"Not being able to stop or control worrying",
	"Worrying too much about different things",
	"Trouble relaxing",
	"Being so restless that it is hard to sit still",
	"Becoming easily annoyed or irritable",
	"Feeling afraid as if something awful might happen",
}

const core10Stem = "Over the last week..."

var core10Items = []string{
	"I have felt tense, anxious or nervous",
	"I have felt I have someone to turn to for support when needed",
	"I have felt able to cope when things go wrong",
	"Talking to people has felt too much for me",
	"I have felt panic or terror",
	"I made plans to end my life",
	"I have had difficulty getting to sleep or staying asleep",
	"I have felt despairing or hopeless",
	"I have felt unhappy",
	"Unwanted images or memories have been distressing me",
}

// core10Options are the form's columns from left to right. Items 2 and 3
// are positively worded; the form is answered the same way and Score
// reverses them.
var core10Options = []Option{{0, "Not at all"}, {1, "Only occasionally"}, {2, "Sometimes"}, {3, "Often"}, {4, "Most or all of the time"}}

const core10Copyright = "© CORE System Trust: https://www.coresystemtrust.org.uk/copyright.pdf"

const dialogStem = "How satisfied are you with..."

var dialogItems = []string{
	"your mental health?",
	"your physical health?",
	"your job situation?",
	"your accommodation?",
	"your leisure activities?",
	"your relationship with your partner/family?",
	"your friendships?",
	"your personal safety?",
	"your medication?",
	"the practical help you receive?",
	"your meetings with mental health professionals?",
}

var dialogOptions = []Option{{1, "Totally dissatisfied"}, {2, "Very dissatisfied"}, {3, "Fairly dissatisfied"}, {4, "In the middle"},
	{5, "Fairly satisfied"}, {6, "Very satisfied"}, {7, "Totally satisfied"}}

// dialogNotApplicable: the DIALOG manual lets people say an item does not
// apply (no job, no partner or family, no medication, no practical help).
var dialogNotApplicable = []int{3, 6, 9, 10}

const gboStem = "How close are you to reaching this goal? 0 means no progress at all, 10 means you have reached it."

var gboOptions = func() []Option {
	out := make([]Option, 11)
	for i := range out {
		out[i] = Option{i, fmt.Sprint(i)}
	}
	out[0].Label = "0 (no progress)"
	out[10].Label = "10 (goal reached)"
	return out
}()

// OptionLabel is the label of an answer value, or the number itself.
func (m *Measure) OptionLabel(v int) string {
	for _, o := range m.Options {
		if o.Value == v {
			return o.Label
		}
	}
	return fmt.Sprint(v)
}

// AllowsNotApplicable reports whether item (1-based) may be "does not apply".
func (m *Measure) AllowsNotApplicable(item int) bool {
	for _, i := range m.NotApplicable {
		if i == item {
			return true
		}
	}
	return false
}
