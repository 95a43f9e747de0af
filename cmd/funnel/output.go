package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/render"
)

// outputFormat decides the format: --format, else -o's extension, else a
// table on a terminal and TSV when piped.
func (g *globalOptions) outputFormat() (render.Format, error) {
	if g.Format != "" {
		f, err := render.ParseFormat(g.Format)
		if err != nil {
			return 0, usagef("--format: %v", err)
		}
		return f, nil
	}
	if g.Output != "" {
		f, err := render.FormatFromPath(g.Output)
		if err != nil {
			return 0, usagef("-o %s: %v (or give --format)", g.Output, err)
		}
		return f, nil
	}
	if g.io.OutTTY {
		return render.Table, nil
	}
	return render.TSV, nil
}

// checkOutput validates the output flags before any work is done, so a
// usage mistake costs nothing.
func (g *globalOptions) checkOutput() error {
	f, err := g.outputFormat()
	if err != nil {
		return err
	}
	if f == render.XLSX && g.Output == "" && g.io.OutTTY {
		return usagef("xlsx output needs -o FILE.xlsx (it is not for a terminal)")
	}
	return nil
}

// writeReport renders rep to -o (atomically, never over an input) or to
// stdout, then prints its warnings and alerts on stderr. A report with
// alerts returns errAlert, which exits 3.
func (g *globalOptions) writeReport(rep *funnel.Report, inputs []string) error {
	f, err := g.outputFormat()
	if err != nil {
		return err
	}
	opts := render.Options{Table: g.Table, Color: g.io.OutTTY}
	write := func(w io.Writer) error { return render.Render(w, rep, f, opts) }
	if g.Output != "" {
		err = render.WriteFile(g.Output, inputs, write)
	} else {
		err = write(g.io.Out)
	}
	if err != nil {
		return err
	}
	g.printWarnings(rep)
	if len(rep.Alerts) > 0 {
		return errAlert
	}
	return nil
}

// printWarnings writes the report's warnings (unless --quiet) and its
// alerts (always: they decide the exit code) to stderr.
func (g *globalOptions) printWarnings(rep *funnel.Report) {
	if g.Quiet {
		quietRep := *rep
		quietRep.Warnings = nil
		render.WriteWarnings(g.io.ErrOut, &quietRep)
		return
	}
	render.WriteWarnings(g.io.ErrOut, rep)
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

// writePlot draws the report's chart to --plot, atomically and never over
// an input; nothing happens without --plot.
func writePlot(path string, inputs []string, rep *funnel.Report) error {
	if path == "" {
		return nil
	}
	if err := render.WritePlots(path, inputs, rep); err != nil {
		return fmt.Errorf("--plot: %w", err)
	}
	return nil
}
