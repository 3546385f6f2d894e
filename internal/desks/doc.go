// Package desks holds the rules of drop-in desks and one-to-one work in a
// program year: a desk's weekly slots and its rota of mentors on duty
// (biORAKEL: three), shift swaps, the visitor log (a student's check-in or
// an anonymous count with a topic tag), the text-feedback queue (a student
// submits, one mentor claims and returns; returned items are counted per
// mentor and month for pay), one-to-one talks recorded as held (never
// their content), the credit-giving reflection note as the program records
// it (never its text), and office hours a student books (both parties'
// calendar feeds show them).
package desks
