package main

import (
	"context"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/funnel-analytics/funnel/funnel/outfile"
)

// Exit codes of a run ended by a signal, as shells report them (128 + the
// signal's number), so that a script tells an interrupted run from a
// failed one.
const (
	ExitInterrupted ExitCode = 130 // SIGINT (Ctrl-C)
	ExitTerminated  ExitCode = 143 // SIGTERM (kill, a timeout)
)

// signalError is the cause of a run's context cancelled by a signal: a
// run on a database stops its query on the server and returns an error
// wrapping it, which exits with Code.
type signalError struct {
	Name string // SIGINT, SIGTERM
	Code ExitCode
}

func (e signalError) Error() string { return "interrupted by " + e.Name }

// databaseRuns counts the runs on a database in progress (dbRun open to
// close): a signal then lets the run cancel its query on the server and
// end with its error, instead of exiting at once.
var databaseRuns atomic.Int32

// signalGrace bounds how long a signal waits for a run on a database to
// end after cancelling it (the cancel request's round trip, and the
// connection cut when the server does not answer: warehouse's
// cancelGrace).
const signalGrace = 5 * time.Second

// removeTempFilesOnSignal handles SIGINT and SIGTERM for the rest of the
// run as handleSignals does, for a run that needs no context.
func removeTempFilesOnSignal(exit func(code int)) (stop func()) {
	_, stop = handleSignals(exit)
	return stop
}

// handleSignals handles SIGINT and SIGTERM for the rest of the run: the
// context returned is cancelled with a signalError as its cause; when no
// run on a database is in progress (or it has not ended within
// signalGrace), the run's temporary files are removed (outfile's named
// temporary files and folders, the folders of excelize's files: unnamed
// temporary files need nothing) and exit is called with 130 or 143. stop
// ends the handling; a second signal after the first finds the default
// action.
func handleSignals(exit func(code int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-signals:
			signal.Stop(signals)
			cause := signalError{"SIGTERM", ExitTerminated}
			if sig == os.Interrupt {
				cause = signalError{"SIGINT", ExitInterrupted}
			}
			cancel(cause)
			if databaseRuns.Load() > 0 {
				select {
				case <-done: // the run ended: main exits with the signal's code
					return
				case <-time.After(signalGrace):
				}
			}
			outfile.RemoveTempFiles() // outputs staged, excelize folders of the reads
			exit(int(cause.Code))
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(signals)
		close(done)
	}
}

// signalCode is the exit code of a run under ctx (handleSignals'): the
// signal's when one cancelled it, else code.
func signalCode(ctx context.Context, code ExitCode) ExitCode {
	if s, ok := context.Cause(ctx).(signalError); ok {
		return s.Code
	}
	return code
}
