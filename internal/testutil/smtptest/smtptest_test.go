package smtptest

import (
	"errors"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"
)

// raw is a message as a mail library writes one: encoded words in the
// header, multipart/alternative with a quoted-printable text part and a
// base64 HTML part.
const raw = "From: =?UTF-8?q?Mentorh=C3=B8nen?= <noreply@example.org>\r\n" +
	"To: =?UTF-8?q?Kari_Bl=C3=A5b=C3=A6r?= <kari@example.org>\r\n" +
	"Subject: =?UTF-8?q?Velkommen_til_mentorordningen_p=C3=A5_MN?=\r\n" +
	"Content-Language: nb\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/alternative; boundary=b1\r\n" +
	"\r\n" +
	"--b1\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Hei, Kari! Vi ses p=C3=A5 m=C3=B8tet. En lang linje som er brutt med myk =\r\n" +
	"linjeskift.\r\n" +
	"--b1\r\n" +
	"Content-Type: text/html; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"PHA+SGVpLCBLYXJpITwv\r\ncD4=\r\n" +
	"--b1--\r\n"

func TestReceivesAndDecodes(t *testing.T) {
	s := Start(t)
	if err := smtp.SendMail(s.Addr(), nil, "noreply@example.org", []string{"kari@example.org"}, []byte(raw)); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(t, 1)[0]
	if got.EnvelopeFrom != "noreply@example.org" || len(got.EnvelopeTo) != 1 || got.EnvelopeTo[0] != "kari@example.org" {
		t.Errorf("envelope %q → %q", got.EnvelopeFrom, got.EnvelopeTo)
	}
	if got.Subject != "Velkommen til mentorordningen på MN" {
		t.Errorf("subject %q", got.Subject)
	}
	if got.From.Name != "Mentorhønen" || len(got.To) != 1 || got.To[0].Name != "Kari Blåbær" || got.To[0].Address != "kari@example.org" {
		t.Errorf("from %v, to %v", got.From, got.To)
	}
	if got.Header.Get("Content-Language") != "nb" {
		t.Errorf("header %v", got.Header)
	}
	if want := "Hei, Kari! Vi ses på møtet. En lang linje som er brutt med myk linjeskift."; got.Text != want {
		t.Errorf("text %q, want %q", got.Text, want)
	}
	if got.HTML != "<p>Hei, Kari!</p>" {
		t.Errorf("html %q", got.HTML)
	}
	if !strings.HasPrefix(s.URL(), "smtp+insecure://127.0.0.1:") {
		t.Errorf("URL %s", s.URL())
	}
}

func TestRejectsChosenRecipients(t *testing.T) {
	s := Start(t)
	s.Reject("gone@example.org", 550)
	s.Reject("Busy@example.org", 451)
	for addr, code := range map[string]int{"gone@example.org": 550, "busy@EXAMPLE.org": 451} {
		err := smtp.SendMail(s.Addr(), nil, "noreply@example.org", []string{addr}, []byte(raw))
		var te *textproto.Error
		if !errors.As(err, &te) || te.Code != code {
			t.Errorf("%s: got %v, want %d", addr, err, code)
		}
	}
	if err := smtp.SendMail(s.Addr(), nil, "noreply@example.org", []string{"kari@example.org"}, []byte(raw)); err != nil {
		t.Fatal(err)
	}
	if got := s.Wait(t, 1); len(got) != 1 || got[0].EnvelopeTo[0] != "kari@example.org" {
		t.Errorf("accepted %v", got)
	}
	if s.Sessions() != 3 {
		t.Errorf("sessions %d, want 3", s.Sessions())
	}
}
