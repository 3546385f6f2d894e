package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Message is one e-mail to one recipient.
type Message struct {
	// To is the recipient's bare address (ola@example.org); ToName is
	// their display name, optional.
	To, ToName string
	// Subject is the subject line, plain UTF-8; it is encoded for the
	// header by the library.
	Subject string
	// Text is the plain text body (UTF-8); it is required.
	Text string
	// HTML is an optional HTML alternative to Text.
	HTML string
	// Lang is nb, nn or en and becomes the Content-Language header;
	// empty sends none.
	Lang string
	// Unsubscribe is an optional opt-out URL for the List-Unsubscribe
	// header. An https URL also gets List-Unsubscribe-Post:
	// List-Unsubscribe=One-Click (RFC 8058, which allows only https);
	// an http URL (a local development server) gets only the first.
	Unsubscribe string
	// MessageID is the Message-ID without angle brackets
	// (id@example.org); when empty Send makes one and returns it.
	MessageID string
}

// Sender sends messages; SMTP is the real one.
type Sender interface {
	// Send delivers m to the mail server and returns its Message-ID.
	// Use Classify on the error to decide whether to retry.
	Send(ctx context.Context, m Message) (messageID string, err error)
}

// Size limits of a message.
const (
	// MaxBodyBytes bounds Text and HTML together.
	MaxBodyBytes = 1 << 20
	// maxHeaderBytes bounds a header field before encoding (RFC 5322's
	// line limit; folding after encoding is the library's).
	maxHeaderBytes = 998
)

// hasLineBreak reports a character that would end a header line.
func hasLineBreak(s string) bool { return strings.ContainsAny(s, "\r\n\x00") }

// checkHeader refuses a header field value that would break the header.
func checkHeader(field, v string) error {
	switch {
	case hasLineBreak(v):
		return app.Invalid("mail.error.header", "line break in the "+field+" header").WithArgs("Field", field)
	case !utf8.ValidString(v):
		return app.Invalid("mail.error.header", "the "+field+" header is not valid UTF-8").WithArgs("Field", field)
	case len(v) > maxHeaderBytes:
		return app.Invalid("mail.error.header", "the "+field+" header is too long").WithArgs("Field", field)
	}
	return nil
}

// parseAddress accepts exactly one bare address, as net/mail reads it.
func parseAddress(s string) (string, bool) {
	if hasLineBreak(s) || strings.TrimSpace(s) != s || s == "" {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	return a.Address, true
}

// validate checks m before anything is sent and fills in a Message-ID
// under domain when it has none.
func validate(m Message, domain string) (Message, error) {
	if hasLineBreak(m.To) {
		return m, app.Invalid("mail.error.header", "line break in the To header").WithArgs("Field", "To")
	}
	if _, ok := parseAddress(m.To); !ok {
		return m, app.Invalid("mail.error.recipient", "the recipient is not one e-mail address")
	}
	for _, f := range []struct{ name, v string }{{"To", m.ToName}, {"Subject", m.Subject}, {"Content-Language", m.Lang}, {"List-Unsubscribe", m.Unsubscribe}, {"Message-ID", m.MessageID}} {
		if err := checkHeader(f.name, f.v); err != nil {
			return m, err
		}
	}
	switch m.Lang {
	case "", "nb", "nn", "en":
	default:
		return m, app.Invalid("mail.error.lang", "the language is not nb, nn or en")
	}
	if strings.TrimSpace(m.Subject) == "" {
		return m, app.Invalid("mail.error.subject", "the message has no subject")
	}
	if strings.TrimSpace(m.Text) == "" {
		return m, app.Invalid("mail.error.body", "the message has no text")
	}
	if !utf8.ValidString(m.Text) || !utf8.ValidString(m.HTML) {
		return m, app.Invalid("mail.error.body", "the message body is not valid UTF-8")
	}
	if len(m.Text)+len(m.HTML) > MaxBodyBytes {
		return m, app.Invalid("mail.error.too_large", "the message body is larger than 1 MiB")
	}
	if m.Unsubscribe != "" {
		u, err := url.Parse(m.Unsubscribe)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(m.Unsubscribe, " <>\t") {
			return m, app.Invalid("mail.error.unsubscribe", "the opt-out link is not an http(s) URL")
		}
	}
	id := strings.TrimSuffix(strings.TrimPrefix(m.MessageID, "<"), ">")
	if id == "" {
		id = newMessageID(domain)
	} else if !validMessageID(id) {
		return m, app.Invalid("mail.error.message_id", "the Message-ID is not of the form id@domain")
	}
	m.MessageID = id
	return m, nil
}

// validMessageID accepts printable ASCII local@domain without spaces or
// brackets (RFC 5322 msg-id, dot-atom form).
func validMessageID(id string) bool {
	local, dom, ok := strings.Cut(id, "@")
	if !ok || local == "" || dom == "" || strings.Contains(dom, "@") {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`<>()[]\,;:"`, c) >= 0 {
			return false
		}
	}
	return true
}

// newMessageID makes a random id under the sender's domain, so replies
// and bounces can be matched to the message.
func newMessageID(domain string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b) + "@" + domain
}
