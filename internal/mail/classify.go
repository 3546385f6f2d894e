package mail

import (
	"context"
	"errors"
	"fmt"

	gomail "github.com/wneessen/go-mail"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Outcome is what became of a send.
type Outcome string

// The outcomes of a send.
const (
	// Sent: the server accepted the message.
	Sent Outcome = "sent"
	// Deferred: a temporary failure (a 4xx reply, a connection or TLS
	// problem, a timeout); send again later.
	Deferred Outcome = "deferred"
	// Bounced: a permanent failure (a 5xx reply, a rejected recipient, a
	// bad address or a message refused before sending); sending the same
	// message again will fail again.
	Bounced Outcome = "bounced"
)

// Classify says what an error from Send means for the message: nil is
// Sent; a message refused before connecting and a 5xx reply to the
// message are Bounced; anything else (4xx, network, TLS, login, context)
// is Deferred, because it is the server's or the connection's trouble and
// may pass.
func Classify(err error) Outcome {
	if err == nil {
		return Sent
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Deferred
	}
	var ae *app.Error
	if errors.As(err, &ae) && ae.Code == app.CodeInvalid {
		return Bounced
	}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return Deferred
	}
	switch code := se.ErrorCode(); {
	case se.IsTemp() || (code >= 400 && code < 500):
		return Deferred
	case code >= 500 && code < 600:
		return Bounced
	}
	if se.Reason == gomail.ErrGetSender || se.Reason == gomail.ErrGetRcpts {
		return Bounced // the library could not read an address
	}
	return Deferred
}

// sendError keeps the cause of a failed send for Classify (Unwrap) but
// says only the step and the server's reply codes, so that logging it
// does not log the recipient's address, which go-mail and many servers
// repeat in their messages.
type sendError struct{ err error }

func (e *sendError) Error() string {
	var se *gomail.SendError
	if !errors.As(e.err, &se) {
		// Connection, TLS and login errors name the server, not people.
		return "mail: " + e.err.Error()
	}
	msg := "mail: " + se.Reason.String() + " failed"
	if c := se.ErrorCode(); c != 0 {
		msg += fmt.Sprintf(": server replied %d", c)
		if esc := se.EnhancedStatusCode(); esc != "" {
			msg += " " + esc
		}
	}
	switch {
	case errors.Is(e.err, context.Canceled):
		msg += " (context canceled)"
	case errors.Is(e.err, context.DeadlineExceeded):
		msg += " (deadline exceeded)"
	}
	return msg
}

func (e *sendError) Unwrap() error { return e.err }

// sendFailed is the error of a send that reached (or tried to reach) the
// server.
func sendFailed(err error) error {
	return &app.Error{Code: app.CodeInternal, Key: "mail.error.send", Message: "sending mail failed", Err: &sendError{err: err}}
}
