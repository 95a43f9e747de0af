//go:build unix

package ingest

import (
	"errors"
	"syscall"
)

// processRuns reports whether process pid runs (or may: any answer but
// "no such process").
func processRuns(pid int) bool {
	return !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
