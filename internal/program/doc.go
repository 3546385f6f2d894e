// Package program is responsible for mentor programs: the central record of
// mentorhub, who may see and change it. (The full catalogue record, minimum
// standard and history grow here.)
package program
