// Command mentorhub runs student mentor programs end to end: see README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/mentorhub/mentorhub/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
