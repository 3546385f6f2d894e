package mail

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/mentorhub/mentorhub/internal/app"
)

// DefaultTimeout bounds connecting and each step of sending when the
// context allows longer.
const DefaultTimeout = 30 * time.Second

// Config says where and as whom mail is sent.
type Config struct {
	// URL is the SMTP server:
	//   smtp://[user:pass@]host[:port]   port 587 by default; STARTTLS when the server offers it
	//   smtps://[user:pass@]host[:port]  port 465 by default; implicit TLS
	//   smtp+insecure://host[:port]      port 25 by default; no TLS and no
	//                                    password (tests and a local relay)
	// User name and password are percent-encoded as in any URL.
	URL string
	// From is the sender's bare address; FromName its display name.
	From     string
	FromName string
}

// String shows the configuration without the password, so a Config can
// be logged.
func (c Config) String() string {
	return fmt.Sprintf("mail.Config{URL: %s, From: %s, FromName: %q}", redactURL(c.URL), c.From, c.FromName)
}

// redactURL hides the password of a URL (and the whole URL if it cannot
// be read, since it may hold one).
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unreadable)"
	}
	return u.Redacted()
}

// ConfigFromEnv reads MENTORHUB_SMTP_URL, MENTORHUB_MAIL_FROM and
// MENTORHUB_MAIL_FROM_NAME; ok is false when no URL is set (mail is off).
// NewSMTP checks the values.
func ConfigFromEnv() (c Config, ok bool) {
	c = Config{
		URL:      strings.TrimSpace(os.Getenv("MENTORHUB_SMTP_URL")),
		From:     strings.TrimSpace(os.Getenv("MENTORHUB_MAIL_FROM")),
		FromName: strings.TrimSpace(os.Getenv("MENTORHUB_MAIL_FROM_NAME")),
	}
	return c, c.URL != ""
}

// SMTP sends mail through one SMTP server, a new connection per message.
// It is safe for concurrent use.
type SMTP struct {
	scheme   string // smtp, smtps or smtp+insecure
	host     string
	port     int
	user     string
	pass     string
	from     string
	fromName string
	domain   string // of From, for Message-IDs
	timeout  time.Duration
}

var _ Sender = (*SMTP)(nil)

// configError is a bad mail setting; its message names the variable.
func configError(msg string) *app.Error {
	return app.Errorf(app.CodeInvalid, "mail.error.config", "%s", msg)
}

// NewSMTP checks c and returns a sender. Errors name the setting that is
// wrong and never contain the password.
func NewSMTP(c Config) (*SMTP, error) {
	if strings.TrimSpace(c.URL) == "" {
		return nil, configError("MENTORHUB_SMTP_URL is not set")
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		// url's error repeats the URL, password and all.
		return nil, configError("MENTORHUB_SMTP_URL cannot be read as a URL")
	}
	s := &SMTP{scheme: u.Scheme, host: u.Hostname(), timeout: DefaultTimeout}
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port = 465
	case "smtp+insecure":
		s.port = 25
	default:
		return nil, configError(fmt.Sprintf("MENTORHUB_SMTP_URL has scheme %q; use smtp://, smtps:// or smtp+insecure://", u.Scheme))
	}
	if s.host == "" || u.Opaque != "" {
		return nil, configError("MENTORHUB_SMTP_URL has no host (smtp://host:port)")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, configError("MENTORHUB_SMTP_URL has a port outside 1–65535")
		}
		s.port = n
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, configError("MENTORHUB_SMTP_URL has a path or query; only smtp://[user:pass@]host:port is read")
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
		if s.user == "" {
			return nil, configError("MENTORHUB_SMTP_URL has a password but no user name")
		}
		if s.scheme == "smtp+insecure" {
			return nil, configError("MENTORHUB_SMTP_URL: smtp+insecure:// never sends a password; use smtp:// or smtps://")
		}
	}
	from, ok := parseAddress(strings.TrimSpace(c.From))
	if !ok {
		return nil, configError("MENTORHUB_MAIL_FROM must be one e-mail address (mentor@example.org)")
	}
	s.from = from
	s.domain = from[strings.LastIndexByte(from, '@')+1:]
	if err := checkHeader("From", c.FromName); err != nil {
		return nil, configError("MENTORHUB_MAIL_FROM_NAME must be one line of UTF-8 text")
	}
	s.fromName = strings.TrimSpace(c.FromName)
	return s, nil
}

// String describes the server without the password. It has a value
// receiver so that printing an SMTP value, not only a pointer, hides it.
func (s SMTP) String() string {
	user := ""
	if s.user != "" {
		user = url.User(s.user).String() + "@"
	}
	return fmt.Sprintf("%s://%s%s", s.scheme, user, net.JoinHostPort(s.host, strconv.Itoa(s.port)))
}

// Send checks m, connects to the server, sends m and returns its
// Message-ID. A message that fails the checks is refused with an
// app.Error of code invalid before any connection is made. Connecting and
// each step of the conversation are bounded by ctx's deadline and
// DefaultTimeout, whichever is sooner; cancelling ctx closes the
// connection once the step under way has its answer or its deadline
// (go-mail holds the connection while it waits for the server).
func (s *SMTP) Send(ctx context.Context, m Message) (string, error) {
	m, err := validate(m, s.domain)
	if err != nil {
		return "", err
	}
	msg, err := s.build(m)
	if err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", sendFailed(err)
	}
	timeout := s.timeout
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < timeout {
		timeout = max(time.Until(dl), time.Millisecond)
	}
	client, err := gomail.NewClient(s.host, s.options(timeout)...)
	if err != nil {
		return "", sendFailed(err)
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return "", sendFailed(errors.Join(ctx.Err(), err))
	}
	// go-mail watches ctx only while dialling; closing the connection
	// stops a conversation that outlives it (between steps: a step that
	// waits for the server ends at its deadline).
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	if err := client.SendWithSMTPClient(conn, msg); err != nil {
		_ = conn.Close()
		return "", sendFailed(errors.Join(ctx.Err(), err))
	}
	// The server has taken the message; a failing QUIT changes nothing.
	_ = client.CloseWithSMTPClient(conn)
	return m.MessageID, nil
}

// options are the go-mail client settings for this server.
func (s *SMTP) options(timeout time.Duration) []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(timeout)}
	switch s.scheme {
	case "smtps":
		opts = append(opts, gomail.WithSSL())
	case "smtp":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.user != "" {
		// Autodiscovery picks the strongest mechanism the server offers
		// and sends PLAIN or LOGIN only over TLS.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.user), gomail.WithPassword(s.pass))
	}
	return opts
}

// build turns a checked message into go-mail's.
func (s *SMTP) build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.FromFormat(s.fromName, s.from); err != nil {
		return nil, configError("MENTORHUB_MAIL_FROM is not accepted by the mail library")
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, app.Invalid("mail.error.recipient", "the recipient is not one e-mail address")
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(m.MessageID)
	// RFC 3834: no out-of-office replies to automatic mail.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	if m.Lang != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	}
	if m.Unsubscribe != "" {
		if strings.HasPrefix(m.Unsubscribe, "https:") {
			if err := msg.SetListUnsubscribeOneClick(m.Unsubscribe); err != nil {
				return nil, app.Invalid("mail.error.unsubscribe", "the opt-out link is not an http(s) URL")
			}
		} else {
			msg.SetListUnsubscribe(m.Unsubscribe)
		}
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
