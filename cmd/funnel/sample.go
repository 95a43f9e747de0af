package main

import (
	"os"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

type sampleOptions struct {
	g      *globalOptions
	Out    string
	Leads  int
	Seed   uint64
	Months int
}

func newSampleCmd(g *globalOptions, runF func(*sampleOptions) error) *cobra.Command {
	opts := &sampleOptions{g: g}
	def := sample.DefaultConfig()
	cmd := &cobra.Command{
		Use:   "sample --out DIR",
		Short: "Write a realistic synthetic B2B export set with its planted ground truth",
		Long: `Write a synthetic but realistic B2B export set in the standard file names
(accounts.csv, leads.csv, touches.csv, stages.csv, opportunities.csv,
costs.csv) and truth.json, the ground truth planted in it: the true weight
of each activity type on winning, the true stage durations per month, the
true channel effects. The same seed gives the same bytes.

Every analysis reads the folder with --data DIR.`,
		Example: `  funnel sample --out exports --leads 20000
  funnel inspect exports/leads.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(opts, runF, sampleRun, opts.parse)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "folder to write the exports into (created when missing)")
	cmd.Flags().IntVar(&opts.Leads, "leads", def.Leads, "number of leads (contacts)")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", def.Seed, "random seed")
	cmd.Flags().IntVar(&opts.Months, "months", def.Months, "months of history")
	return cmd
}

// parse validates the flags.
func (o *sampleOptions) parse() error {
	if o.Out == "" {
		return usagef("--out DIR is required")
	}
	if o.Leads < 1 || o.Leads > sample.MaxLeads {
		return usagef("--leads %d: want 1 to %d", o.Leads, sample.MaxLeads)
	}
	if o.Months < sample.MinMonths || o.Months > sample.MaxMonths {
		return usagef("--months %d: want %d to %d", o.Months, sample.MinMonths, sample.MaxMonths)
	}
	return nil
}

func sampleRun(opts *sampleOptions) error {
	cfg := sample.DefaultConfig()
	cfg.Leads, cfg.Seed, cfg.Months = opts.Leads, opts.Seed, opts.Months
	files, _, err := writeSampleDir(opts.Out, cfg)
	if err != nil {
		return err
	}
	rep := funnel.NewReport("sample", "Sample export set")
	rep.AddMeta("out", opts.Out)
	rep.AddMeta("leads", cfg.Leads)
	rep.AddMeta("seed", int64(cfg.Seed))
	rep.AddMeta("months", cfg.Months)
	rep.AddTable("files", funnel.FrameOf(files))
	return opts.g.writeReport(rep, nil)
}

// writtenFile is one file of a sample set, a row of the files table.
type writtenFile struct {
	Name  string `table:"file"`
	Rows  int    `table:"rows"` // data rows (lines minus the header) for CSV files
	Bytes int64  `table:"bytes"`
}

// writeSampleDir generates the sample into dir (atomically: see
// sample.WriteDir) and lists the files written.
func writeSampleDir(dir string, cfg sample.Config) ([]writtenFile, *sample.Truth, error) {
	truth, err := sample.WriteDir(dir, cfg)
	if err != nil {
		return nil, nil, err
	}
	var out []writtenFile
	for _, name := range sample.Files {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, err
		}
		out = append(out, writtenFile{Name: name, Rows: truth.Rows[name], Bytes: st.Size()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, truth, nil
}
