package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// ExitCode is the process exit status (docs/design.md, section 4).
type ExitCode int

// Exit codes: cron jobs act on them.
const (
	ExitOK      ExitCode = 0 // success
	ExitFailure ExitCode = 1 // bad input, a fit that failed
	ExitUsage   ExitCode = 2 // bad flags or arguments
	ExitAlert   ExitCode = 3 // an alert threshold was crossed
	ExitMemory  ExitCode = 4 // the memory ceiling (--max-memory) was reached
)

// usageError is a mistake in the command line; it exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usagef returns a usage error.
func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errAlert is returned by a command whose report carries alerts; the
// report itself has been written and the alerts printed.
var errAlert = errors.New("alert threshold crossed")

// errExplained ends a run whose --explain printed the SQL it would run:
// a success (exit 0), with nothing more to say.
var errExplained = errors.New("explained")

// exitCodeFor maps an error to the exit code, in one place.
func exitCodeFor(err error) ExitCode {
	var ue *usageError
	var sig signalError
	switch {
	case err == nil, errors.Is(err, errExplained):
		return ExitOK
	case errors.As(err, &sig):
		return sig.Code
	case errors.Is(err, errAlert):
		return ExitAlert
	case errors.Is(err, ingest.ErrMemory):
		return ExitMemory
	case errors.As(err, &ue):
		return ExitUsage
	case isCobraUsage(err):
		return ExitUsage
	}
	return ExitFailure
}

// isCobraUsage recognises the errors cobra returns for unknown commands
// and wrong argument counts, which carry no type of their own (flag errors
// become usageErrors through the root's FlagErrorFunc). Only the start of
// the message is compared, so a data error that merely contains such words
// (an os error "invalid argument") is not taken for a usage error.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command ", "accepts ", "requires at least ", "requires at most ", "if any flags in the group"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
