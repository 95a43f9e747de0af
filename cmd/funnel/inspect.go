package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

type inspectOptions struct {
	g     *globalOptions
	Files []string
	As    string
}

func newInspectCmd(g *globalOptions, runF func(*inspectOptions) error) *cobra.Command {
	opts := &inspectOptions{g: g}
	cmd := &cobra.Command{
		Use:   "inspect FILE...",
		Short: "Show how funnel reads an export: format, roles, types, dates, problems",
		Long: `How does funnel read this file? inspect shows each export's format, which
input it looks like, the role each column binds to, its type, date layout
and range, the rows skipped (titles, footers, totals) and every problem
found, so that you can fix a file (or bind a column with --col) before the
analyses run; exit code 1 when a file has errors.

More: 'funnel help table-finding'.`,
		Example: `  funnel inspect exports/leads.csv
  funnel inspect "crm.xlsx#Deals" --as opportunities`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			return dispatch(opts, runF, inspectRun, opts.parse, g.checkOutputs(nil))
		},
	}
	cmd.Flags().StringVar(&opts.As, "as", "", "read every file as this input (default: guessed from the file name, else from the headers)")
	return cmd
}

// parse validates --as.
func (o *inspectOptions) parse() error {
	if o.As != "" {
		if _, ok := funnel.ParseTableKind(o.As); !ok {
			return usagef("--as %q: want one of leads, touches, stages, opportunities, accounts, costs, paths", o.As)
		}
	}
	return nil
}

func inspectRun(opts *inspectOptions) error {
	g := opts.g
	cfg, err := g.config()
	if err != nil {
		return err
	}
	iopts, err := g.ingestOptions(cfg)
	if err != nil {
		return err
	}
	kind, _ := funnel.ParseTableKind(opts.As)
	kinds := make([]funnel.TableKind, len(opts.Files))
	for i := range kinds {
		kinds[i] = kind
	}
	found, err := g.inspectFiles(opts.Files, kinds, iopts)
	if err != nil {
		return err
	}
	if err := g.writeReport(inspectReport(found, g.Table), opts.Files); err != nil {
		return err
	}
	// The verdict names the first error of each bad file, so that it is
	// seen even when stdout is piped to a file or another program.
	var bad []string
	for _, ins := range found {
		if ins.ErrorCount == 0 {
			continue
		}
		first := ""
		for _, p := range ins.Problems {
			if p.Level == "error" {
				first = p.Message
				break
			}
		}
		bad = append(bad, fmt.Sprintf("%d error(s) in %s, the first: %s", ins.ErrorCount, ins.File, first))
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s", strings.Join(bad, "; "))
	}
	return nil
}

// inspectFiles inspects files[i] as input kinds[i] (0: guessed from the
// file), with progress on stderr; a file that cannot be opened at all is
// an error.
func (g *globalOptions) inspectFiles(files []string, kinds []funnel.TableKind, opts ingest.Options) ([]*ingest.Inspection, error) {
	progress, done := g.newProgress()
	defer done()
	opts.Progress = progress
	found := make([]*ingest.Inspection, 0, len(files))
	for i, f := range files {
		ins, err := ingest.Inspect(f, kinds[i], opts)
		if err != nil {
			return nil, err
		}
		found = append(found, ins)
	}
	return found, nil
}

// The rows of inspect's tables (inspectReport).
type (
	inspectedFile struct {
		File       string `table:"file"`
		Input      string `table:"input"`
		InputFrom  string `table:"input_from"`
		Format     string `table:"format"`
		Delimiter  string `table:"delimiter"`
		Encoding   string `table:"encoding"`
		Gzip       bool   `table:"gzip"`
		Rows       int    `table:"rows"`
		BadRows    int    `table:"bad_rows"`
		Columns    int    `table:"columns"`
		Errors     int    `table:"errors"`
		HeaderLine int    `table:"header_line"`
		Skipped    int    `table:"skipped_rows"`
	}
	inspectedColumn struct {
		File       string `table:"file"`
		Header     string `table:"header"`
		Role       string `table:"role"`
		Type       string `table:"type"`
		DateLayout string `table:"date_layout"`
		Currency   string `table:"currency"`
		Missing    int    `table:"missing"`
		Distinct   int    `table:"distinct"`
		Min        string `table:"min"`
		Max        string `table:"max"`
	}
	skippedRow struct {
		File string `table:"file"`
		Line int    `table:"line"`
		Why  string `table:"why"`
		Text string `table:"text"`
	}
	fileProblem struct {
		File    string `table:"file"`
		Level   string `table:"level"`
		Message string `table:"message"`
	}
)

// inspectReport lays inspections out as a Report: one row per file, one
// per column, one per skipped row, one per problem; the meta describes a
// single file. The skipped and problems tables are left out when empty,
// unless want (--table) names one.
func inspectReport(found []*ingest.Inspection, want string) *funnel.Report {
	rep := funnel.NewReport("inspect", "Inspection of exports")
	var (
		files    []inspectedFile
		columns  []inspectedColumn
		skipped  []skippedRow
		problems []fileProblem
	)
	for _, ins := range found {
		format := ins.Format.Kind
		if ins.Format.Sheet != "" {
			format += " sheet " + ins.Format.Sheet
		}
		files = append(files, inspectedFile{File: ins.File, Input: ins.Kind, InputFrom: ins.KindFrom, Format: format,
			Delimiter: ins.Format.Delimiter, Encoding: ins.Format.Encoding, Gzip: ins.Format.Compressed,
			Rows: ins.Rows, BadRows: ins.BadRows, Columns: len(ins.Columns), Errors: ins.ErrorCount,
			HeaderLine: ins.HeaderLine, Skipped: len(ins.Skipped)})
		for _, sk := range ins.Skipped {
			skipped = append(skipped, skippedRow{File: ins.File, Line: sk.Line, Why: sk.Why, Text: sk.Text})
		}
		for _, c := range ins.Columns {
			columns = append(columns, inspectedColumn{File: ins.File, Header: c.Header, Role: c.Role, Type: c.Kind,
				DateLayout: c.DateLayout, Currency: c.Currency, Missing: c.NA, Distinct: c.Distinct, Min: c.Min, Max: c.Max})
		}
		for _, p := range ins.Problems {
			problems = append(problems, fileProblem{File: ins.File, Level: p.Level, Message: p.Message})
		}
	}
	if len(found) == 1 {
		inspectMeta(rep, found[0])
	}
	rep.AddTable("files", funnel.FrameOf(files))
	rep.AddTable("columns", funnel.FrameOf(columns))
	if len(skipped) > 0 || want == "skipped" {
		rep.AddTable("skipped", funnel.FrameOf(skipped))
	}
	if len(problems) > 0 || want == "problems" {
		rep.AddTable("problems", funnel.FrameOf(problems))
	}
	return rep
}

// inspectMeta describes the one file inspected in the meta.
func inspectMeta(rep *funnel.Report, ins *ingest.Inspection) {
	rep.AddMeta("file", ins.File)
	rep.AddMeta("input", ins.Kind)
	rep.AddMeta("input_from", ins.KindFrom)
	rep.AddMeta("header_line", ins.HeaderLine)
	rep.AddMeta("rows", ins.Rows)
	rep.AddMeta("skipped_rows", len(ins.Skipped))
	rep.AddMeta("bad_rows", ins.BadRows)
	rep.AddMeta("errors", ins.ErrorCount)
	if ins.Outcomes != "" {
		rep.AddMeta("outcomes", ins.Outcomes)
	}
}
