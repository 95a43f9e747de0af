package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/outfile"
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

// output returns the output flags as a value; -o - is stdout.
func (g *globalOptions) output() outputOptions {
	path := g.Output
	if path == "-" {
		path = ""
	}
	return outputOptions{io: g.io, Format: g.Format, Path: path, Table: g.Table, Quiet: g.Quiet}
}

// checkOutput validates the output flags before any work is done, so a
// usage mistake costs nothing.
func (g *globalOptions) checkOutput() error { return g.output().check() }

// checkOutputs returns a command's dispatch check of its outputs: the
// output flags (checkOutput), then -o and the command's other files
// (checkDestinations; in is nil for a command without input flags).
func (g *globalOptions) checkOutputs(in *inputFlags, files ...destination) func() error {
	return func() error {
		if err := g.checkOutput(); err != nil {
			return err
		}
		return checkDestinations(in, append([]destination{{"-o", g.Output}}, files...)...)()
	}
}

// writeReport renders rep as the output flags say, with the run's other
// files (see outputOptions.write).
func (g *globalOptions) writeReport(rep *funnel.Report, inputs []string, files ...extraOutput) error {
	return g.output().write(rep, inputs, files...)
}

// format decides the format: --format, else -o's extension (TSV for a
// stream such as /dev/stdout or a FIFO, which has none), else a table on a
// terminal and TSV when piped.
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
		if err != nil && outfile.IsStream(o.Path) {
			return render.TSV, nil // -o /dev/stdout, a FIFO: as when piped
		}
		if err != nil {
			return 0, usagef("-o %s: %v", o.Path, err)
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

// write renders rep to -o or to stdout, with the run's other files,
// then prints its warnings and alerts on stderr (see writeWith).
func (o outputOptions) write(rep *funnel.Report, inputs []string, files ...extraOutput) error {
	var set outfile.Set
	return o.writeWith(&set, rep, inputs, files...)
}

// writeWith renders rep to -o or to stdout, with the run's other files,
// then prints its warnings and alerts on stderr. The files (-o and files,
// none over one of inputs) join those set already holds, and all are put
// in place together only when every one was written: a failure leaves
// each as it was. Stdout is written after them. A report with alerts
// returns errAlert, which exits 3.
func (o outputOptions) writeWith(set *outfile.Set, rep *funnel.Report, inputs []string, files ...extraOutput) error {
	defer set.Discard()
	f, err := o.format()
	if err != nil {
		return err
	}
	opts := render.Options{Table: o.Table, Color: o.io.OutTTY}
	write := func(w io.Writer) error { return render.Render(w, rep, f, opts) }
	if o.Path != "" {
		files = append(files, extraOutput{flag: "-o", path: o.Path, write: write})
	}
	for _, f := range files {
		if err := set.Write(f.path, inputs, f.write); err != nil {
			return flagError(f.flag, f.path, err)
		}
	}
	if err := set.Commit(); err != nil {
		return err
	}
	if o.Path == "" {
		if err := write(o.io.Out); err != nil {
			return err
		}
	}
	o.printWarnings(rep)
	if len(rep.Alerts) > 0 {
		return errAlert
	}
	return nil
}

// extraOutput is a file a run writes: the flag that names it (-o,
// --plot, --model, ...), its path and what fills it.
type extraOutput struct {
	flag, path string
	write      func(w io.Writer) error
}

// flagError puts the flag that named an output before an error about it:
// "-o out/x.csv: folder out does not exist".
func flagError(flag, path string, err error) error {
	if oe := (*outfile.Error)(nil); errors.As(err, &oe) {
		return fmt.Errorf("%s %w", flag, err)
	}
	return fmt.Errorf("%s %s: %w", flag, path, err)
}

// makeFolder makes the folder dir (named by what: a flag or a config
// key) when it does not exist, and says so on stderr (unless --quiet):
// a run creates the folders the user named as folders (sample --out-dir, demo
// --out-dir) or configured (report.output); -o FILE, --plot and --model into
// a missing folder are errors.
func (o outputOptions) makeFolder(what, dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !o.Quiet {
		fmt.Fprintf(o.io.ErrOut, "created folder %s\n", dir)
	}
	return nil
}

// destination is a file a run will write: the flag that names it and its
// path ("" when the flag is not given).
type destination struct{ flag, path string }

// checkDestinations returns a dispatch check that every file a run will
// write can be written (outfile.Check: its folder exists and takes new
// files; it is not a folder) before anything is read, and records them in
// in (when the command reads inputs), whose reading refuses an input that
// is one of them before reading it (inputFlags.checkOutputs).
func checkDestinations(in *inputFlags, dests ...destination) func() error {
	return func() error {
		var named []destination
		for _, d := range dests {
			if d.path == "" || (d.flag == "-o" && d.path == "-") {
				continue
			}
			if err := outfile.Check(d.path, nil); err != nil {
				return flagError(d.flag, d.path, err)
			}
			for _, other := range named {
				if outfile.SameFile(d.path, other.path) {
					return usagef("%s %s: the file %s names too; give each output its own file", d.flag, d.path, other.flag)
				}
			}
			named = append(named, d)
		}
		if in != nil {
			in.outputs = named
		}
		return nil
	}
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

// writeReportWithPlot writes the report as writeReport does, with its
// chart drawn to --plot (nothing is drawn without it) and the run's other
// files, all put in place together.
func (g *globalOptions) writeReportWithPlot(plot string, rep *funnel.Report, inputs []string, files ...extraOutput) error {
	if plot != "" {
		draw, err := render.PlotsTo(plot, rep)
		if err != nil {
			return fmt.Errorf("--plot: %w", err)
		}
		files = append(files, extraOutput{flag: "--plot", path: plot, write: draw})
	}
	return g.writeReport(rep, inputs, files...)
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
