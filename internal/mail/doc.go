// Package mail is responsible for the e-mail mentorhub sends: the three
// messages students get (a welcome before term, a reminder before a
// session and a "we missed you" after one), rendered in the recipient's
// language from the i18n catalogue, and sending them through a real SMTP
// server with go-mail.
//
// A Message is checked before any connection is made: a bad recipient
// address, a line break in a header field or an oversized body is refused
// with an app.Error of code invalid. Classify tells a caller (the mail
// job) whether a failed send should be retried (deferred) or given up
// (bounced). Neither errors nor logs carry the SMTP password, and send
// errors do not repeat the recipient's address.
package mail
