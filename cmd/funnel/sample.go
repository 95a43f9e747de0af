package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/outfile"
	"github.com/funnel-analytics/funnel/funnel/sample"
)

type sampleOptions struct {
	g      *globalOptions
	Out    string
	Leads  int
	Seed   uint64
	Months int
	Force  bool
}

func newSampleCmd(g *globalOptions, runF func(*sampleOptions) error) *cobra.Command {
	opts := &sampleOptions{g: g}
	def := sample.DefaultConfig()
	cmd := &cobra.Command{
		Use:   "sample --out-dir DIR",
		Short: "Write a realistic synthetic B2B export set with its planted ground truth",
		Long: `Want data to try funnel on? sample writes a realistic, synthetic B2B export
set into a folder (accounts, leads, touches, stages, opportunities and costs,
under the file names every command reads with --data DIR) and truth.json,
the answers planted in it: the true weight of each activity, the stage
durations per month, the channel effects. The same seed gives the same bytes;
a folder that already holds one of those files is refused unless --force, and
the files are put in place together, only when every one was written.`,
		Example: `  funnel sample --out-dir exports --lead-count 20000
  funnel inspect exports/leads.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(opts, runF, sampleRun, opts.parse, g.checkOutputs(nil))
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out-dir", "", "folder `DIR` to write the exports into (created when missing)")
	cmd.Flags().IntVar(&opts.Leads, "lead-count", def.Leads, "how many leads (contacts) to generate")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", def.Seed, "random seed")
	cmd.Flags().IntVar(&opts.Months, "history-months", def.Months, "months of history to generate")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace the files of a sample set the folder already holds")
	aliasFlag(cmd.Flags(), "out", "out-dir")
	aliasFlag(cmd.Flags(), "leads", "lead-count")
	aliasFlag(cmd.Flags(), "months", "history-months")
	hideReadingFlags(cmd)
	return cmd
}

// parse validates the flags.
func (o *sampleOptions) parse() error {
	if o.Out == "" {
		return usagef("--out-dir DIR is required")
	}
	if o.Leads < 1 || o.Leads > sample.MaxLeads {
		return usagef("--lead-count %d: want 1 to %d", o.Leads, sample.MaxLeads)
	}
	if o.Months < sample.MinMonths || o.Months > sample.MaxMonths {
		return usagef("--history-months %d: want %d to %d", o.Months, sample.MinMonths, sample.MaxMonths)
	}
	return checkSampleFolder("--out-dir", o.Out, o.Force)
}

// checkSampleFolder refuses a folder that holds a file a sample set would
// replace, unless force: exports are often kept under the very names.
func checkSampleFolder(flag, dir string, force bool, more ...string) error {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s %s: a file, not a folder", flag, dir)
	}
	if force {
		return nil
	}
	found := sample.Existing(dir)
	for _, name := range more {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			found = append(found, name)
		}
	}
	if len(found) > 0 {
		return usagef("%s %s: the folder already holds %s; give --force to replace them, or another folder",
			flag, dir, strings.Join(found, ", "))
	}
	return nil
}

func sampleRun(opts *sampleOptions) error {
	cfg := sample.DefaultConfig()
	cfg.Leads, cfg.Seed, cfg.Months = opts.Leads, opts.Seed, opts.Months
	g := opts.g
	if err := g.output().makeFolder("--out-dir", opts.Out); err != nil {
		return err
	}
	var set outfile.Set
	defer set.Discard()
	files, _, err := stageSample(&set, opts.Out, cfg)
	if err != nil {
		return err
	}
	rep := funnel.NewReport("sample", "Sample export set")
	rep.AddMeta("out", opts.Out)
	rep.AddMeta("leads", cfg.Leads)
	rep.AddMeta("seed", int64(cfg.Seed))
	rep.AddMeta("months", cfg.Months)
	rep.AddTable("files", funnel.FrameOf(files))
	return g.output().writeWith(&set, rep, nil)
}

// writtenFile is one file of a sample set, a row of the files table.
type writtenFile struct {
	Name  string `table:"file"`
	Rows  int    `table:"rows"` // data rows (lines minus the header) for CSV files
	Bytes int64  `table:"bytes"`
}

// stageSample generates the sample into set under dir (see
// sample.Generate; nothing is in place before set.Commit) and lists the
// files.
func stageSample(set *outfile.Set, dir string, cfg sample.Config) ([]writtenFile, *sample.Truth, error) {
	staged := map[string]*outfile.File{}
	truth, err := sample.Generate(cfg, func(name string) (io.WriteCloser, error) {
		f, err := set.Create(filepath.Join(dir, name), nil)
		staged[name] = f
		return f, err
	})
	if err != nil {
		return nil, nil, err
	}
	var out []writtenFile
	for _, name := range sample.Files {
		out = append(out, writtenFile{Name: name, Rows: truth.Rows[name], Bytes: staged[name].Size()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, truth, nil
}
