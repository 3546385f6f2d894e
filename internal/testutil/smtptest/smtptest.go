// Package smtptest runs a real SMTP server on 127.0.0.1 for tests, keeps
// every message it accepts parsed and decoded, and can refuse chosen
// recipients permanently (5xx) or temporarily (4xx).
package smtptest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// waitTimeout is how long Wait waits for messages: generous, because a
// loaded CI machine is slow, and Wait returns as soon as they arrive.
const waitTimeout = 15 * time.Second

// Received is one message the server accepted.
type Received struct {
	// EnvelopeFrom and EnvelopeTo are the MAIL FROM and RCPT TO addresses.
	EnvelopeFrom string
	EnvelopeTo   []string
	// Header is the message header as sent (encoded words not decoded).
	Header mail.Header
	// From and To are the header addresses, display names decoded.
	From *mail.Address
	To   []*mail.Address
	// Subject is the decoded Subject header.
	Subject string
	// Text and HTML are the decoded text/plain and text/html bodies (of a
	// single-part message or of a multipart/alternative one).
	Text, HTML string
	// Raw is the message exactly as received.
	Raw []byte
	// Err says why the message could not be parsed; Wait fails the test
	// when it is set.
	Err error
}

// Server is a running SMTP server; Start makes one.
type Server struct {
	srv  *smtp.Server
	addr string

	mu       sync.Mutex
	msgs     []Received
	changed  chan struct{} // closed and replaced whenever msgs grows
	rejects  map[string]int
	sessions int
}

// Start starts a server on 127.0.0.1 on a free port; it is shut down when
// the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{changed: make(chan struct{}), rejects: map[string]int{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s.addr = ln.Addr().String()
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		s.sessions++
		s.mu.Unlock()
		return &session{s: s}, nil
	}))
	s.srv.Domain = "localhost"
	s.srv.MaxMessageBytes = 8 << 20
	s.srv.ReadTimeout = time.Minute
	s.srv.WriteTimeout = time.Minute
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.srv.Serve(ln) // returns when Close is called
	}()
	t.Cleanup(func() {
		_ = s.srv.Close()
		// Close does not know a listener Serve has not picked up yet.
		_ = ln.Close()
		<-done
	})
	return s
}

// URL is the server's address for mail.Config.URL:
// smtp+insecure://127.0.0.1:PORT.
func (s *Server) URL() string { return "smtp+insecure://" + s.addr }

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.addr }

// Reject makes the server answer RCPT TO for addr (case-insensitive) with
// code: a 5xx code is a permanent failure (550: no such mailbox), a 4xx
// code a temporary one (451: try again later).
func (s *Server) Reject(addr string, code int) {
	if code < 400 || code > 599 {
		panic(fmt.Sprintf("smtptest: Reject code %d is not 4xx or 5xx", code))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects[strings.ToLower(addr)] = code
}

// Sessions counts the SMTP sessions clients have opened so far, to check
// that a message refused by the sender never reached the server.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait waits until at least n messages have arrived and returns all that
// have. It fails the test, listing what did arrive, when they do not come
// within a generous deadline, or when one could not be parsed.
func (s *Server) Wait(t testing.TB, n int) []Received {
	t.Helper()
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, changed := append([]Received(nil), s.msgs...), s.changed
		s.mu.Unlock()
		if len(got) >= n {
			for i, m := range got {
				if m.Err != nil {
					t.Fatalf("smtptest: message %d cannot be parsed: %v\n%s", i+1, m.Err, m.Raw)
				}
			}
			return got
		}
		select {
		case <-changed:
		case <-deadline.C:
			var b strings.Builder
			for i, m := range got {
				fmt.Fprintf(&b, "\n  %d: to %v, subject %q", i+1, m.EnvelopeTo, m.Subject)
			}
			t.Fatalf("smtptest: waited %s for %d messages, %d arrived:%s", waitTimeout, n, len(got), b.String())
			return nil
		}
	}
}

func (s *Server) add(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) rejection(addr string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejects[strings.ToLower(addr)]
}

// session is one SMTP conversation.
type session struct {
	s    *Server
	from string
	to   []string
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	switch code := ss.s.rejection(to); {
	case code >= 500:
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	case code >= 400:
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rec := parse(raw)
	rec.EnvelopeFrom, rec.EnvelopeTo = ss.from, append([]string(nil), ss.to...)
	ss.s.add(rec)
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

var (
	wordDecoder   = &mime.WordDecoder{}
	addressParser = &mail.AddressParser{WordDecoder: wordDecoder}
)

// parse reads a message as go-mail writes it: headers with encoded words,
// a text/plain body or a multipart/alternative of text and HTML, each part
// quoted-printable, base64 or unencoded.
func parse(raw []byte) Received {
	rec := Received{Raw: raw}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		rec.Err = fmt.Errorf("header: %w", err)
		return rec
	}
	rec.Header = msg.Header
	if rec.Subject, err = wordDecoder.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		rec.Err = fmt.Errorf("subject: %w", err)
		return rec
	}
	if rec.From, err = addressParser.Parse(msg.Header.Get("From")); err != nil {
		rec.Err = fmt.Errorf("from: %w", err)
		return rec
	}
	if rec.To, err = addressParser.ParseList(msg.Header.Get("To")); err != nil {
		rec.Err = fmt.Errorf("to: %w", err)
		return rec
	}
	rec.Err = readPart(&rec, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return rec
}

// readPart decodes one body part into rec, descending into multiparts.
func readPart(rec *Received, contentType, encoding string, body io.Reader) error {
	if contentType == "" {
		contentType = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", mediaType, err)
			}
			if err := readPart(rec, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return fmt.Errorf("unexpected charset %q", cs)
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // skips line breaks
	case "", "7bit", "8bit", "binary":
	default:
		return fmt.Errorf("unknown transfer encoding %q", encoding)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("%s body: %w", mediaType, err)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	switch mediaType {
	case "text/plain":
		rec.Text = text
	case "text/html":
		rec.HTML = text
	}
	return nil
}
