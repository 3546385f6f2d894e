package program

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/catalogue"
)

// Row is the program as a catalogue row (the open-data view).
func (p Program) Row() catalogue.Row {
	return catalogue.Row{
		ProgramID: p.Code, Institution: p.InstitutionName, Unit: p.UnitName, Level: p.Level, Name: p.Name,
		Transition: p.Transition, Model: p.Model, MentorKinds: slices.Clone(p.MentorKinds), Mandatory: p.Mandatory,
		Enrolment: p.Enrolment, Credits: p.Credits, Paid: p.Paid, GroupSize: p.GroupSize,
		MentorsPerGroup: p.MentorsPerGroup, StudentsOffered: p.StudentsOffered, Started: p.Started, Ended: p.Ended,
		EndReason: p.EndReason, Status: p.Status, Relevance: p.Relevance, Funding: p.Funding, URL: p.URL,
		MinStandard: p.MinStandard(),
	}
}

// ApplyRow sets the catalogue fields of p from r; the description, evidence
// texts and links a file does not carry are kept.
func (p *Program) ApplyRow(r catalogue.Row) {
	p.Code, p.InstitutionName, p.UnitName, p.Level, p.Name = r.ProgramID, r.Institution, r.Unit, r.Level, r.Name
	p.Transition, p.Model, p.MentorKinds, p.Mandatory = r.Transition, r.Model, slices.Clone(r.MentorKinds), r.Mandatory
	p.Enrolment, p.Credits, p.Paid, p.GroupSize = r.Enrolment, r.Credits, r.Paid, r.GroupSize
	p.MentorsPerGroup, p.StudentsOffered, p.Started, p.Ended = r.MentorsPerGroup, r.StudentsOffered, r.Started, r.Ended
	p.EndReason, p.Status, p.Relevance, p.Funding, p.URL = r.EndReason, r.Status, r.Relevance, r.Funding, r.URL
	for i := range p.Criteria {
		p.Criteria[i].Met = slices.Contains(r.MinStandard, i+1)
	}
}

func optInt(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func optBool(v *bool) string {
	if v == nil {
		return ""
	}
	return strconv.FormatBool(*v)
}

// fieldValues renders every recorded field as text, for history diffs.
func (p Program) fieldValues() map[string]string {
	m := map[string]string{
		"name": p.Name, "unit": p.UnitName, "unit_id": strconv.FormatInt(p.UnitID, 10), "level": p.Level,
		"transition": p.Transition, "model": p.Model, "mentor_kinds": strings.Join(p.MentorKinds, "|"),
		"mandatory": strconv.FormatBool(p.Mandatory), "enrolment": p.Enrolment, "credits": optBool(p.Credits),
		"paid": strconv.FormatBool(p.Paid), "group_size": p.GroupSize, "mentors_per_group": optInt(p.MentorsPerGroup),
		"students_offered": optInt(p.StudentsOffered), "started": strconv.Itoa(p.Started), "ended": optInt(p.Ended),
		"end_reason": p.EndReason, "status": p.Status, "relevance": p.Relevance, "funding": p.Funding, "url": p.URL,
		"contact": p.Contact, "purpose": p.Purpose, "expectations": p.Expectations, "how_to_join": p.HowToJoin,
		"public": strconv.FormatBool(p.Public), "is_example": strconv.FormatBool(p.IsExample),
		"example_worked": p.Example.Worked, "example_not_worked": p.Example.NotWorked, "example_links": p.Example.Links,
		"content_language": p.Language,
	}
	for i, c := range p.Criteria {
		m[fmt.Sprintf("criterion_%d", i+1)] = strconv.FormatBool(c.Met)
		m[fmt.Sprintf("criterion_%d_evidence", i+1)] = c.Evidence
	}
	var served []string
	for _, s := range p.Served {
		x := s.ProgrammeCode
		if s.Cohort != "" {
			x += " " + s.Cohort
		}
		served = append(served, x)
	}
	slices.Sort(served)
	m["programmes"] = strings.Join(served, ", ")
	return m
}

// diff returns the fields that differ between old and new.
func diff(old, new Program) map[string][2]string {
	a, b := old.fieldValues(), new.fieldValues()
	out := map[string][2]string{}
	for k, v := range b {
		if a[k] != v {
			out[k] = [2]string{a[k], v}
		}
	}
	return out
}

var codeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

// maxText bounds every free-text field.
const maxText = 4000

// Validate checks a program and returns every problem, by catalogue column
// (or form field) name, so a form or an API client can show each at its field.
func Validate(p Program) []app.Detail {
	var ds []app.Detail
	// bad adds a problem of col: its message key, English text and the
	// name/value pairs of the key's arguments.
	bad := func(col, key, msg string, kv ...any) {
		args := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			args[kv[i].(string)] = kv[i+1]
		}
		ds = append(ds, app.Detail{Column: col, Message: msg, Key: key, Args: args})
	}
	oneOf := func(col, v string, allowed []string, required bool) {
		if v == "" {
			if required {
				bad(col, "program.err.required", "is required")
			}
			return
		}
		if !slices.Contains(allowed, v) {
			bad(col, "program.err.one_of", fmt.Sprintf("must be one of %s, not %q", strings.Join(allowed, ", "), v),
				"Allowed", strings.Join(allowed, ", "), "Value", fmt.Sprintf("%q", v))
		}
	}
	if !codeRE.MatchString(p.Code) {
		bad("program_id", "program.err.code", "must be 2–64 lower-case letters, digits, '.', '_' or '-'")
	}
	if strings.TrimSpace(p.Name) == "" {
		bad("name", "program.err.required", "is required")
	}
	oneOf("level", p.Level, catalogue.Levels, true)
	oneOf("transition", p.Transition, catalogue.Transitions, true)
	oneOf("model", p.Model, catalogue.Models, true)
	oneOf("enrolment", p.Enrolment, catalogue.Enrolments, true)
	oneOf("status", p.Status, catalogue.Statuses, true)
	oneOf("relevance", p.Relevance, catalogue.Relevances, false)
	oneOf("content_language", p.Language, Languages, false)
	if len(p.MentorKinds) == 0 {
		bad("mentor_kinds", "program.err.mentor_kinds", "choose at least one kind of mentor")
	}
	seen := map[string]bool{}
	for _, k := range p.MentorKinds {
		if !slices.Contains(catalogue.MentorKinds, k) || seen[k] {
			bad("mentor_kinds", "program.err.mentor_kind", fmt.Sprintf("%q is not a known kind of mentor, or repeated", k), "Value", fmt.Sprintf("%q", k))
		}
		seen[k] = true
	}
	if p.GroupSize != "" && !validGroupSize(p.GroupSize) {
		bad("group_size", "program.err.group_size", "must be a number such as 8 or a range such as 10-12")
	}
	if p.MentorsPerGroup != nil && *p.MentorsPerGroup < 1 {
		bad("mentors_per_group", "program.err.at_least_one", "must be at least 1")
	}
	if p.StudentsOffered != nil && *p.StudentsOffered < 0 {
		bad("students_offered", "program.err.negative", "cannot be negative")
	}
	if p.Started < 1950 || p.Started > 2100 {
		bad("started", "program.err.year", "must be a year such as 2019")
	}
	if p.Ended != nil {
		switch {
		case *p.Ended < p.Started:
			bad("ended", "program.err.ended_before", "cannot be before the year it started")
		case p.Status != "closed":
			bad("ended", "program.err.ended_open", "is only for closed programs")
		}
	}
	if p.URL != "" {
		if u, err := url.Parse(p.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("url", "program.err.url", "must be a web address starting with https://")
		}
	}
	if l := strings.TrimSpace(p.Example.Links); l != "" && !safeLink(l) {
		ds = append(ds, app.Detail{Column: "example_links", Key: "program.link_invalid",
			Message: "must be a web address starting with https:// (or a mailto: address)"})
	}
	for col, v := range map[string]string{"name": p.Name, "unit": p.UnitName, "end_reason": p.EndReason, "funding": p.Funding,
		"contact": p.Contact, "purpose": p.Purpose, "expectations": p.Expectations, "how_to_join": p.HowToJoin,
		"example_worked": p.Example.Worked, "example_not_worked": p.Example.NotWorked, "example_links": p.Example.Links} {
		if len([]rune(v)) > maxText {
			bad(col, "program.err.too_long", fmt.Sprintf("is longer than %d characters", maxText), "N", maxText)
		}
	}
	slices.SortFunc(ds, func(a, b app.Detail) int { return strings.Compare(a.Column, b.Column) })
	return ds
}

// safeLink tells whether s is a link a page may show: an http(s) address
// with a host, or a mailto: address. Anything else, javascript: and data:
// above all, would run or show content of the attacker's in the reader's
// browser.
func safeLink(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

func validGroupSize(s string) bool {
	lo, hi, isRange := strings.Cut(s, "-")
	a, err := strconv.Atoi(lo)
	if err != nil || a < 1 {
		return false
	}
	if !isRange {
		return true
	}
	b, err := strconv.Atoi(hi)
	return err == nil && b >= a
}

// invalid wraps validation details as one error.
func invalid(ds []app.Detail) error {
	return &app.Error{Code: app.CodeInvalid, Key: "program.invalid", Message: fmt.Sprintf("the program has %d problem(s)", len(ds)), Details: ds}
}

// Languages are the languages a program's texts may be written in.
var Languages = []string{"nb", "nn", "en"}
