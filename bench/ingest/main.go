// Command ingest is the ingest benchmark of bench/: it reads one export
// with funnel/ingest into a typed table (the exact path every command
// takes) and prints the rows, the time, and the memory the table holds
// once read (live heap after a GC). Peak RSS is measured around it by
// bench/run.sh with /usr/bin/time -v (issue: 5M touch rows in about
// 300 MB).
//
//	go run ./bench/ingest [-kind touches] [-cpuprofile FILE] touches.csv
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

func main() {
	kindName := flag.String("kind", "touches", "input kind: leads, touches, stages, opportunities, accounts, costs, paths")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the read to this file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: ingest [-kind touches] FILE")
		os.Exit(2)
	}
	kind, ok := funnel.ParseTableKind(*kindName)
	if !ok {
		fmt.Fprintf(os.Stderr, "ingest: unknown kind %q\n", *kindName)
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "ingest:", err)
			os.Exit(1)
		}
	}
	start := time.Now()
	dict := funnel.NewDict()
	t, _, err := ingest.Load(flag.Arg(0), kind, dict, ingest.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ingest:", err)
		os.Exit(1)
	}
	elapsed := time.Since(start)
	pprof.StopCPUProfile()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("rows %d columns %d strings %d secs %.3f live_heap_mb %.1f bytes_per_row %.1f\n",
		t.Rows, len(t.Columns), dict.Len(), elapsed.Seconds(),
		float64(ms.HeapAlloc)/(1<<20), float64(ms.HeapAlloc)/float64(max(t.Rows, 1)))
	runtime.KeepAlive(t)
}
