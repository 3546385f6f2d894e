// Package payroll keeps mentors' hours and pay: each program year's rates
// (hourly, per item for per-item tasks such as a report read at a
// drop-in desk, whether training is paid), monthly timesheets a mentor
// submits and a coordinator approves or returns, and the month's payroll
// for the institution's payroll office (API.md, "Mentors, hours and pay").
//
// Money is kept in øre (int64) and hours in quarter hours (int), so every
// sum is exact; an amount is rounded to the øre once, at the end:
// amount = Σ hours × hourly rate + Σ items × the category's item rate.
package payroll
