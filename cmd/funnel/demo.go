package main

import (
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/render"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

// demoLeads is the size of the demo's sample: big enough for every
// analysis to find its planted signal, small enough to run in seconds.
const demoLeads = 5000

type demoOptions struct {
	g   *globalOptions
	Out string
}

func newDemoCmd(g *globalOptions, runF func(*demoOptions) error) *cobra.Command {
	opts := &demoOptions{g: g}
	cmd := &cobra.Command{
		Use:   "demo [--out DIR]",
		Short: "Run funnel on built-in sample data and print what it finds",
		Long: `Generate the built-in sample export set (fixed seed), read it back the way
every command reads exports, run every analysis on it, and print a short
summary next to the truth planted in the data.

With --out DIR the exports, truth.json and the report (demo-report.xlsx)
are written there too, so you can run the other commands on them:
  funnel demo --out demo && funnel inspect demo/leads.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.Format == "" && g.Output == "" {
				g.Format = "table" // a summary of several sections reads best as tables
			}
			if err := g.checkOutput(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return demoRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "also write the exports, truth.json and demo-report.xlsx into `DIR`")
	return cmd
}

func demoRun(opts *demoOptions) error {
	dir := opts.Out
	if dir == "" {
		tmp, err := os.MkdirTemp("", "funnel-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	cfg := sample.DefaultConfig()
	cfg.Leads = demoLeads
	_, truth, err := writeSampleDir(dir, cfg)
	if err != nil {
		return err
	}
	files, err := ingest.FindExports(dir)
	if err != nil {
		return err
	}
	iopts, err := opts.g.ingestOptions(nil)
	if err != nil {
		return err
	}
	ds, err := ingest.LoadDataset(files, iopts)
	if err != nil {
		return err
	}
	rep := demoReport(ds, files, truth)
	if opts.Out != "" {
		path := filepath.Join(opts.Out, "demo-report.xlsx")
		err := render.WriteFile(path, nil, func(w io.Writer) error {
			return render.Render(w, rep, render.XLSX, render.Options{})
		})
		if err != nil {
			return err
		}
		rep.AddMeta("report", path)
	}
	return opts.g.writeReport(rep, nil)
}

// demoReport summarises the sample as every command reads it.
func demoReport(ds *funnel.Dataset, files map[funnel.TableKind]string, truth *sample.Truth) *funnel.Report {
	rep := funnel.NewReport("demo", "funnel demo: a synthetic B2B export set, read back and analysed")
	rep.AddMeta("seed", int64(truth.Config.Seed))
	rep.AddMeta("months", truth.Config.Months)
	rep.AddMeta("from", truth.Config.Start)
	rep.AddMeta("to", truth.Config.End)
	rep.AddMeta("accounts", truth.Summary.Accounts)
	rep.AddMeta("leads", truth.Summary.Leads)
	rep.AddMeta("won_leads", truth.Summary.WonLeads)
	rep.AddMeta("touches", truth.Summary.Touches)
	rep.AddMeta("opportunities", truth.Summary.Opportunities)

	var inputs, names []string
	var rows, cols, roles []int
	for _, k := range funnel.TableKinds {
		t := ds.Table(k)
		if t == nil {
			continue
		}
		bound := 0
		for _, c := range t.Columns {
			if c.Role != "" {
				bound++
			}
		}
		inputs = append(inputs, k.String())
		names = append(names, filepath.Base(files[k]))
		rows = append(rows, t.Rows)
		cols = append(cols, len(t.Columns))
		roles = append(roles, bound)
	}
	rep.AddTable("exports", dataframe.New(
		series.New(inputs, series.String, "input"),
		series.New(names, series.String, "file"),
		series.New(rows, series.Int, "rows"),
		series.New(cols, series.Int, "columns"),
		series.New(roles, series.Int, "roles_bound"),
	))

	acts := make([]string, 0, len(truth.ActivityLogOdds.Activity))
	for a := range truth.ActivityLogOdds.Activity {
		acts = append(acts, a)
	}
	sort.Slice(acts, func(i, j int) bool {
		return truth.ActivityLogOdds.Activity[acts[i]] > truth.ActivityLogOdds.Activity[acts[j]]
	})
	weights := make([]float64, len(acts))
	for i, a := range acts {
		weights[i] = truth.ActivityLogOdds.Activity[a]
	}
	rep.AddTable("planted_weights", dataframe.New(
		series.New(acts, series.String, "activity_type"),
		series.New(weights, series.Float, "true_log_odds"),
	))
	rep.Warnings = append(rep.Warnings, ds.Warnings...)
	return rep
}
