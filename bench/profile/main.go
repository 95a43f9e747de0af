// Command profile runs the steps of `funnel fit` in one process (read the
// exports with funnel/ingest, scoring.Fit, the report, JSON rendering),
// prints the wall time of each step and writes a CPU profile, so that a
// missed fit target in bench/RESULTS.md can be traced to a function:
//
//	go run ./bench/profile -leads leads.csv -touches activities.csv \
//	    -target won_at -features industry -cpuprofile /tmp/fit.pprof
//	go tool pprof -top /tmp/fit.pprof
//	go tool pprof -top -tagfocus step=leads /tmp/fit.pprof   # leads, touches or fit
//
// It calls the same domain functions as cmd/funnel/fit.go with the flags'
// defaults (transform none, missing drop, every level kept).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/render"
	"github.com/funnel-analytics/funnel/scoring"
)

func main() {
	leads := flag.String("leads", "", "leads export")
	touches := flag.String("touches", "", "touches export")
	target := flag.String("target", "won_at", "the outcome column of the leads")
	features := flag.String("features", "", "lead columns to add as terms, comma-separated")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	memProfile := flag.String("memprofile", "", "write a heap profile (after the fit) to this file")
	flag.Parse()
	if *leads == "" {
		fmt.Fprintln(os.Stderr, "usage: profile -leads FILE [-touches FILE] [-target COLUMN] [-features a,b] [-cpuprofile FILE]")
		os.Exit(2)
	}
	if err := run(*leads, *touches, *target, *features, *cpuProfile, *memProfile); err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

func run(leads, touches, target, features, cpuProfile, memProfile string) error {
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50) // as cmd/funnel/main.go
	}
	cpuAt := map[time.Time]float64{}
	cpu := func() float64 {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	now := func() time.Time { t := time.Now(); cpuAt[t] = cpu(); return t }
	start := now()
	step := func(name string, t0 time.Time) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("%-8s %7.3f s  cpu %6.3f s  heap in use %6.1f MiB\n", name, time.Since(t0).Seconds(), cpu()-cpuAt[t0], float64(ms.HeapInuse)/(1<<20))
	}

	// As cmd/funnel/fit.go: only the columns the fit uses are read, and the
	// touches are counted while they are read (the default as-of).
	var cfg scoring.Config
	cfg.Features.Target = target
	cfg.Features.MinLevelCount = 1
	if features != "" {
		cfg.Features.Features = strings.Split(features, ",")
	}
	// Profile samples carry the step (pprof -tagfocus step=leads).
	label := func(step string) {
		pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("step", step)))
	}
	label("leads")
	t0 := now()
	files := map[funnel.TableKind]string{funnel.Leads: leads}
	if touches != "" {
		files[funnel.Touches] = touches
	}
	opts := ingest.Options{Keep: cfg.Features.Reads}
	counter := scoring.NewTouchCounter(cfg.Features)
	cfg.Features.Counted = counter
	opts.Sink = func(ds *funnel.Dataset, kind funnel.TableKind) func(*funnel.Table) error {
		if kind == funnel.Touches {
			step("leads", t0)
			label("touches")
			t0 = now()
		}
		return counter.Sink(ds, kind)
	}
	ds, err := ingest.LoadDataset(files, opts)
	if err != nil {
		return err
	}
	step("touches", t0)

	label("fit")
	t0 = now()
	m, err := scoring.Fit(ds, cfg)
	if err != nil {
		return err
	}
	step("fit", t0)
	if memProfile != "" {
		f, err := os.Create(memProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			return err
		}
	}

	t0 = now()
	rep := m.Report()
	step("report", t0)
	t0 = now()
	if err := render.Render(io.Discard, rep, render.JSON, render.Options{}); err != nil {
		return err
	}
	step("render", t0)
	step("total", start)
	return nil
}
