package mail

import "time"

// Changed is the message to the students expected at a session that was
// moved or cancelled.
type Changed struct {
	Lang, Name, Program, Group, Title string
	Starts                            time.Time // the new time (moved)
	Place                             string
	Cancelled                         bool
	PageURL, OptOutURL                string
}

// Render returns the subject and plain text body in c.Lang (bokmål if
// unsupported); times are shown in Europe/Oslo.
func (c Changed) Render() (subject, text string) {
	p := catalog().Printer(c.Lang)
	program := programName(p, c.Program)
	var b body
	b.para(greeting(p, c.Name))
	if c.Cancelled {
		b.para(p.T("mail.changed.cancelled_intro", "Group", clean(c.Group, maxLine)))
		b.para(details(p, c.Title, "", c.Starts, "")...)
	} else {
		b.para(p.T("mail.changed.moved_intro", "Group", clean(c.Group, maxLine)))
		b.para(details(p, c.Title, "", c.Starts, c.Place)...)
	}
	if u := cleanURL(c.PageURL); u != "" {
		b.para(p.T("mail.page", "URL", u))
	}
	if u := cleanURL(c.OptOutURL); u != "" {
		b.para(p.T("mail.optout", "URL", u))
	}
	b.para(signoff(p, c.Program))
	key := "mail.changed.moved_subject"
	if c.Cancelled {
		key = "mail.changed.cancelled_subject"
	}
	return p.T(key, "Date", p.Date(c.Starts), "Program", program), b.String()
}
