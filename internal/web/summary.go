package web

import "slices"

// errorSummary lists a form's problems above it, each linked to its field,
// and takes the focus when the page loads (autofocus, with app.js as a
// fallback): after a failed submit a keyboard or screen-reader user lands
// on what went wrong instead of at the top of the page.
type errorSummary struct {
	ID      string
	Heading string
	Items   []summaryItem
}

// summaryItem is one problem: the id of the field it is about ("" for the
// form as a whole), the field's label and the message.
type summaryItem struct{ Field, Label, Message string }

// summarise orders a form's problems (by column) as the fields appear on
// the form; fields maps each column to its field id and label, and
// columns not on the form come last, unlinked.
func summarise(id, heading string, errs map[string]string, order []string, fields map[string][2]string) errorSummary {
	s := errorSummary{ID: id, Heading: heading}
	seen := map[string]bool{}
	for _, col := range order {
		msg, ok := errs[col]
		if !ok || msg == "" {
			continue
		}
		seen[col] = true
		f := fields[col]
		s.Items = append(s.Items, summaryItem{Field: f[0], Label: f[1], Message: msg})
	}
	var rest []string
	for col := range errs {
		if !seen[col] && errs[col] != "" {
			rest = append(rest, col)
		}
	}
	slices.Sort(rest)
	for _, col := range rest {
		s.Items = append(s.Items, summaryItem{Message: errs[col]})
	}
	return s
}
