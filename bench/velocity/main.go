// Command velocity is the memory benchmark of `funnel velocity` in
// bench/: it reads a long stages file the way the command does (streamed
// into a velocity.StageStream, or with -table loaded as a table), runs
// velocity.Analyze, and prints the time and the live heap (after a GC) of
// each step, with what the Dict of ids and the stage entries hold, so
// that a peak RSS (bench/run.sh, /usr/bin/time -v) can be read as parts
// (issue 5: memory proportional to entities).
//
//	go run ./bench/velocity [-table] [-order a,b,c] [-memprofile FILE] stages.csv
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/velocity"
)

func liveMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

func main() {
	table := flag.Bool("table", false, "load the stages file as a table (the path of --by and --wide) instead of streaming it")
	order := flag.String("order", "", "the stage ladder, comma-separated (default: inferred)")
	memProfile := flag.String("memprofile", "", "write a heap profile (allocations included) to this file at the end")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: velocity [-table] [-order a,b,c] stages.csv")
		os.Exit(2)
	}
	opts := velocity.Options{}
	if *order != "" {
		opts.Order = strings.Split(*order, ",")
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "velocity:", err)
		os.Exit(1)
	}
	base := liveMB()
	start := time.Now()
	files := map[funnel.TableKind]string{funnel.Stages: flag.Arg(0)}
	iopts := ingest.Options{}
	var stream *velocity.StageStream
	if !*table {
		iopts.Sink = func(*funnel.Dataset, funnel.TableKind) func(*funnel.Table) error {
			stream = velocity.NewStageStream()
			return stream.Add
		}
	}
	ds, err := ingest.LoadDataset(files, iopts)
	if err != nil {
		fail(err)
	}
	read := time.Since(start)
	afterRead := liveMB() - base
	opts.Stream = stream
	start = time.Now()
	res, err := velocity.Analyze(ds, opts)
	if err != nil {
		fail(err)
	}
	analyze := time.Since(start)
	afterAnalyze := liveMB() - base
	entries := 0
	if stream != nil {
		entries = stream.Entries()
	} else {
		entries = ds.Stages.Rows
	}
	fmt.Printf("mode %s entries %d entities %d strings %d read_s %.2f analyze_s %.2f live_mb_read %.1f live_mb_analyzed %.1f entries_mb %.1f transitions %d\n",
		map[bool]string{true: "table", false: "stream"}[*table], entries, res.Entities, ds.Dict.Len(),
		read.Seconds(), analyze.Seconds(), afterRead, afterAnalyze, float64(16*entries)/(1<<20), res.Transitions)
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
		}
		if err != nil {
			fail(err)
		}
		f.Close()
	}
	runtime.KeepAlive(ds)
	runtime.KeepAlive(stream)
	runtime.KeepAlive(res)
}
