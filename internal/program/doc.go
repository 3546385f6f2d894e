// Package program is responsible for mentor programs, the central record of
// mentorhub: the catalogue record with every variation axis of DOMAIN.md,
// the student-facing description, the minimum-standard checklist, the study
// programmes and cohorts served, publication in the public catalogue, the
// example collection, change history, catalogue import, and the leadership
// overview (coverage, models, timeline). It decides who may see and change
// each program.
package program
