package tabular

import (
	"fmt"

	"github.com/mentorhub/mentorhub/internal/app"
)

// Msg makes a problem or warning of a file: Message is the English text of
// the contract (format filled with the values of kv), which the API and the
// command line show; Key and Args (kv's name/value pairs) let a page show it
// in the reader's language. format takes the values of kv in order; pairs
// beyond its verbs are arguments for the translations only.
func Msg(line int, column, key, format string, kv ...any) app.Detail {
	args := make(map[string]any, len(kv)/2)
	vals := make([]any, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		args[fmt.Sprint(kv[i])] = kv[i+1]
		vals = append(vals, kv[i+1])
	}
	vals = vals[:min(len(vals), verbs(format))]
	return app.Detail{Line: line, Column: column, Message: fmt.Sprintf(format, vals...), Key: key, Args: args}
}

// verbs counts the formatting verbs of format ("%%" is none).
func verbs(format string) int {
	n := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			i++
			continue
		}
		n++
	}
	return n
}
