// Package sessions runs the year of every mentor group: the sessions a
// program plans (group sessions at each group's meeting slot and plenaries
// for the whole program), the check-ins that record who came, the
// attendance that follows from them, the students to follow up, and the
// private calendar feed of each person.
//
// Who is expected at a session: for a group session, the students who
// were members of the group when it started (or, for a session recorded
// after it was held, the members when it was recorded who had not left
// before it started); for a plenary, the program year's students taking
// part. A check-in is one row per expected student per session: a repeat
// changes the row (or leaves it), never adds one.
package sessions
