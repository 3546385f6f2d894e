// Package people holds the students and mentors of a program and their
// groups: imports from the student system (students.csv / mentors.csv or an
// export with other headers through a remembered column mapping) with a
// preview of what is added, changed and removed; enrolment (opt-out
// programs enrol everyone imported, and a student may opt out and back in;
// opt-in programs take sign-ups until a deadline and up to a capacity);
// allocation into groups through internal/allocate with a preview, stored
// once accepted, and extended without reshuffling when students arrive late
// or leave; moving students and swapping mentors with rule warnings; chief
// mentors; and one-to-one matching with applications and selection.
//
// Permissions are decided here: a program's students and groups are read
// and changed by its coordinators and the institution's admins; a student
// changes only their own enrolment.
package people
