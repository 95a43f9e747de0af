package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/funnel-analytics/funnel/funnel/outfile"
)

// Exit codes of a run ended by a signal, as shells report them (128 + the
// signal's number), so that a script tells an interrupted run from a
// failed one.
const (
	ExitInterrupted ExitCode = 130 // SIGINT (Ctrl-C)
	ExitTerminated  ExitCode = 143 // SIGTERM (kill, a timeout)
)

// removeTempFilesOnSignal handles SIGINT and SIGTERM for the rest of the
// run: the run's temporary files are removed (outfile's named temporary
// files and folders, the folders of excelize's files: unnamed temporary
// files need nothing) and exit is called with 130 or 143. stop ends the
// handling; a second signal after the first finds the default action.
func removeTempFilesOnSignal(exit func(code int)) (stop func()) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-signals:
			signal.Stop(signals)
			outfile.RemoveTempFiles() // outputs staged, excelize folders of the reads
			code := ExitTerminated
			if sig == os.Interrupt {
				code = ExitInterrupted
			}
			exit(int(code))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(signals)
		close(done)
	}
}
