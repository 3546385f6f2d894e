package mail

import (
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/i18n"
)

// catalog is loaded once: the catalogues are embedded and read-only.
var catalog = sync.OnceValue(i18n.MustLoad)

// Length limits of the text that people and coordinators typed, so that a
// pasted essay cannot make a message unreadable or oversized.
const (
	maxName    = 80
	maxProgram = 120
	maxLine    = 200
	maxAbout   = 1500
)

// Welcome is the message a student gets before term: what the program is
// for, their group and mentors, the first meeting and how to opt out.
// Every field but Lang and Program may be empty.
type Welcome struct {
	Lang, StudentName, Program, ProgramAbout, Group string
	Mentors                                         []string
	FirstMeeting                                    time.Time
	Place                                           string
	OptOutURL, PageURL                              string
	// Contact is who to ask, as it should read in a sentence (a name, an
	// address or both).
	Contact string
}

// Reminder is the message before a session.
type Reminder struct {
	Lang, Name, Program, Group, Title, Topic string
	Starts                                   time.Time
	Place, PageURL, OptOutURL                string
}

// MissedYou is the message after a session a student did not come to: warm,
// without blame, with the next session when there is one.
type MissedYou struct {
	Lang, Name, Program, Group string
	NextTitle, NextTopic       string
	NextStarts                 time.Time
	NextPlace, MentorName      string
	PageURL, OptOutURL         string
}

// Render returns the subject and plain text body in w.Lang, or in bokmål
// when that is not nb, nn or en (so the Message's Lang should be a
// supported one too); times are shown in Europe/Oslo.
func (w Welcome) Render() (subject, text string) {
	p := catalog().Printer(w.Lang)
	program := programName(p, w.Program)
	var b body
	b.para(greeting(p, w.StudentName))
	b.para(p.T("mail.welcome.intro", "Program", program))
	if about := clean(w.ProgramAbout, maxAbout); about != "" {
		b.para(about)
	} else {
		b.para(p.T("mail.welcome.about"))
	}
	var who []string
	if g := clean(w.Group, maxLine); g != "" {
		who = append(who, p.T("mail.welcome.group", "Group", g))
	} else {
		who = append(who, p.T("mail.welcome.no_group"))
	}
	var mentors []string
	for _, m := range w.Mentors {
		if m = clean(m, maxName); m != "" {
			mentors = append(mentors, m)
		}
	}
	if len(mentors) > 0 {
		who = append(who, p.T("mail.welcome.mentors", "Count", len(mentors), "Mentors", join(p, mentors)))
	} else {
		who = append(who, p.T("mail.welcome.no_mentors"))
	}
	b.para(strings.Join(who, " "))
	place := clean(w.Place, maxLine)
	switch {
	case !w.FirstMeeting.IsZero() && place != "":
		b.para(p.T("mail.welcome.first_meeting", "When", when(p, w.FirstMeeting)), p.T("mail.place", "Place", place))
	case !w.FirstMeeting.IsZero():
		b.para(p.T("mail.welcome.first_meeting", "When", when(p, w.FirstMeeting)))
	default:
		b.para(p.T("mail.welcome.no_meeting"))
	}
	if u := cleanURL(w.PageURL); u != "" {
		b.para(p.T("mail.page", "URL", u))
	}
	contact := clean(w.Contact, maxLine)
	if contact != "" {
		b.para(p.T("mail.welcome.contact", "Contact", contact))
	}
	switch u := cleanURL(w.OptOutURL); {
	case u != "":
		b.para(p.T("mail.optout", "URL", u))
	case contact != "":
		b.para(p.T("mail.optout_contact", "Contact", contact))
	default:
		b.para(p.T("mail.optout_mentor"))
	}
	b.para(p.T("mail.welcome.looking_forward"))
	b.para(signoff(p, w.Program))
	return p.T("mail.welcome.subject", "Program", program), b.String()
}

// Render returns the subject and plain text body in r.Lang (bokmål if
// unsupported); times are shown in Europe/Oslo.
func (r Reminder) Render() (subject, text string) {
	p := catalog().Printer(r.Lang)
	program := programName(p, r.Program)
	var b body
	b.para(greeting(p, r.Name))
	b.para(p.T("mail.reminder.intro", "Group", clean(r.Group, maxLine)))
	b.para(details(p, r.Title, r.Topic, r.Starts, r.Place)...)
	b.para(p.T("mail.reminder.see_you"))
	if u := cleanURL(r.PageURL); u != "" {
		b.para(p.T("mail.page", "URL", u))
	}
	if u := cleanURL(r.OptOutURL); u != "" {
		b.para(p.T("mail.optout", "URL", u))
	}
	b.para(signoff(p, r.Program))
	return p.T("mail.reminder.subject", "Date", p.Date(r.Starts), "Program", program), b.String()
}

// Render returns the subject and plain text body in m.Lang (bokmål if
// unsupported); times are shown in Europe/Oslo. It never says why the
// student was away.
func (m MissedYou) Render() (subject, text string) {
	p := catalog().Printer(m.Lang)
	program := programName(p, m.Program)
	var b body
	b.para(greeting(p, m.Name))
	b.para(p.T("mail.missed.intro", "Group", clean(m.Group, maxLine)))
	if next := details(p, m.NextTitle, m.NextTopic, m.NextStarts, m.NextPlace); len(next) > 0 {
		b.para(p.T("mail.missed.next"))
		b.para(next...)
	} else {
		b.para(p.T("mail.missed.no_next"))
	}
	if mentor := clean(m.MentorName, maxName); mentor != "" {
		b.para(p.T("mail.missed.mentor", "Mentor", mentor))
	} else {
		b.para(p.T("mail.missed.no_mentor"))
	}
	if u := cleanURL(m.PageURL); u != "" {
		b.para(p.T("mail.page", "URL", u))
	}
	if u := cleanURL(m.OptOutURL); u != "" {
		b.para(p.T("mail.optout", "URL", u))
	}
	b.para(p.T("mail.missed.hope"))
	b.para(signoff(p, m.Program))
	return p.T("mail.missed.subject", "Program", program), b.String()
}

// body collects paragraphs separated by blank lines.
type body struct{ paras []string }

// para adds a paragraph of lines; an empty one is left out.
func (b *body) para(lines ...string) {
	if len(lines) > 0 {
		b.paras = append(b.paras, strings.Join(lines, "\n"))
	}
}

func (b *body) String() string { return strings.Join(b.paras, "\n\n") + "\n" }

// details are the "What/Topic/When/Where" lines of a session, leaving out
// what is not known.
func details(p *i18n.Printer, title, topic string, starts time.Time, place string) []string {
	var lines []string
	add := func(label, v string) {
		if v != "" {
			lines = append(lines, p.T(label)+": "+v)
		}
	}
	add("mail.label.title", clean(title, maxLine))
	add("mail.label.topic", clean(topic, maxLine))
	if !starts.IsZero() {
		add("mail.label.time", when(p, starts))
	}
	add("mail.label.place", clean(place, maxLine))
	return lines
}

func greeting(p *i18n.Printer, name string) string {
	if name = clean(name, maxName); name != "" {
		return p.T("mail.greeting", "Name", name)
	}
	return p.T("mail.greeting_anon")
}

// programName is the program's name for the subject and signature: one
// line, bounded, and a neutral word when it is missing.
func programName(p *i18n.Printer, name string) string {
	if name = clean(name, maxProgram); name != "" {
		return name
	}
	return p.T("mail.program")
}

// signoff signs with the program's name, or a neutral one at the start
// of a line.
func signoff(p *i18n.Printer, name string) string {
	if name = clean(name, maxProgram); name != "" {
		return p.T("mail.signoff", "Program", name)
	}
	return p.T("mail.signoff_anon")
}

// when is a date and clock time in Oslo ("18. august 2026 kl. 12.15").
func when(p *i18n.Printer, t time.Time) string {
	return p.T("mail.when", "Date", p.Date(t), "Time", p.Time(t))
}

// join lists names as "A, B og C".
func join(p *i18n.Printer, names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + p.T("mail.and") + " " + names[len(names)-1]
}

// clean makes typed text safe to place in a sentence or a header: line
// breaks, tabs, control and invisible formatting characters (such as
// bidirectional overrides) become single spaces, and text longer than limit
// runes (limit) is cut with an ellipsis.
func clean(s string, limit int) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			space = true
			continue
		}
		if n == limit {
			b.WriteString("…")
			break
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// cleanURL keeps an http(s) URL that is one unbroken token and drops
// anything else rather than print a broken link.
func cleanURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 2000 || strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
	}) >= 0 {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return s
}
