package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/config"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/render"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// globalOptions hold the flags every command shares (docs/design.md, section 4).
type globalOptions struct {
	io *IOStreams

	ConfigPath string
	DataDir    string
	Format     string
	Output     string
	Table      string
	Cols       []string
	NAValues   []string
	// SplitValues separates the values of multi-value text columns.
	SplitValues string
	AsOf        string
	Quiet       bool
	NoProgress  bool

	Delimiter string
	Encoding  string
	DateOrder string
	// Decimal, MinDate, Dedupe: see ingest.Options.
	Decimal      string
	MinDate      string
	Dedupe       bool
	Positive     []string
	MaxErrors    int
	HeaderRows   []string
	TZ           string
	MaxCellBytes int
	MaxColumns   int
	MaxXLSXBytes int64
	// MaxSharedStrings, MaxSharedStringsBytes, MaxGzipBytes, MaxGzipRatio:
	// see ingest.Options.
	MaxSharedStrings      int
	MaxSharedStringsBytes int64
	MaxGzipBytes          int64
	MaxGzipRatio          int
	// MaxRecordBytes bounds one record (a row, with its quoted newlines).
	MaxRecordBytes int
	// MaxMemory is --max-memory as given; memoryCeiling reads it.
	MaxMemory string

	// ctx is the run's context (MainContext's): runs on a database
	// stop their queries when it is cancelled.
	ctx context.Context

	// the config file, read once (see config)
	cfg     *config.Config
	cfgErr  error
	cfgRead bool

	// read is what the run read, set by readInputs (in part when reading
	// failed), so that Main can print its warnings before the error of a
	// run that fails: they often explain it (a guessed encoding, a
	// repeated header, skipped rows). It is the one thing a run leaves on
	// the options, and only Main reads it.
	read *inputSet
}

// Main runs the funnel command line with args and returns the exit code.
// It is the only place that decides exit codes; nothing calls os.Exit but main.
func Main(io *IOStreams, args []string) ExitCode {
	return MainContext(context.Background(), io, args)
}

// MainContext is Main under ctx: a run on a database stops its queries
// when ctx is cancelled (main's: by a signal, handleSignals).
func MainContext(ctx context.Context, io *IOStreams, args []string) ExitCode {
	root, g := newRoot(io)
	g.ctx = ctx
	runLimits.begin(g)
	defer runLimits.end(g) // the memory limit as it was: tests run Main in-process
	setArgs(root, args)
	err := commandSuggestion(root, args, root.Execute())
	code := exitCodeFor(err)
	switch {
	case err == nil, errors.Is(err, errAlert), errors.Is(err, errExplained):
	case code == ExitUsage:
		fmt.Fprintf(io.ErrOut, "error: %s\n", oneLine(err.Error()))
		fmt.Fprintf(io.ErrOut, "Run '%s --help' for usage.\n", commandPathFor(root, args))
	default:
		g.printReadWarnings()
		fmt.Fprintf(io.ErrOut, "error: %s\n", oneLine(err.Error()))
	}
	return code
}

// noteConfig says on stderr (unless --quiet) which config file a run
// applies when no --config named it, so that a funnel.yaml in the working
// folder or a $FUNNEL_CONFIG set long ago does not steer a run unseen.
// config() reads the file once a run, so the note is printed once.
func (g *globalOptions) noteConfig(path, from string) {
	if !g.Quiet {
		fmt.Fprintf(g.io.ErrOut, "note: using the config file %s (%s; --config FILE to choose another)\n", render.CleanLine(path), from)
	}
}

// printReadWarnings prints the warnings of what a failed run read (see
// globalOptions.read), unless --quiet: the dataset's, then those of the
// files read besides the inputs, as a report would have shown them.
func (g *globalOptions) printReadWarnings() {
	if g.read == nil || g.Quiet {
		return
	}
	rep := funnel.NewReport("", "")
	rep.Warnings = slices.Concat(g.read.ds.Warnings, g.read.moreWarnings)
	render.WriteWarnings(g.io.ErrOut, rep)
}

// setArgs gives cmd exactly args, none when args is nil: cobra reads
// os.Args[1:] for nil args, which in a test binary are its own -test.*
// flags (parsed as shorthands: -test.v as -t est.v).
func setArgs(cmd *cobra.Command, args []string) {
	if args == nil {
		args = []string{}
	}
	cmd.SetArgs(args)
}

// flagUsageError makes a flag error of cobra's (an unknown flag, a bad
// value) a usage error, which exits 2; an unknown flag near one of the
// command's says which: "unknown flag: --targt (did you mean --target?)".
func flagUsageError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	var typed string
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		typed = name
	} else if _, word, ok := strings.Cut(msg, "unknown shorthand flag: "); ok {
		// -target: pflag reads shorthands t, a, r, ...
		if _, w, ok := strings.Cut(word, " in -"); ok {
			typed = w
		}
	}
	if typed != "" {
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				names = append(names, f.Name)
			}
		})
		if cmd.Flags().Lookup(typed) != nil {
			msg += fmt.Sprintf(" (did you mean --%s?)", typed)
		} else if near := funnel.Closest(typed, names); near != "" {
			msg += fmt.Sprintf(" (did you mean --%s?)", near)
		}
	}
	return &usageError{msg: msg}
}

// commandSuggestion words cobra's error for an unknown command on one
// line, with the commands near the word typed: `unknown command
// "atribute" for "funnel" (did you mean "attribute"?)`. Other errors pass
// unchanged.
func commandSuggestion(root *cobra.Command, args []string, err error) error {
	if err == nil {
		return nil
	}
	rest, ok := strings.CutPrefix(err.Error(), "unknown command ")
	if !ok {
		return err
	}
	quoted, qerr := strconv.QuotedPrefix(rest)
	word, uerr := strconv.Unquote(quoted)
	parent, _, _ := root.Find(args)
	if qerr != nil || uerr != nil || parent == nil {
		return err
	}
	msg := fmt.Sprintf("unknown command %q for %q", word, parent.CommandPath())
	parent.SuggestionsMinimumDistance = 2
	if near := parent.SuggestionsFor(word); len(near) > 0 {
		for i := range near {
			near[i] = strconv.Quote(near[i])
		}
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(near, " or "))
	}
	return &usageError{msg: msg}
}

// oneLine keeps an error on one line of stderr, as scripts expect.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return render.CleanLine(strings.ReplaceAll(strings.ReplaceAll(s, "\r", " "), "\n", "; "))
}

// commandPathFor names the subcommand args selected, for the usage hint.
func commandPathFor(root *cobra.Command, args []string) string {
	if c, _, err := root.Find(args); err == nil && c != nil {
		return c.CommandPath()
	}
	return root.Name()
}

func newRootCmd(io *IOStreams) *cobra.Command {
	root, _ := newRoot(io)
	return root
}

// newRoot returns the root command and the options its flags fill.
func newRoot(io *IOStreams) (*cobra.Command, *globalOptions) {
	g := &globalOptions{io: io}
	root := &cobra.Command{
		Use:   "funnel",
		Short: "Fuzzy-funnel analytics for B2B buying: lead scoring, attribution, velocity, market size",
		Long: `funnel turns CRM and activity exports (CSV, TSV, Excel) into the statistics
of B2B buying: which activities go with progress (lead-score weights from a
logistic regression), which channels earn the credit (multi-touch
attribution), how fast leads move between stages (velocity), and how big
each segment could be (market size).

Start with 'funnel demo', which runs on built-in sample data.`,
		Version:       version,
		SilenceErrors: true,
		SilenceUsage:  true,
		// cobra's suggestions span lines; commandSuggestion words them.
		DisableSuggestions: true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetFlagErrorFunc(flagUsageError)
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		g.warnDeprecated(cmd)
		return g.setMemoryCeiling()
	}

	pf := root.PersistentFlags()
	pf.StringVar(&g.ConfigPath, "config", "", "config file (default ./funnel.yaml when present, or $FUNNEL_CONFIG)")
	pf.StringVar(&g.DataDir, "data", "", "folder of exports with standard names (leads, touches, stages, opportunities, accounts, costs; .csv, .csv.gz, .tsv or .xlsx)")
	pf.StringVar(&g.Format, "format", "", "output format: table, csv, tsv, json, md, xlsx (default: table on a terminal, tsv when piped, else from -o's extension)")
	pf.StringVarP(&g.Output, "output", "o", "", "write the output to `FILE` (written atomically; format from the extension)")
	pf.StringVar(&g.Table, "table", "", "for csv, tsv: which table of the report to write (default: the main one)")
	pf.StringArrayVar(&g.Cols, "col", nil, "bind a role to a header: `[table.]role=Header` (repeatable), e.g. touches.occurred_at=\"Activity Date\"")
	pf.StringSliceVar(&g.NAValues, "na-values", nil, "extra values read as missing, comma-separated (empty is always missing), e.g. Select,N/A,-")
	pf.StringVar(&g.SplitValues, "split-values", "", "split multi-value text columns at `SEP` (HubSpot writes API;Forecasting: give \";\"): fit makes one indicator\nper value (product=API and product=Forecasting, both 1 for that lead, no reference level), size --by one segment\nper value, where a row counts in the segment of each of its values (config: split_values; default: no split)")
	pf.StringVar(&g.AsOf, "as-of", "", "analysis date (default: the latest timestamp in the inputs)")
	pf.BoolVarP(&g.Quiet, "quiet", "q", false, "print no warnings and no progress")
	pf.BoolVar(&g.NoProgress, "no-progress", false, "print no progress bars")
	pf.StringVar(&g.Delimiter, "delimiter", "", "field delimiter of text inputs (default: sniffed from , ; | tab)")
	pf.StringVar(&g.Encoding, "encoding", "", "text encoding of inputs: utf-8, utf-16le, utf-16be, windows-1252 (default: detected)")
	pf.StringVar(&g.DateOrder, "date-order", "", "order of slash dates when the values leave it open: mdy or dmy")
	pf.StringVar(&g.Decimal, "decimal", "", "decimal separator of numbers whose values leave it open (\"15.000\": 15 or 15000?): . or ,")
	pf.StringVar(&g.MinDate, "min-date", "1990-01-01", "dates before `DATE` are placeholders (1900-01-01, Excel serial 0), read as missing with a warning")
	pf.BoolVar(&g.Dedupe, "dedupe", false, "drop touch rows that repeat an earlier row exactly (every field equal); counted in a warning either way")
	pf.StringArrayVar(&g.Positive, "positive", nil, "a `VALUE` read as true in boolean columns (repeatable); then any other value is false")
	pf.IntVar(&g.MaxErrors, "max-errors", 0, "skip up to `N` bad rows, listing them as warnings")
	pf.StringArrayVar(&g.HeaderRows, "header-row", nil, "the line (sheet row) of the header: `[input=]N` (repeatable), when the table is not found by itself")
	pf.StringVar(&g.TZ, "tz", "", "time zone of timestamps without one, e.g. Europe/Berlin (default UTC)")
	pf.IntVar(&g.MaxCellBytes, "max-cell-bytes", ingest.DefaultMaxCellBytes, "largest cell read, in bytes")
	pf.IntVar(&g.MaxColumns, "max-columns", ingest.DefaultMaxColumns, "most columns read from one file")
	pf.IntVar(&g.MaxRecordBytes, "max-record-bytes", ingest.DefaultMaxRecordSize, "largest record (row) read, in bytes")
	pf.Int64Var(&g.MaxXLSXBytes, "max-xlsx-bytes", ingest.DefaultMaxXLSXBytes, "largest uncompressed size of an xlsx file, in bytes")
	pf.IntVar(&g.MaxSharedStrings, "max-shared-strings", ingest.DefaultMaxSharedStrings, "most shared strings (distinct texts) of an xlsx file")
	pf.Int64Var(&g.MaxSharedStringsBytes, "max-shared-strings-bytes", ingest.DefaultMaxSharedStringsBytes, "largest uncompressed size of an xlsx file's shared strings, in bytes")
	pf.Int64Var(&g.MaxGzipBytes, "max-gzip-bytes", ingest.DefaultMaxGzipBytes, "largest uncompressed size of a gzip input, in bytes")
	pf.StringVar(&g.MaxMemory, "max-memory", "", maxMemoryHelp)
	pf.IntVar(&g.MaxGzipRatio, "max-gzip-ratio", ingest.DefaultMaxGzipRatio, "largest ratio of uncompressed to compressed size of a gzip input past its first 16 MiB\n(real CSV compresses 5-20 times; a gzip bomb 300 times and more)")

	root.AddCommand(
		newSampleCmd(g, nil),
		newInspectCmd(g, nil),
		newDemoCmd(g, nil),
		newFitCmd(g, nil),
		newScoreCmd(g, nil),
		newAttributeCmd(g, nil),
		newVelocityCmd(g, nil),
		newSpeedCmd(g, nil),
		newNurtureCmd(g, nil),
		newTestCmd(g, nil),
		newSizeCmd(g, nil),
		newAccountsCmd(g, nil),
		newWebinarCmd(g, nil),
		newSignalsCmd(g, nil),
		newContentCmd(g, nil),
		newReportCmd(g, nil),
		newLoadCmd(g, nil),
		newConfigCmd(g),
	)
	addHelpTopics(root)
	return root, g
}
