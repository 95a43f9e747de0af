// Command pgrun runs a command with a throwaway PostgreSQL server for it:
// it starts a server as internal/pgtest does (initdb in a temporary
// folder, a Unix socket only, as the postgres user when run as root),
// sets FUNNEL_TEST_PG to the URL of its postgres database, runs the
// command, stops the server and removes its folder, and exits with the
// command's exit code. `make test` runs `go test ./...` under it, so that
// every test binary of the run uses one server instead of making its own.
//
//	go run ./internal/pgtest/pgrun go test -count=1 ./...
//
// Without PostgreSQL binaries it says so in one line and runs the command
// alone (the database tests then skip, or fail with FUNNEL_REQUIRE_PG=1).
// SIGINT and SIGTERM are passed on to the command (Ctrl-C reaches it
// anyway, in the same process group); pgrun waits for it and stops the
// server.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/funnel-analytics/funnel/internal/pgtest"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pgrun COMMAND [ARG...]")
		os.Exit(2)
	}
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	s, why, err := pgtest.StartServer()
	switch {
	case err != nil:
		fmt.Fprintf(os.Stderr, "pgrun: PostgreSQL did not start: %v\n", err)
		return 1
	case s == nil:
		fmt.Fprintf(os.Stderr, "pgrun: no PostgreSQL (%s): running without a server\n", why)
	default:
		defer func() {
			if err := s.Stop(); err != nil {
				fmt.Fprintf(os.Stderr, "pgrun: stopping PostgreSQL: %v\n", err)
			}
		}()
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	if s != nil {
		cmd.Env = append(cmd.Env, pgtest.ServerEnv+"="+s.URL("postgres"))
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "pgrun: %v\n", err)
		return 1
	}
	go func() {
		for sig := range sigs {
			cmd.Process.Signal(sig)
		}
	}()
	err = cmd.Wait()
	signal.Stop(sigs)
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if st, ok := exit.Sys().(syscall.WaitStatus); ok && st.Signaled() {
			return 128 + int(st.Signal())
		}
		return exit.ExitCode()
	default:
		fmt.Fprintf(os.Stderr, "pgrun: %v\n", err)
		return 1
	}
}
