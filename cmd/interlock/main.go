// Command interlock runs a security team's internal tools from intake to
// sunset: `interlock serve` is the service, every other verb a client of it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"gitlab.com/prodseceng/interlock/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
