package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the command's standard streams, injected so that tests run
// commands in-process with buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// OutTTY and ErrTTY report whether Out and ErrOut are terminals: a
	// table on a terminal, TSV when piped; progress only on a terminal.
	OutTTY bool
	ErrTTY bool
}

// SystemIO returns the process's standard streams.
func SystemIO() *IOStreams {
	return &IOStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
}
