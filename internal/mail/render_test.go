package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/mail"
	"github.com/mentorhub/mentorhub/internal/testutil/smtptest"
)

// Times in UTC; the expected texts below say them in Oslo time, summer
// (UTC+2) and winter (UTC+1).
var (
	firstMeeting = time.Date(2026, 8, 18, 10, 15, 0, 0, time.UTC)  // 12.15 in Oslo
	sessionTime  = time.Date(2026, 11, 3, 17, 0, 0, 0, time.UTC)   // 18.00 in Oslo
	nextSession  = time.Date(2026, 11, 17, 16, 15, 0, 0, time.UTC) // 17.15 in Oslo
)

const (
	program = "Mentorordningen ved MN"
	optOut  = "https://mentorhub.example/optout/t1"
	page    = "https://mentorhub.example/me"
)

type rendered interface{ Render() (string, string) }

func welcome(lang string) mail.Welcome {
	return mail.Welcome{Lang: lang, StudentName: "Kari", Program: program, Group: "Biologi 3",
		Mentors: []string{"Ola Nordmann", "Ingrid Berg"}, FirstMeeting: firstMeeting, Place: "Realfagbygget, rom 2143",
		OptOutURL: optOut, PageURL: page, Contact: "mentor@uib.example"}
}

func reminder(lang string) mail.Reminder {
	return mail.Reminder{Lang: lang, Name: "Kari", Program: program, Group: "Biologi 3", Title: "Eksamensmestring",
		Topic: "Stress, rutiner og arbeidsplan", Starts: sessionTime, Place: "Realfagbygget, rom 2143", PageURL: page, OptOutURL: optOut}
}

func missedYou(lang string) mail.MissedYou {
	return mail.MissedYou{Lang: lang, Name: "Kari", Program: program, Group: "Biologi 3", NextTitle: "Karriere",
		NextTopic: "På vei", NextStarts: nextSession, NextPlace: "Realfagbygget, rom 2143", MentorName: "Ola Nordmann",
		PageURL: page, OptOutURL: optOut}
}

// TestMessagesArriveInEachLanguage sends each message in each language
// through SMTP and reads what the server received.
func TestMessagesArriveInEachLanguage(t *testing.T) {
	cases := []struct {
		lang, kind string
		msg        rendered
		subject    string
		lines      []string
	}{
		{"nb", "welcome", welcome("nb"), "Velkommen til Mentorordningen ved MN", []string{
			"Hei, Kari!", "Du er i gruppen «Biologi 3». Mentorene dine er Ola Nordmann og Ingrid Berg.",
			"Det første møtet er 18. august 2026 kl. 12.15.", "Sted: Realfagbygget, rom 2143",
			"Lurer du på noe? Ta kontakt med mentor@uib.example.",
			"Vil du ikke være med? Det er helt greit. Du kan melde deg av her: " + optOut,
			"Her finner du gruppen din og alle møtene: " + page}},
		{"nn", "welcome", welcome("nn"), "Velkomen til Mentorordningen ved MN", []string{
			"Hei, Kari!", "Du er i gruppa «Biologi 3». Mentorane dine er Ola Nordmann og Ingrid Berg.",
			"Det første møtet er 18. august 2026 kl. 12.15.", "Stad: Realfagbygget, rom 2143",
			"Lurer du på noko? Ta kontakt med mentor@uib.example.",
			"Vil du ikkje vere med? Det er heilt greitt. Du kan melde deg av her: " + optOut,
			"Her finn du gruppa di og alle møta: " + page}},
		{"en", "welcome", welcome("en"), "Welcome to Mentorordningen ved MN", []string{
			"Hi Kari,", "Your group is “Biologi 3”. Your mentors are Ola Nordmann and Ingrid Berg.",
			"The first meeting is on 18 August 2026 at 12:15.", "Place: Realfagbygget, rom 2143",
			"Any questions? Get in touch with mentor@uib.example.",
			"Would you rather not take part? That is completely fine. You can opt out here: " + optOut}},
		{"nb", "reminder", reminder("nb"), "Påminnelse: mentormøte 3. november 2026 – Mentorordningen ved MN", []string{
			"Dette er en påminnelse om neste møte i mentorgruppen din, «Biologi 3».",
			"Hva: Eksamensmestring\nTema: Stress, rutiner og arbeidsplan\nNår: 3. november 2026 kl. 18.00\nHvor: Realfagbygget, rom 2143",
			"Vel møtt!"}},
		{"nn", "reminder", reminder("nn"), "Påminning: mentormøte 3. november 2026 – Mentorordningen ved MN", []string{
			"Dette er ei påminning om neste møte i mentorgruppa di, «Biologi 3».",
			"Kva: Eksamensmestring\nTema: Stress, rutiner og arbeidsplan\nNår: 3. november 2026 kl. 18.00\nKvar: Realfagbygget, rom 2143"}},
		{"en", "reminder", reminder("en"), "Reminder: mentor meeting on 3 November 2026 – Mentorordningen ved MN", []string{
			"This is a reminder of the next meeting of your mentor group, “Biologi 3”.",
			"What: Eksamensmestring\nTopic: Stress, rutiner og arbeidsplan\nWhen: 3 November 2026 at 18:00\nWhere: Realfagbygget, rom 2143",
			"See you there!"}},
		{"nb", "missed", missedYou("nb"), "Vi savnet deg – Mentorordningen ved MN", []string{
			"Vi savnet deg på forrige møte i mentorgruppen din, «Biologi 3».",
			"Du er hjertelig velkommen tilbake når det passer for deg. Neste møte er:\n\nHva: Karriere\nTema: På vei\nNår: 17. november 2026 kl. 17.15\nHvor: Realfagbygget, rom 2143",
			"Ta kontakt med Ola Nordmann, mentoren din."}},
		{"nn", "missed", missedYou("nn"), "Vi sakna deg – Mentorordningen ved MN", []string{
			"Vi sakna deg på førre møte i mentorgruppa di, «Biologi 3».",
			"Du er hjarteleg velkomen tilbake når det passar for deg. Neste møte er:\n\nKva: Karriere\nTema: På vei\nNår: 17. november 2026 kl. 17.15\nKvar: Realfagbygget, rom 2143",
			"Ta kontakt med Ola Nordmann, mentoren din."}},
		{"en", "missed", missedYou("en"), "We missed you – Mentorordningen ved MN", []string{
			"We missed you at the last meeting of your mentor group, “Biologi 3”.",
			"You are very welcome back whenever it suits you. The next meeting is:\n\nWhat: Karriere\nTopic: På vei\nWhen: 17 November 2026 at 17:15\nWhere: Realfagbygget, rom 2143",
			"Get in touch with Ola Nordmann, your mentor."}},
	}
	srv := smtptest.Start(t)
	s := newSender(t, srv)
	for _, c := range cases {
		subject, text := c.msg.Render()
		if _, err := s.Send(context.Background(), mail.Message{To: "kari@student.example", ToName: "Kari Nordmann",
			Subject: subject, Text: text, Lang: c.lang, Unsubscribe: optOut}); err != nil {
			t.Fatalf("%s %s: %v", c.lang, c.kind, err)
		}
	}
	got := srv.Wait(t, len(cases))
	for i, c := range cases {
		r := got[i]
		if r.Subject != c.subject {
			t.Errorf("%s %s: subject %q, want %q", c.lang, c.kind, r.Subject, c.subject)
		}
		if len(r.To) != 1 || r.To[0].Address != "kari@student.example" || r.To[0].Name != "Kari Nordmann" {
			t.Errorf("%s %s: to %v", c.lang, c.kind, r.To)
		}
		if r.Header.Get("Content-Language") != c.lang || r.Header.Get("List-Unsubscribe") != "<"+optOut+">" {
			t.Errorf("%s %s: Content-Language %q, List-Unsubscribe %q", c.lang, c.kind, r.Header.Get("Content-Language"), r.Header.Get("List-Unsubscribe"))
		}
		for _, line := range c.lines {
			if !strings.Contains(r.Text, line) {
				t.Errorf("%s %s: body lacks %q:\n%s", c.lang, c.kind, line, r.Text)
			}
		}
		if strings.Contains(r.Text, "10.15") || strings.Contains(r.Text, "17.00") || strings.Contains(r.Text, "16.15") {
			t.Errorf("%s %s: a time in UTC:\n%s", c.lang, c.kind, r.Text)
		}
	}
}

// readsBadly finds the traces of a missing value in a rendered text.
func readsBadly(text string) string {
	for _, bad := range []string{"<no value>", "{{", "«»", "“”", "mail.", "  ", " .", " ,", "\n\n\n", ": \n", ":\n\n\n", "Hei, !", "Hi ,", "0001"} {
		if strings.Contains(text, bad) {
			return bad
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.HasSuffix(line, " ") || strings.HasSuffix(line, ":") && !strings.HasSuffix(line, "er:") && !strings.HasSuffix(line, "is:") {
			return line
		}
	}
	return ""
}

func TestMissingPartsStillReadWell(t *testing.T) {
	for _, lang := range []string{"nb", "nn", "en"} {
		for kind, msg := range map[string]rendered{
			"welcome":          mail.Welcome{Lang: lang, Program: program},
			"welcome, nothing": mail.Welcome{Lang: lang},
			"reminder":         mail.Reminder{Lang: lang, Program: program, Starts: sessionTime},
			"reminder, none":   mail.Reminder{Lang: lang},
			"missed":           mail.MissedYou{Lang: lang, Program: program},
			"missed, full":     missedYou(lang),
			"welcome, full":    welcome(lang),
			"reminder, full":   reminder(lang),
		} {
			subject, text := msg.Render()
			if bad := readsBadly(subject + "\n" + text); bad != "" || strings.TrimSpace(subject) == "" {
				t.Errorf("%s %s reads badly at %q:\n%s\n\n%s", lang, kind, bad, subject, text)
			}
		}
	}
	// The words the student reads when a part is missing, in bokmål.
	_, text := mail.Welcome{Lang: "nb", Program: program}.Render()
	for _, want := range []string{"Hei!\n", "Du får vite hvilken gruppe du er i før det første møtet.",
		"Mentorene dine møter du på det første møtet.", "Tid og sted for det første møtet får du snart.",
		"Vil du ikke være med, er det bare å si fra til mentoren din."} {
		if !strings.Contains(text, want) {
			t.Errorf("welcome without parts lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Sted:") || strings.Contains(text, "Her finner du") {
		t.Errorf("welcome shows parts it does not have:\n%s", text)
	}
	subject, text := mail.MissedYou{Lang: "nn"}.Render()
	if subject != "Vi sakna deg – mentorordninga" || !strings.Contains(text, "Vi seier frå når neste møte er sett opp.") ||
		!strings.Contains(text, "Vi sakna deg på førre møte i mentorgruppa di. Det er heilt i orden") || strings.Contains(text, "Kva:") {
		t.Errorf("missed you without a next session:\n%s\n\n%s", subject, text)
	}
	if !strings.HasSuffix(text, "\n\nHelsing\nMentorordninga\n") {
		t.Errorf("missed you without a program is not signed with a capital:\n%s", text)
	}
	if _, text := (mail.Welcome{Lang: "en"}).Render(); !strings.HasSuffix(text, "\n\nBest wishes,\nThe mentor program\n") {
		t.Errorf("welcome without a program:\n%s", text)
	}
	if _, text := welcome("nb").Render(); !strings.HasSuffix(text, "\n\nHilsen\nMentorordningen ved MN\n") {
		t.Errorf("welcome is not signed by the program:\n%s", text)
	}
	_, text = mail.Reminder{Lang: "en", Program: program, Starts: sessionTime}.Render()
	if !strings.Contains(text, "This is a reminder of the next meeting of your mentor group.\n\nWhen: 3 November 2026 at 18:00\n\nSee you there!") {
		t.Errorf("reminder with a time only:\n%s", text)
	}
	_, text = mail.Welcome{Lang: "en", Mentors: []string{" Ola ", "\n"}}.Render()
	if !strings.Contains(text, "Your mentor is Ola.") {
		t.Errorf("one mentor:\n%s", text)
	}
	_, text = mail.Welcome{Lang: "nb", Mentors: []string{"Ola", "Kari", "Per"}, Contact: "Studieadministrasjonen"}.Render()
	if !strings.Contains(text, "Mentorene dine er Ola, Kari og Per.") || !strings.Contains(text, "bare å si fra til Studieadministrasjonen.") {
		t.Errorf("three mentors, contact without opt-out link:\n%s", text)
	}
}

func TestMissedYouIsWarmAndNeverAboutHealth(t *testing.T) {
	for _, lang := range []string{"nb", "nn", "en"} {
		for _, m := range []mail.MissedYou{missedYou(lang), {Lang: lang}} {
			subject, text := m.Render()
			words := strings.FieldsFunc(strings.ToLower(subject+" "+text), func(r rune) bool { return !unicode.IsLetter(r) })
			for _, w := range words {
				for _, stem := range []string{"helse", "health", "syk", "sick", "ill", "psyk", "mental", "fravær", "fråvær", "absen", "must", "må"} {
					if w == stem || len(stem) > 3 && strings.HasPrefix(w, stem) {
						t.Errorf("%s: says %q:\n%s", lang, w, text)
					}
				}
			}
		}
	}
}

// TestHostileTextStaysInItsPlace puts line breaks, a header, markup,
// bidirectional overrides and a very long name into every field and sends
// the result.
func TestHostileTextStaysInItsPlace(t *testing.T) {
	evil := "Kari\r\nBcc: evil@example.org\n\n<script>alert(1)</script>\u202e" + strings.Repeat("x", 5000)
	hostileProgram := "MN\r\nBcc: evil@example.org"
	msgs := []rendered{
		mail.Welcome{Lang: "nb", StudentName: evil, Program: hostileProgram, ProgramAbout: evil, Group: evil, Mentors: []string{evil, evil},
			FirstMeeting: firstMeeting, Place: evil, Contact: evil, OptOutURL: "https://x.example/o\r\nBcc: evil@example.org", PageURL: "javascript:alert(1)"},
		mail.Reminder{Lang: "nn", Name: evil, Program: hostileProgram, Group: evil, Title: evil, Topic: evil, Starts: sessionTime, Place: evil},
		mail.MissedYou{Lang: "en", Name: evil, Program: hostileProgram + strings.Repeat("y", 5000), Group: evil, NextTitle: evil, MentorName: evil, NextStarts: nextSession},
	}
	srv := smtptest.Start(t)
	s := newSender(t, srv)
	for _, m := range msgs {
		subject, text := m.Render()
		if _, err := s.Send(context.Background(), mail.Message{To: "kari@student.example", Subject: subject, Text: text}); err != nil {
			t.Fatalf("%T: %v", m, err)
		}
	}
	for i, r := range srv.Wait(t, len(msgs)) {
		if len(r.EnvelopeTo) != 1 || len(r.To) != 1 || r.Header.Get("Bcc") != "" {
			t.Errorf("%d: recipients %v %v, Bcc %q", i, r.EnvelopeTo, r.To, r.Header.Get("Bcc"))
		}
		if !strings.Contains(r.Subject, "MN Bcc: evil@example.org") || utf8.RuneCountInString(r.Subject) > 200 {
			t.Errorf("%d: subject %q", i, r.Subject)
		}
		for _, line := range strings.Split(r.Text, "\n") {
			if strings.HasPrefix(line, "Bcc:") || strings.HasPrefix(line, "<script>") || strings.ContainsRune(line, '\u202e') || strings.ContainsRune(line, '\r') {
				t.Errorf("%d: a name broke out of its line: %q", i, line)
			}
			if n := utf8.RuneCountInString(line); n > 1700 {
				t.Errorf("%d: a line of %d characters", i, n)
			}
		}
		if !strings.Contains(r.Text, "Kari Bcc: evil@example.org <script>alert(1)</script> xxx") {
			t.Errorf("%d: the name is not shown as plain text on one line:\n%.600s", i, r.Text)
		}
		if strings.Contains(r.Text, "javascript:") || strings.Contains(r.Text, "https://x.example/o") {
			t.Errorf("%d: a broken or unsafe link is shown:\n%.600s", i, r.Text)
		}
	}
}

func TestUnsupportedLanguageFallsBackToBokmal(t *testing.T) {
	subject, text := mail.Welcome{Lang: "sv", StudentName: "Kari", Program: program}.Render()
	if subject != "Velkommen til Mentorordningen ved MN" || !strings.HasPrefix(text, "Hei, Kari!\n") {
		t.Errorf("%q\n%s", subject, text)
	}
}
