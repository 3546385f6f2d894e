package mail

import "time"

// Offer is the message to an applicant offered a position as mentor: what
// the offer is, and the link to accept or decline it by (a secret: whoever
// holds it answers).
type Offer struct {
	Lang, Name, Program, Title string
	StartsOn, EndsOn           time.Time
	Hourly                     float64 // kroner
	Programme                  string  // the applicant's study programme; "" for none
	URL                        string
}

// Render returns the subject and plain text body in o.Lang (bokmål if
// unsupported).
func (o Offer) Render() (subject, text string) {
	p := catalog().Printer(o.Lang)
	program := programName(p, o.Program)
	var b body
	b.para(greeting(p, o.Name))
	b.para(p.T("mail.offer.intro", "Program", program))
	lines := []string{p.T("mail.offer.label.title") + ": " + clean(o.Title, maxLine),
		p.T("mail.offer.label.period") + ": " + p.Date(o.StartsOn) + " – " + p.Date(o.EndsOn),
		p.T("mail.offer.label.hourly") + ": " + p.Decimal(o.Hourly, 2) + " kr"}
	if pr := clean(o.Programme, maxLine); pr != "" {
		lines = append(lines, p.T("mail.offer.label.programme")+": "+pr)
	}
	b.para(lines...)
	if u := cleanURL(o.URL); u != "" {
		b.para(p.T("mail.offer.link", "URL", u))
	}
	b.para(p.T("mail.offer.until"))
	b.para(signoff(p, o.Program))
	return p.T("mail.offer.subject", "Program", program), b.String()
}
