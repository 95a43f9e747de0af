// Command funnel is a command-line analytics toolkit for fuzzy-funnel
// modeling of B2B buying: lead-score weights by logistic regression,
// multi-touch attribution, stage velocity and market size, from CRM and
// activity exports (CSV, TSV, Excel).
package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target unless GOGC is set. funnel
// holds large tables for a few seconds; on the machines it is measured on
// (bench/RESULTS.md), memory the process touches for the first time costs
// about 3 ms a MiB, more than collecting twice as often costs on the
// second core: 50 instead of Go's 100 made fit, velocity and attribute
// 0-7% faster with 10-20% less peak memory.
const gcPercent = 50

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := handleSignals(os.Exit)
	code := MainContext(ctx, SystemIO(), os.Args[1:])
	stop()
	os.Exit(int(signalCode(ctx, code)))
}
