package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/render"
)

// outputOptions say where and how a command writes its report: the output
// flags (--format, -o, --table, --quiet) and the streams, as a value. A
// command that decides what the flags leave open (report's config
// report.output, demo's table) changes its own copy, never the shared
// flags.
type outputOptions struct {
	io     *IOStreams
	Format string
	Path   string // -o FILE; "" is stdout
	Table  string
	Quiet  bool
}

// output returns the output flags as a value.
func (g *globalOptions) output() outputOptions {
	return outputOptions{io: g.io, Format: g.Format, Path: g.Output, Table: g.Table, Quiet: g.Quiet}
}

// checkOutput validates the output flags before any work is done, so a
// usage mistake costs nothing.
func (g *globalOptions) checkOutput() error { return g.output().check() }

// writeReport renders rep as the output flags say (see outputOptions.write).
func (g *globalOptions) writeReport(rep *funnel.Report, inputs []string) error {
	return g.output().write(rep, inputs)
}

// format decides the format: --format, else -o's extension, else a table
// on a terminal and TSV when piped.
func (o outputOptions) format() (render.Format, error) {
	if o.Format != "" {
		f, err := render.ParseFormat(o.Format)
		if err != nil {
			return 0, usagef("--format: %v", err)
		}
		return f, nil
	}
	if o.Path != "" {
		f, err := render.FormatFromPath(o.Path)
		if err != nil {
			return 0, usagef("-o %s: %v (or give --format)", o.Path, err)
		}
		return f, nil
	}
	if o.io.OutTTY {
		return render.Table, nil
	}
	return render.TSV, nil
}

// check validates the output before any work is done.
func (o outputOptions) check() error {
	f, err := o.format()
	if err != nil {
		return err
	}
	if f == render.XLSX && o.Path == "" && o.io.OutTTY {
		return usagef("xlsx output needs -o FILE.xlsx (it is not for a terminal)")
	}
	return nil
}

// write renders rep to -o (atomically, never over an input) or to
// stdout, then prints its warnings and alerts on stderr. A report with
// alerts returns errAlert, which exits 3.
func (o outputOptions) write(rep *funnel.Report, inputs []string) error {
	f, err := o.format()
	if err != nil {
		return err
	}
	opts := render.Options{Table: o.Table, Color: o.io.OutTTY}
	write := func(w io.Writer) error { return render.Render(w, rep, f, opts) }
	if o.Path != "" {
		err = render.WriteFile(o.Path, inputs, write)
	} else {
		err = write(o.io.Out)
	}
	if err != nil {
		return err
	}
	o.printWarnings(rep)
	if len(rep.Alerts) > 0 {
		return errAlert
	}
	return nil
}

// printWarnings writes the report's warnings (unless --quiet) and its
// alerts (always: they decide the exit code) to stderr.
func (o outputOptions) printWarnings(rep *funnel.Report) {
	if o.Quiet {
		quietRep := *rep
		quietRep.Warnings = nil
		render.WriteWarnings(o.io.ErrOut, &quietRep)
		return
	}
	render.WriteWarnings(o.io.ErrOut, rep)
}

// addPlotFlag declares --plot FILE on a command whose report has a chart.
func addPlotFlag(cmd *cobra.Command, path *string, what string) {
	cmd.Flags().StringVar(path, "plot", "", "also draw "+what+" to `FILE` (.png or .svg)")
}

// checkPlot validates --plot before any work is done.
func checkPlot(path string) error {
	if path == "" {
		return nil
	}
	if _, err := render.PlotFormatFromPath(path); err != nil {
		return usagef("--plot: %v", err)
	}
	return nil
}

// writeReportWithPlot draws the report's chart to --plot (nothing happens
// without it), atomically and never over an input, then writes the report
// as writeReport does.
func (g *globalOptions) writeReportWithPlot(plot string, rep *funnel.Report, inputs []string) error {
	if plot != "" {
		if err := render.WritePlots(plot, inputs, rep); err != nil {
			return fmt.Errorf("--plot: %w", err)
		}
	}
	return g.writeReport(rep, inputs)
}

// dispatch runs a command whose flags have been parsed into o: each check
// in order (validating the flags into o: a usage mistake costs nothing),
// then runF, the tests' seam, when it is set, else run. Every command's
// RunE is this call.
func dispatch[O any](o O, runF, run func(O) error, checks ...func() error) error {
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	if runF != nil {
		return runF(o)
	}
	return run(o)
}
