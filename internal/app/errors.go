package app

import (
	"errors"
	"fmt"
)

// Code classifies an Error; the web layer maps it to an HTTP status.
type Code string

// The error codes of mentorhub.
const (
	CodeInvalid      Code = "invalid"
	CodeNotFound     Code = "not_found"
	CodeConflict     Code = "conflict"
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	CodeTooMany      Code = "too_many_requests"
	CodeTooLarge     Code = "too_large"
	CodeInternal     Code = "internal"
)

// Detail is one item of a multi-part error, such as one bad line of an import.
type Detail struct {
	Line    int    `json:"line,omitempty"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
	// Key, when set, is the i18n key of Message, for pages that show it
	// in the reader's language (the API keeps the English Message).
	Key string `json:"-"`
	// Args are the arguments of Key.
	Args map[string]any `json:"-"`
}

// Error is the one error type of mentorhub. Key is an i18n message key; Args
// fill its template. Message is an English fallback for logs and the API.
type Error struct {
	Code    Code
	Key     string
	Args    map[string]any
	Message string
	Details []Detail
	Err     error // wrapped cause, never shown to users
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with a code, a message key and an English message.
func Errorf(code Code, key string, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Message: fmt.Sprintf(format, args...)}
}

// WithArgs returns e with template arguments for its message key.
func (e *Error) WithArgs(kv ...any) *Error {
	if e.Args == nil {
		e.Args = map[string]any{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Args[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return e
}

// Invalid reports bad input.
func Invalid(key, msg string) *Error { return &Error{Code: CodeInvalid, Key: key, Message: msg} }

// NotFound reports a missing record (or one the caller may not know exists).
func NotFound(what string) *Error {
	return &Error{Code: CodeNotFound, Key: "error.not_found", Message: what + " not found"}
}

// Forbidden reports an action outside the caller's role or scope.
func Forbidden() *Error {
	return &Error{Code: CodeForbidden, Key: "error.forbidden", Message: "you may not do this"}
}

// Unauthorized reports a missing or bad credential.
func Unauthorized() *Error {
	return &Error{Code: CodeUnauthorized, Key: "error.unauthorized", Message: "authentication required"}
}

// Internal wraps an unexpected failure; its cause is logged, never shown.
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Key: "error.internal", Message: "internal error", Err: err}
}

// ErrorCode returns the code of err: "" for nil, CodeInternal for foreign errors.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// AsError converts any error to *Error, wrapping foreign errors as internal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}
