// Package training keeps mentor training: the catalogue of modules, the
// completions that belong to a person rather than a program (a mentor
// trained for one program is not asked again by another), each program
// year's required modules, and the import of completions from the
// e-learning system (API.md, "Mentors, hours and pay").
package training
