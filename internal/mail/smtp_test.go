package mail_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/mail"
	"github.com/mentorhub/mentorhub/internal/testutil/smtptest"
)

func newSender(t *testing.T, srv *smtptest.Server) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(mail.Config{URL: srv.URL(), From: "mentor@uib.example", FromName: "Mentorordningen, UiB"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSendDeliversHeadersAndBody(t *testing.T) {
	srv := smtptest.Start(t)
	s := newSender(t, srv)
	id, err := s.Send(context.Background(), mail.Message{
		To: "kari@student.example", ToName: "Kari Blåbær",
		Subject:     "Velkomen til mentorordninga på MN – første møte",
		Text:        "Hei, Kari!\n\nVi ses på møtet.\n",
		HTML:        "<p>Hei, Kari!</p>",
		Lang:        "nn",
		Unsubscribe: "https://mentorhub.example/optout/abc123",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1)[0]
	if got.Subject != "Velkomen til mentorordninga på MN – første møte" {
		t.Errorf("subject %q", got.Subject)
	}
	if len(got.To) != 1 || got.To[0].Address != "kari@student.example" || got.To[0].Name != "Kari Blåbær" {
		t.Errorf("to %v", got.To)
	}
	if len(got.EnvelopeTo) != 1 || got.EnvelopeTo[0] != "kari@student.example" || got.EnvelopeFrom != "mentor@uib.example" {
		t.Errorf("envelope %q → %v", got.EnvelopeFrom, got.EnvelopeTo)
	}
	if got.From.Address != "mentor@uib.example" || got.From.Name != "Mentorordningen, UiB" {
		t.Errorf("from %v", got.From)
	}
	for h, want := range map[string]string{
		"Content-Language":      "nn",
		"List-Unsubscribe":      "<https://mentorhub.example/optout/abc123>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Message-Id":            "<" + id + ">",
		"Auto-Submitted":        "auto-generated",
	} {
		if v := got.Header.Get(h); v != want {
			t.Errorf("%s: %q, want %q", h, v, want)
		}
	}
	if !strings.HasSuffix(id, "@uib.example") || len(id) < 20 {
		t.Errorf("message id %q", id)
	}
	if got.Text != "Hei, Kari!\n\nVi ses på møtet.\n" || got.HTML != "<p>Hei, Kari!</p>" {
		t.Errorf("text %q html %q", got.Text, got.HTML)
	}
}

func TestSendKeepsGivenMessageIDAndHTTPUnsubscribe(t *testing.T) {
	srv := smtptest.Start(t)
	s := newSender(t, srv)
	id, err := s.Send(context.Background(), mail.Message{
		To: "ola@student.example", Subject: "Hi", Text: "Hello", Lang: "en",
		MessageID: "<welcome-42@uib.example>", Unsubscribe: "http://localhost:8080/optout/x",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1)[0]
	if id != "welcome-42@uib.example" || got.Header.Get("Message-Id") != "<welcome-42@uib.example>" {
		t.Errorf("id %q, header %q", id, got.Header.Get("Message-Id"))
	}
	// RFC 8058 one-click is for https only.
	if got.Header.Get("List-Unsubscribe") != "<http://localhost:8080/optout/x>" || got.Header.Get("List-Unsubscribe-Post") != "" {
		t.Errorf("unsubscribe %q post %q", got.Header.Get("List-Unsubscribe"), got.Header.Get("List-Unsubscribe-Post"))
	}
	if got.HTML != "" || strings.TrimRight(got.Text, "\n") != "Hello" {
		t.Errorf("text %q html %q", got.Text, got.HTML)
	}
}

func TestClassifyRejectedRecipients(t *testing.T) {
	srv := smtptest.Start(t)
	srv.Reject("gone@student.example", 550)
	srv.Reject("full@student.example", 451)
	s := newSender(t, srv)
	for addr, want := range map[string]mail.Outcome{"gone@student.example": mail.Bounced, "full@student.example": mail.Deferred, "kari@student.example": mail.Sent} {
		_, err := s.Send(context.Background(), mail.Message{To: addr, Subject: "Hei", Text: "Hei"})
		if got := mail.Classify(err); got != want {
			t.Errorf("%s: %s (%v), want %s", addr, got, err, want)
		}
		if err != nil && strings.Contains(err.Error(), addr) {
			t.Errorf("%s: the error repeats the address: %v", addr, err)
		}
	}
	if got := srv.Wait(t, 1); len(got) != 1 || got[0].EnvelopeTo[0] != "kari@student.example" {
		t.Errorf("received %v", got)
	}
}

func TestClassifyConnectionTroubleAsDeferred(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	s, err := mail.NewSMTP(mail.Config{URL: "smtp+insecure://" + addr, From: "mentor@uib.example"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Send(context.Background(), mail.Message{To: "kari@student.example", Subject: "Hei", Text: "Hei"})
	if err == nil || mail.Classify(err) != mail.Deferred {
		t.Errorf("closed port: %v → %s", err, mail.Classify(err))
	}
	if mail.Classify(nil) != mail.Sent {
		t.Error("nil is not sent")
	}
}

func TestCancelledContextSendsNothing(t *testing.T) {
	srv := smtptest.Start(t)
	s := newSender(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Send(ctx, mail.Message{To: "kari@student.example", Subject: "Hei", Text: "Hei"})
	if !errors.Is(err, context.Canceled) || mail.Classify(err) != mail.Deferred {
		t.Errorf("got %v (%s)", err, mail.Classify(err))
	}
	if srv.Sessions() != 0 {
		t.Errorf("%d sessions opened", srv.Sessions())
	}
}

func TestBadMessagesAreRefusedBeforeConnecting(t *testing.T) {
	srv := smtptest.Start(t)
	s := newSender(t, srv)
	ok := mail.Message{To: "kari@student.example", Subject: "Hei", Text: "Hei"}
	for name, change := range map[string]func(m *mail.Message){
		"CRLF in To":            func(m *mail.Message) { m.To = "kari@student.example\r\nBcc: evil@example.org" },
		"LF in To":              func(m *mail.Message) { m.To = "kari@student.example\nBcc: evil@example.org" },
		"two recipients":        func(m *mail.Message) { m.To = "kari@student.example, evil@example.org" },
		"display-name form":     func(m *mail.Message) { m.To = "Kari <kari@student.example>" },
		"not an address":        func(m *mail.Message) { m.To = "kari at student" },
		"empty To":              func(m *mail.Message) { m.To = "" },
		"CR in ToName":          func(m *mail.Message) { m.ToName = "Kari\rBcc: evil@example.org" },
		"LF in Subject":         func(m *mail.Message) { m.Subject = "Hei\nBcc: evil@example.org" },
		"LF in Unsubscribe":     func(m *mail.Message) { m.Unsubscribe = "https://x.example/o\nBcc: evil@example.org" },
		"LF in Lang":            func(m *mail.Message) { m.Lang = "nb\nBcc: evil@example.org" },
		"LF in MessageID":       func(m *mail.Message) { m.MessageID = "a@b\nBcc: evil@example.org" },
		"unknown language":      func(m *mail.Message) { m.Lang = "sv" },
		"javascript opt-out":    func(m *mail.Message) { m.Unsubscribe = "javascript:alert(1)" },
		"bad message id":        func(m *mail.Message) { m.MessageID = "no-at-sign" },
		"no text":               func(m *mail.Message) { m.Text = " \n" },
		"no subject":            func(m *mail.Message) { m.Subject = "" },
		"body over 1 MiB":       func(m *mail.Message) { m.Text = strings.Repeat("a", mail.MaxBodyBytes) + "b" },
		"text and HTML > 1 MiB": func(m *mail.Message) { m.Text, m.HTML = strings.Repeat("a", 600<<10), strings.Repeat("b", 600<<10) },
		"invalid UTF-8":         func(m *mail.Message) { m.Text = "Hei \xff" },
		"subject over 998":      func(m *mail.Message) { m.Subject = strings.Repeat("ø", 500) },
	} {
		m := ok
		change(&m)
		_, err := s.Send(context.Background(), m)
		if app.ErrorCode(err) != app.CodeInvalid || mail.Classify(err) != mail.Bounced {
			t.Errorf("%s: got %v (%s), want an invalid error classified bounced", name, err, mail.Classify(err))
		}
	}
	if n := srv.Sessions(); n != 0 {
		t.Errorf("%d sessions opened for refused messages", n)
	}
	// The unchanged message goes through, so the refusals above are the
	// checks and not a broken sender.
	if _, err := s.Send(context.Background(), ok); err != nil {
		t.Fatal(err)
	}
	srv.Wait(t, 1)
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv("MENTORHUB_SMTP_URL", "")
	t.Setenv("MENTORHUB_MAIL_FROM", "mentor@uib.example")
	t.Setenv("MENTORHUB_MAIL_FROM_NAME", "")
	if _, ok := mail.ConfigFromEnv(); ok {
		t.Error("ok without a URL")
	}
	t.Setenv("MENTORHUB_SMTP_URL", " smtps://user:p%40ss@mail.uib.example ")
	t.Setenv("MENTORHUB_MAIL_FROM_NAME", "Mentorordningen")
	c, ok := mail.ConfigFromEnv()
	if !ok || c.URL != "smtps://user:p%40ss@mail.uib.example" || c.From != "mentor@uib.example" || c.FromName != "Mentorordningen" {
		t.Fatalf("got %+v, %v", c, ok)
	}
	if strings.Contains(c.String(), "p%40ss") || strings.Contains(c.String(), "p@ss") {
		t.Errorf("Config.String shows the password: %s", c)
	}
	s, err := mail.NewSMTP(c)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.String(); got != "smtps://user@mail.uib.example:465" {
		t.Errorf("SMTP.String %q", got)
	}
	if printed := fmt.Sprintf("%v %+v %s %v", s, s, *s, c); strings.Contains(printed, "p@ss") || strings.Contains(printed, "p%40ss") {
		t.Errorf("printing the sender or its config shows the password: %s", printed)
	}
}

func TestNewSMTPRefusesBadSettings(t *testing.T) {
	const from = "mentor@uib.example"
	for _, c := range []struct {
		cfg  mail.Config
		want string // in the error message
	}{
		{mail.Config{URL: "", From: from}, "MENTORHUB_SMTP_URL is not set"},
		{mail.Config{URL: "http://mail.uib.example", From: from}, `scheme "http"`},
		{mail.Config{URL: "mail.uib.example:587", From: from}, "scheme"},
		{mail.Config{URL: "smtp://", From: from}, "no host"},
		{mail.Config{URL: "smtp://mail.uib.example:99999", From: from}, "port"},
		{mail.Config{URL: "smtp://mail.uib.example:smtp", From: from}, "MENTORHUB_SMTP_URL"},
		{mail.Config{URL: "smtp://mail.uib.example/inbox?x=1", From: from}, "path or query"},
		{mail.Config{URL: "smtp://:s3cret@mail.uib.example", From: from}, "no user name"},
		{mail.Config{URL: "smtp+insecure://user:s3cret@localhost:25", From: from}, "never sends a password"},
		{mail.Config{URL: "smtp://user:s3cret%zz@mail.uib.example", From: from}, "cannot be read"},
		{mail.Config{URL: "smtp://mail.uib.example", From: ""}, "MENTORHUB_MAIL_FROM"},
		{mail.Config{URL: "smtp://mail.uib.example", From: "mentor"}, "MENTORHUB_MAIL_FROM"},
		{mail.Config{URL: "smtp://mail.uib.example", From: "Mentor <mentor@uib.example>"}, "MENTORHUB_MAIL_FROM"},
		{mail.Config{URL: "smtp://mail.uib.example", From: from, FromName: "UiB\r\nBcc: evil@example.org"}, "MENTORHUB_MAIL_FROM_NAME"},
	} {
		_, err := mail.NewSMTP(c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) || app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("%s: got %v, want an invalid error with %q", c.cfg, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: the error shows the password: %v", c.cfg, err)
		}
	}
	for _, u := range []string{"smtp://mail.uib.example", "smtp://user:pw@mail.uib.example:2525", "smtps://mail.uib.example", "smtp+insecure://127.0.0.1:2525"} {
		if _, err := mail.NewSMTP(mail.Config{URL: u, From: from}); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

// TestSendIsBoundedByTheContext talks to a server that accepts the
// connection and never greets: the context's deadline, not the 30 s
// default, ends the wait.
func TestSendIsBoundedByTheContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // held open, silent
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	s, err := mail.NewSMTP(mail.Config{URL: "smtp+insecure://" + ln.Addr().String(), From: "mentor@uib.example"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = s.Send(ctx, mail.Message{To: "kari@student.example", Subject: "Hei", Text: "Hei"})
	if err == nil || mail.Classify(err) != mail.Deferred {
		t.Errorf("silent server: %v (%s)", err, mail.Classify(err))
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Send took %s with a 300 ms deadline", d)
	}
}
