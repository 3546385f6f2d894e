// Package cli implements the mentorhub command: one file per subcommand,
// each with its own flag set and --help. Run is the whole program; main only
// builds a context and calls it.
package cli
