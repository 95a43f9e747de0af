package main

import (
	"fmt"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
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
		Long: `Show how funnel reads each export: its format (delimiter, encoding,
compression, sheet), which input it looks like, the role each column is
bound to, each column's detected type and date layout, missing values,
ranges, and every problem found (listed, not stopping at the first).

Tables: files, columns, problems. Exits 1 when a file has errors, so a
cron job can check its exports before the analyses run.`,
		Example: `  funnel inspect exports/leads.csv
  funnel inspect "crm.xlsx#Deals" --as opportunities
  funnel inspect --col touches.occurred_at="Activity Date" activities.csv
  funnel inspect exports/*.csv --format json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if opts.As != "" {
				if _, ok := funnel.ParseTableKind(opts.As); !ok {
					return usagef("--as %q: want one of leads, touches, stages, opportunities, accounts, costs, paths", opts.As)
				}
			}
			if err := g.checkOutput(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return inspectRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.As, "as", "", "read every file as this input (default: guessed from the file name, else from the headers)")
	return cmd
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
	progress, done := g.newProgress()
	iopts.Progress = progress
	var found []*ingest.Inspection
	for _, f := range opts.Files {
		ins, err := ingest.Inspect(f, kind, iopts)
		if err != nil {
			done()
			return err
		}
		found = append(found, ins)
	}
	done()
	rep := inspectReport(found)
	if err := g.writeReport(rep, opts.Files); err != nil {
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

// inspectReport lays inspections out as a Report: one row per file, one
// per column, one per problem.
func inspectReport(found []*ingest.Inspection) *funnel.Report {
	rep := funnel.NewReport("inspect", "Inspection of exports")
	var (
		fFile, fInput, fFrom, fFormat, fDelim, fEnc []string
		fGz                                         []bool
		fRows, fBad, fCols, fErrs                   []int

		cFile, cHeader, cRole, cKind, cLayout, cMin, cMax []string
		cNA, cDistinct                                    []int

		pFile, pLevel, pMsg []string
	)
	for _, ins := range found {
		format := ins.Format.Kind
		if ins.Format.Sheet != "" {
			format += " sheet " + ins.Format.Sheet
		}
		fFile = append(fFile, ins.File)
		fInput = append(fInput, ins.Kind)
		fFrom = append(fFrom, ins.KindFrom)
		fFormat = append(fFormat, format)
		fDelim = append(fDelim, ins.Format.Delimiter)
		fEnc = append(fEnc, ins.Format.Encoding)
		fGz = append(fGz, ins.Format.Compressed)
		fRows = append(fRows, ins.Rows)
		fBad = append(fBad, ins.BadRows)
		fCols = append(fCols, len(ins.Columns))
		fErrs = append(fErrs, ins.ErrorCount)
		for _, c := range ins.Columns {
			cFile = append(cFile, ins.File)
			cHeader = append(cHeader, c.Header)
			cRole = append(cRole, c.Role)
			cKind = append(cKind, c.Kind)
			cLayout = append(cLayout, c.DateLayout)
			cNA = append(cNA, c.NA)
			cDistinct = append(cDistinct, c.Distinct)
			cMin = append(cMin, c.Min)
			cMax = append(cMax, c.Max)
		}
		for _, p := range ins.Problems {
			pFile = append(pFile, ins.File)
			pLevel = append(pLevel, p.Level)
			pMsg = append(pMsg, p.Message)
		}
	}
	if len(found) == 1 {
		ins := found[0]
		rep.AddMeta("file", ins.File)
		rep.AddMeta("input", ins.Kind)
		rep.AddMeta("input_from", ins.KindFrom)
		rep.AddMeta("rows", ins.Rows)
		rep.AddMeta("bad_rows", ins.BadRows)
		rep.AddMeta("errors", ins.ErrorCount)
		if ins.Outcomes != "" {
			rep.AddMeta("outcomes", ins.Outcomes)
		}
	}
	rep.AddTable("files", dataframe.New(
		series.New(fFile, series.String, "file"),
		series.New(fInput, series.String, "input"),
		series.New(fFrom, series.String, "input_from"),
		series.New(fFormat, series.String, "format"),
		series.New(fDelim, series.String, "delimiter"),
		series.New(fEnc, series.String, "encoding"),
		series.New(fGz, series.Bool, "gzip"),
		series.New(fRows, series.Int, "rows"),
		series.New(fBad, series.Int, "bad_rows"),
		series.New(fCols, series.Int, "columns"),
		series.New(fErrs, series.Int, "errors"),
	))
	rep.AddTable("columns", dataframe.New(
		series.New(cFile, series.String, "file"),
		series.New(cHeader, series.String, "header"),
		series.New(cRole, series.String, "role"),
		series.New(cKind, series.String, "type"),
		series.New(cLayout, series.String, "date_layout"),
		series.New(cNA, series.Int, "missing"),
		series.New(cDistinct, series.Int, "distinct"),
		series.New(cMin, series.String, "min"),
		series.New(cMax, series.String, "max"),
	))
	if len(pMsg) > 0 {
		rep.AddTable("problems", dataframe.New(
			series.New(pFile, series.String, "file"),
			series.New(pLevel, series.String, "level"),
			series.New(pMsg, series.String, "message"),
		))
	}
	return rep
}
