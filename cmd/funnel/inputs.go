package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/config"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/funnel/outfile"
)

// inputFlags are a command's input-file flags (--leads, --touches, ...).
type inputFlags struct {
	kinds []funnel.TableKind
	paths map[funnel.TableKind]*string
	// keep, when set, limits the columns read to those the command uses
	// (ingest.Options.Keep); sink, when set, takes inputs as they are read
	// instead of the Dataset (ingest.Options.Sink).
	keep func(kind funnel.TableKind, role, header string, roles []string) bool
	sink func(ds *funnel.Dataset, kind funnel.TableKind) func(*funnel.Table) error
	// wide names the stage-date headers of a wide stages file (--wide).
	wide []string
	// month is what {month} in the config file's input paths stands for
	// (funnel report, config check: see configInput); "" for the other
	// commands.
	month string
	// heap is the command's heap per input byte, for prefault: its row of
	// heapModels.
	heap heapModel
	// outputs are the files the run will write (checkDestinations), none
	// of which may be an input.
	outputs []destination
	// db, when set (fromDatabase), reads the inputs from a database's
	// tables when given, for the command dbName.
	db     *warehouseFlags
	dbName string
	// dbWhy says why a command that pushes down streams this run's
	// tables instead (the flag that needs the rows), "" for a command
	// that always streams: for --explain and the meta.
	dbWhy string
}

var inputHelp = map[funnel.TableKind]string{
	funnel.Leads:         "leads or contacts export (lead_id, account_id, created_at, attributes)",
	funnel.Touches:       "activity export (lead_id or account_id, occurred_at, activity_type, channel, campaign)",
	funnel.Stages:        "lifecycle stage history (entity_id, stage, entered_at; or one date column per stage)",
	funnel.Opportunities: "opportunities export (opportunity_id, account_id, created_at, closed_at, amount, won)",
	funnel.Accounts:      "accounts export (account_id, industry, region, employees, revenue)",
	funnel.Costs:         "costs (channel or campaign, cost, period)",
	funnel.Paths:         "aggregated paths (path, total_conversions, total_conversion_value, total_null)",
	funnel.Attendees:     "webinar attendee report (email, webinar, joined_at, left_at, minutes, registered_at, attended): Zoom, GoTo Webinar, ON24",
	funnel.Content:       "content inventory (item, url or campaign, stage tofu|mofu|bofu, format, segment)",
}

// addInputFlags declares one file flag per input kind the command reads.
func addInputFlags(cmd *cobra.Command, kinds ...funnel.TableKind) *inputFlags {
	in := &inputFlags{kinds: kinds, paths: map[funnel.TableKind]*string{}, heap: heapModels[cmd.Name()]}
	for _, k := range kinds {
		p := new(string)
		in.paths[k] = p
		cmd.Flags().StringVar(p, k.String(), "", inputHelp[k]+"; `FILE` (csv, tsv, .gz, xlsx[#Sheet], - for stdin)")
	}
	return in
}

// config returns the config file in effect: --config, $FUNNEL_CONFIG, or
// ./funnel.yaml when it exists; nil when there is none.
// It is read once per command run.
func (g *globalOptions) config() (*config.Config, error) {
	if !g.cfgRead {
		g.cfg, g.cfgErr = g.loadConfig()
		g.cfgRead = true
	}
	return g.cfg, g.cfgErr
}

func (g *globalOptions) loadConfig() (*config.Config, error) {
	path, from := g.ConfigPath, ""
	if path == "" {
		path, from = os.Getenv("FUNNEL_CONFIG"), "named by $FUNNEL_CONFIG"
	}
	if path == "" {
		if _, err := os.Stat("funnel.yaml"); err != nil {
			return nil, nil
		}
		path, from = "funnel.yaml", "found in the working folder"
	}
	cfg, err := config.Load(path)
	if err == nil && from != "" {
		g.noteConfig(path, from)
	}
	return cfg, err
}

// splitValues returns the separator of multi-value text columns:
// --split-values, else the config file's split_values; "" splits nothing.
func (g *globalOptions) splitValues() (string, error) {
	if g.SplitValues != "" {
		return g.SplitValues, nil
	}
	cfg, err := g.config()
	if err != nil || cfg == nil {
		return "", err
	}
	return cfg.SplitValues, nil
}

// ingestOptions turns the global flags (and the config file under them)
// into reading options.
func (g *globalOptions) ingestOptions(cfg *config.Config) (ingest.Options, error) {
	ceiling, err := g.memoryCeiling()
	if err != nil {
		return ingest.Options{}, err
	}
	opts := ingest.Options{
		Encoding:      strings.ToLower(g.Encoding),
		DateOrder:     strings.ToLower(g.DateOrder),
		NAValues:      g.NAValues,
		Positive:      g.Positive,
		MaxErrors:     g.MaxErrors,
		MaxCellBytes:  g.MaxCellBytes,
		MaxColumns:    g.MaxColumns,
		MaxXLSXBytes:  g.MaxXLSXBytes,
		MaxRecordSize: g.MaxRecordBytes,
		MaxGzipBytes:  g.MaxGzipBytes,
		MaxGzipRatio:  g.MaxGzipRatio,
		MaxMemory:     ceiling,

		MaxSharedStrings:      g.MaxSharedStrings,
		MaxSharedStringsBytes: g.MaxSharedStringsBytes,
		Stdin:                 g.io.In,
		Columns:               map[string]string{},
	}
	delim, tz := g.Delimiter, g.TZ
	if cfg != nil {
		if opts.Encoding == "" {
			opts.Encoding = strings.ToLower(cfg.Encoding)
		}
		if opts.DateOrder == "" {
			opts.DateOrder = cfg.DateOrder
		}
		if len(opts.NAValues) == 0 {
			opts.NAValues = cfg.NAValues
		}
		if len(opts.Positive) == 0 {
			opts.Positive = cfg.Positive
		}
		if opts.MaxErrors == 0 {
			opts.MaxErrors = cfg.MaxErrors
		}
		if delim == "" {
			delim = cfg.Delimiter
		}
		if tz == "" {
			tz = cfg.Timezone
		}
		for k, v := range cfg.Columns {
			opts.Columns[k] = v
		}
	}
	if err := g.parseCols(opts.Columns); err != nil {
		return opts, err
	}
	switch opts.Encoding {
	case "", "utf-8", "utf8", "utf-16le", "utf-16be", "windows-1252", "cp1252":
	default:
		return opts, usagef("--encoding %q: want utf-8, utf-16le, utf-16be or windows-1252", opts.Encoding)
	}
	switch opts.DateOrder {
	case "", "mdy", "dmy":
	default:
		return opts, usagef("--date-order %q: want mdy or dmy", opts.DateOrder)
	}
	if err := g.parseHeaderRows(&opts); err != nil {
		return opts, err
	}
	if opts.MaxErrors < 0 {
		return opts, usagef("--max-errors %d: must not be negative", opts.MaxErrors)
	}
	if opts.Delimiter, err = parseDelimiter(delim); err != nil {
		return opts, err
	}
	if tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return opts, usagef("--tz %q: unknown time zone (use a name like Europe/Berlin)", tz)
		}
		opts.Location = loc
	}
	return opts, g.valueOptions(&opts)
}

// valueOptions reads --decimal, --min-date and --dedupe into opts.
func (g *globalOptions) valueOptions(opts *ingest.Options) error {
	switch g.Decimal {
	case "":
	case ".", ",":
		opts.Decimal = g.Decimal[0]
	default:
		return usagef("--decimal %q: want . or ,", g.Decimal)
	}
	if g.MinDate != "" {
		t, err := time.Parse(time.DateOnly, g.MinDate)
		if err != nil {
			return usagef("--min-date %q: want a date YYYY-MM-DD", g.MinDate)
		}
		if t.IsZero() { // 0001-01-01: no floor
			t = t.Add(-time.Second)
		}
		opts.MinDate = t
	}
	opts.Dedupe = g.Dedupe
	return nil
}

// parseCols reads --col [table.]role=Header into columns, over the config
// file's columns.
func (g *globalOptions) parseCols(columns map[string]string) error {
	for _, c := range g.Cols {
		role, header, ok := strings.Cut(c, "=")
		role, header = strings.TrimSpace(role), strings.TrimSpace(header)
		if !ok || role == "" || header == "" {
			return usagef("--col %q: want [table.]role=Header", c)
		}
		if table, _, dotted := strings.Cut(role, "."); dotted {
			if _, known := funnel.ParseTableKind(table); !known {
				return usagef("--col %q: unknown input %q", c, table)
			}
		}
		columns[role] = header
	}
	return nil
}

// parseHeaderRows reads --header-row into opts: N is the header's line
// of every input, input=N of one.
func (g *globalOptions) parseHeaderRows(opts *ingest.Options) error {
	for _, h := range g.HeaderRows {
		input, num, scoped := strings.Cut(h, "=")
		if !scoped {
			input, num = "", h
		}
		n, err := strconv.Atoi(strings.TrimSpace(num))
		if err != nil || n < 1 {
			return usagef("--header-row %q: want a line number from 1, or input=N", h)
		}
		if !scoped {
			opts.HeaderRow = n
			continue
		}
		kind, ok := funnel.ParseTableKind(strings.TrimSpace(input))
		if !ok {
			return usagef("--header-row %q: unknown input %q", h, input)
		}
		if opts.HeaderRows == nil {
			opts.HeaderRows = map[funnel.TableKind]int{}
		}
		opts.HeaderRows[kind] = n
	}
	return nil
}

// parseDelimiter reads --delimiter (or the config's delimiter): one
// character, \t or tab for a tab; "" leaves it to the sniffer (0).
func parseDelimiter(delim string) (rune, error) {
	if delim == "" {
		return 0, nil
	}
	if delim == `\t` || strings.EqualFold(delim, "tab") {
		delim = "\t"
	}
	r, size := utf8.DecodeRuneInString(delim)
	if size != len(delim) || r == '"' || r == '\n' || r == '\r' {
		return 0, usagef("--delimiter %q: want one character such as , ; | or tab", delim)
	}
	return r, nil
}

// inputSet is what a command resolved and read.
type inputSet struct {
	ds    *funnel.Dataset
	files map[funnel.TableKind]string // the files read, by input
	// opts are the reading options in effect (flags over the config file),
	// for what a command reads or parses after its inputs (--as-of,
	// --prices, --targets), so that it reads them the same way.
	opts ingest.Options
	// more are the files read besides the inputs (--prices, --targets, a
	// model), in the order they were read, and moreWarnings what reading
	// them said.
	more         []string
	moreWarnings []string
	// source is the database the inputs were streamed from (redacted), ""
	// for files: withWarnings names it in the report's meta, with why
	// they were streamed (inputFlags.dbWhy).
	source, why string
}

// add records a file read besides the inputs and the warnings reading it
// gave.
func (s *inputSet) add(path string, warnings []string) {
	s.more = append(s.more, path)
	s.moreWarnings = append(s.moreWarnings, warnings...)
}

// paths returns every file read, so that -o can refuse to overwrite one:
// the inputs in order, then the files read besides them.
func (s *inputSet) paths() []string {
	var out []string
	for _, p := range s.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return append(out, s.more...)
}

// withWarnings puts what reading said before rep's own warnings and
// returns rep: the dataset's warnings, then those of the files read
// besides the inputs, then the analysis's, the order stderr and JSON show
// them in. It is the one place a command merges warnings; the slice is
// new, so nothing appended to it later writes into the dataset's.
func (s *inputSet) withWarnings(rep *funnel.Report) *funnel.Report {
	rep.Warnings = slices.Concat(s.ds.Warnings, s.moreWarnings, rep.Warnings)
	if s.source != "" {
		rep.AddMeta("source", s.source)
		rep.AddMeta("pushed_down", streamedMeta(s))
	}
	return rep
}

// resolve finds each input the command accepts: its flag first, then the
// --data folder, then the config file's inputs and data folder. It checks
// that the required inputs were found.
func (g *globalOptions) resolve(in *inputFlags, cfg *config.Config, required ...funnel.TableKind) (map[funnel.TableKind]string, error) {
	files := map[funnel.TableKind]string{}
	accepts := map[funnel.TableKind]bool{}
	for _, k := range in.kinds {
		accepts[k] = true
		if p := *in.paths[k]; p != "" {
			files[k] = p
		}
	}
	stdin := 0
	for _, p := range files {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return nil, usagef("only one input can be read from stdin (-)")
	}
	addDir := func(dir, from string) error {
		found, err := ingest.FindExports(dir)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s %s: no such folder", from, dir)
			}
			return err
		}
		for k, p := range found {
			if accepts[k] && files[k] == "" {
				files[k] = p
			}
		}
		return nil
	}
	if g.DataDir != "" {
		if err := addDir(g.DataDir, "--data"); err != nil {
			return nil, err
		}
	}
	if cfg != nil {
		for name, p := range cfg.Inputs {
			k, _ := funnel.ParseTableKind(name)
			if !accepts[k] || files[k] != "" {
				continue
			}
			path, err := configInput(cfg, name, p, in.month)
			if err != nil {
				return nil, err
			}
			files[k] = path
		}
		if cfg.Data != "" && g.DataDir == "" {
			if err := addDir(cfg.Resolve(cfg.Data), "config data"); err != nil {
				return nil, err
			}
		}
	}
	var missing []string
	for _, k := range required {
		if files[k] == "" {
			missing = append(missing, "--"+k.String())
		}
	}
	if len(missing) > 0 {
		return nil, usagef("missing input: %s (or --data DIR with %s)", strings.Join(missing, ", "), standardNames(required))
	}
	return files, nil
}

// configInput resolves one input path of the config file: {month} is
// month, the report's (only funnel report and config check have one), the
// path is taken relative to the config file, and a glob must match exactly
// one file.
func configInput(cfg *config.Config, name, p, month string) (string, error) {
	if config.HasMonth(p) {
		if month == "" {
			return "", usagef("config %s: inputs: %s: %q holds {month}, which only funnel report --month fills in (give --%s FILE)", cfg.Path, name, p, name)
		}
		p = config.SubstituteMonth(p, month)
	}
	p = cfg.Resolve(p)
	if !strings.ContainsAny(p, "*?[") {
		return p, nil
	}
	matches, err := filepath.Glob(p)
	if err != nil {
		return "", fmt.Errorf("config %s: inputs: %s: bad pattern %q: %v", cfg.Path, name, p, err)
	}
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("config %s: inputs: %s: no file matches %q", cfg.Path, name, p)
	case 1:
		return matches[0], nil
	}
	return "", fmt.Errorf("config %s: inputs: %s: %d files match %q (%s, ...); funnel reads one file per input: narrow the pattern, e.g. with {month}", cfg.Path, name, len(matches), p, matches[0])
}

func standardNames(kinds []funnel.TableKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.String() + ".csv"
	}
	return strings.Join(names, ", ")
}

// checkOutputs refuses, before anything is read, an output of the run
// that is one of the files it would read (writing refuses it again, with
// the files read besides the inputs).
func (in *inputFlags) checkOutputs(files map[funnel.TableKind]string) error {
	read := make([]string, 0, len(files))
	for _, p := range files {
		read = append(read, p)
	}
	sort.Strings(read)
	for _, d := range in.outputs {
		if err := outfile.CheckNotInput(d.path, read); err != nil {
			return flagError(d.flag, d.path, err)
		}
	}
	return nil
}

// readInputs resolves and reads a command's inputs into one Dataset.
func (g *globalOptions) readInputs(in *inputFlags, required ...funnel.TableKind) (*inputSet, error) {
	if in.db != nil && in.db.given(g, in) {
		return in.db.streamInputs(g, in, in.dbName, required...)
	}
	cfg, err := g.config()
	if err != nil {
		return nil, err
	}
	opts, err := g.ingestOptions(cfg)
	if err != nil {
		return nil, err
	}
	files, err := g.resolve(in, cfg, required...)
	if err != nil {
		return nil, err
	}
	if err := in.checkOutputs(files); err != nil {
		return nil, err
	}
	prefault(in.heap.estimate(files), opts.MaxMemory)
	base := opts
	progress, done := g.newProgress()
	opts.Progress = progress
	opts.Keep, opts.Sink, opts.WideHeaders = in.keep, in.sink, in.wide
	ds, err := ingest.LoadDataset(files, opts)
	done()
	g.read = &inputSet{ds: ds, files: files, opts: base} // on an error, for its warnings (see globalOptions.read)
	if err != nil {
		return nil, err
	}
	return g.read, nil
}

// readBeside reads the export of a flag that stands beside the standard
// inputs (--web, --sales, --enrollments, --assignments): path, else the
// first of names that is a file in dir; read as kind into the inputs' Dict
// and recorded in s; nil when there is none.
func (s *inputSet) readBeside(flag, path, dir string, names []string, kind funnel.TableKind) (*funnel.Table, error) {
	if path == "" && dir != "" {
		path = findFile(dir, names)
	}
	if path == "" {
		return nil, nil
	}
	t, warnings, err := ingest.Load(path, kind, s.ds.Dict, s.opts)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flag, err)
	}
	s.add(path, warnings)
	return t, nil
}

// findFile returns the first of names that is a file in dir, "" when none.
func findFile(dir string, names []string) string {
	for _, name := range names {
		if p := filepath.Join(dir, name); fileExists(p) {
			return p
		}
	}
	return ""
}
