package mail

import "time"

// TrainingCancelled tells a person signed up for a training event that it
// is cancelled: which module, when and where it was to be.
type TrainingCancelled struct {
	Lang, Name, Module, Place string
	StartsAt                  time.Time
}

// Render returns the subject and plain text body in m.Lang (bokmål if
// unsupported).
func (m TrainingCancelled) Render() (subject, text string) {
	p := catalog().Printer(m.Lang)
	module := clean(m.Module, maxLine)
	var b body
	b.para(greeting(p, m.Name))
	b.para(p.T("mail.training_cancelled.intro", "Module", module, "When", p.DateTime(m.StartsAt)))
	if place := clean(m.Place, maxLine); place != "" {
		b.para(p.T("mail.training_cancelled.place", "Place", place))
	}
	b.para(p.T("mail.training_cancelled.next"))
	b.para(p.T("mail.signoff_anon"))
	return p.T("mail.training_cancelled.subject", "Module", module), b.String()
}
