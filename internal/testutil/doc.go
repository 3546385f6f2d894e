// Package testutil gives tests a real database of either dialect, a fixed
// clock and small fixture builders.
package testutil
