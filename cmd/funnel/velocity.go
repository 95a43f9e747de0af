package main

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/velocity"
)

type velocityOptions struct {
	g      *globalOptions
	inputs *inputFlags

	Plot string

	Order       string
	Wide        string
	Pairs       string
	StageField  string
	Period      string
	From, To    string
	By          []string
	Within      string
	AlertSlower string
	AlertMin    int
	MinTrans    int
	Detail      bool
	db          warehouseFlags // --db, --db-table, --explain (warehouse.go)

	opts velocity.Options
}

// newVelocityOptions returns velocity's options as its flags leave them
// when none is given: the flags' defaults, and the base the report's
// config settings go on.
func newVelocityOptions(g *globalOptions) *velocityOptions {
	return &velocityOptions{g: g, Period: "month", AlertMin: velocity.DefaultAlertMin, MinTrans: velocity.DefaultMinTransitions}
}

func newVelocityCmd(g *globalOptions, runF func(*velocityOptions) error) *cobra.Command {
	o := newVelocityOptions(g)
	cmd := &cobra.Command{
		Use:   "velocity --stages FILE",
		Short: "Stage-to-stage velocity per month, conversion rates and slow-down alerts",
		Long: `How many days do leads take from one stage to the next, month by month, and
is it getting slower? velocity reads stage histories (a row per stage entry, a
column per stage date, or a CRM field history) and gives per period and
transition the count and the mean, median and 90th percentile days, with
conversion rates and lost exits; --alert-slower 25% turns a slowdown into exit
code 3 for a cron job.

More: 'funnel help ladder', 'funnel help alerts', 'funnel help warehouse'.`,
		Example: `  funnel velocity --data exports --period quarter --by region
  funnel velocity --data exports --alert-slower 25% -q || echo "slower!"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(o, runF, velocityRun, o.parse, g.checkOutputs(o.inputs, destination{"--plot", o.Plot}))
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Stages, funnel.Leads, funnel.Accounts, funnel.Opportunities)
	f := cmd.Flags()
	f.StringVar(&o.Order, "stage-order", "", "the stage ladder, comma-separated, e.g. mql,sql,opportunity,customer")
	aliasFlag(f, "order", "stage-order")
	f.StringVar(&o.Wide, "wide", "", "wide layout: Stage=Header pairs, e.g. \"Engaged=engage_date,Closed=close_date\"")
	f.StringVar(&o.Pairs, "pairs", "", "extra non-adjacent pairs, e.g. mql:customer,sql:customer (full-cycle time)")
	f.StringVar(&o.StageField, "stage-field", "", "field history stages (Field / Event, Old Value, New Value): the field whose changes are the stages (default: Stage, Deal Stage, Lifecycle Stage, Lead Status or Status)")
	f.StringVar(&o.Period, "period", o.Period, "week (ISO), month or quarter")
	f.StringVar(&o.From, "from", "", "first period, as a date or 2026-01")
	f.StringVar(&o.To, "to", "", "last period, as a date or 2026-10")
	f.StringSliceVar(&o.By, "by", nil, "group by these columns of the stages, leads or accounts, e.g. region")
	f.StringVar(&o.Within, "within", "", "window of advanced_within in the conversion table, e.g. 90d")
	f.StringVar(&o.AlertSlower, "alert-slower", "", "alert (exit 3) when the latest complete period is this much slower: 25% or 0.25 (a bare number is a fraction up to 1; complete: ends by the as-of time)")
	f.IntVar(&o.AlertMin, "alert-min", o.AlertMin, "transitions each period needs before it is judged")
	f.IntVar(&o.MinTrans, "min-transitions", o.MinTrans, "without --from, start at the first period from which every complete period has this many transitions on some pair (0: every period; the meta's periods_left_out says what was left out)")
	f.BoolVar(&o.Detail, "detail", false, "add the transitions table: every matched transition")
	addWarehouseFlags(cmd, &o.db, "the transitions are computed and aggregated in SQL (with --by, --wide, --stage-field or --detail the tables are streamed and analyzed as files are)", false)
	o.inputs.fromDatabase(&o.db, "velocity")
	addPlotFlag(cmd, &o.Plot, "the mean days per transition over the periods (a line chart)")
	return cmd
}

// parse validates the flags into a velocity.Options.
func (o *velocityOptions) parse() error {
	var err error
	if o.Order != "" {
		if o.opts.Order, err = velocity.ParseOrder(o.Order); err != nil {
			return usagef("--stage-order: %v", err)
		}
	}
	if o.Wide != "" {
		if o.opts.Wide, err = velocity.ParseWide(o.Wide); err != nil {
			return usagef("--wide: %v", err)
		}
	}
	if o.Pairs != "" {
		if o.opts.Pairs, err = velocity.ParsePairs(o.Pairs); err != nil {
			return usagef("--pairs: %v", err)
		}
	}
	o.opts.StageField = strings.TrimSpace(o.StageField)
	if o.opts.Period, err = velocity.ParsePeriod(o.Period); err != nil {
		return usagef("--period: %v", err)
	}
	o.opts.By = trimAll(o.By)
	if o.Within != "" {
		if o.opts.Within, err = funnel.ParseDuration(o.Within); err != nil || o.opts.Within == 0 {
			return usagef("--within %q: want a positive duration such as 90d", o.Within)
		}
	}
	if o.AlertSlower != "" {
		if o.opts.AlertSlower, err = parseSlower(o.AlertSlower); err != nil {
			return err
		}
	}
	if o.AlertMin < 1 {
		return usagef("--alert-min %d: want 1 or more", o.AlertMin)
	}
	o.opts.AlertMin = o.AlertMin
	if o.MinTrans < 0 {
		return usagef("--min-transitions %d: want 0 or more", o.MinTrans)
	}
	o.opts.MinTransitions = o.MinTrans
	o.opts.Detail = o.Detail
	return checkPlot(o.Plot)
}

// parseSlower reads --alert-slower (and the config's alert_slower) as a
// fraction: a percentage (25% is 0.25, up to 10000%) or a fraction in
// (0, 1]. A bare number above 1 is an error, not a share: 25 would be
// 2500% slower, an alert that never fires.
func parseSlower(s string) (float64, error) {
	num, pct := strings.CutSuffix(strings.TrimSpace(s), "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	switch {
	case err != nil || !(v > 0) || math.IsInf(v, 0):
		return 0, usagef("--alert-slower %q: want a positive share such as 25%%", s)
	case pct && v > 10000:
		return 0, usagef("--alert-slower %q: at most 10000%%", s)
	case pct:
		return v / 100, nil
	case v > 1:
		return 0, usagef("--alert-slower %q: a bare number is a fraction from 0 to 1 (0.25 is 25%%); write %s%% for %s%% slower", s, num, num)
	}
	return v, nil
}

// parsePeriodBound reads --from/--to: "2026-01" (a month) or a date.
func parsePeriodBound(flag, s string, opts ingest.Options) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	if t, err := time.ParseInLocation("2006-01", s, loc); err == nil {
		return t, nil
	}
	unix, _, err := ingest.ParseDate(s, opts)
	if err != nil {
		return time.Time{}, usagef("--%s %q: want a date or a month such as 2026-01", flag, s)
	}
	return time.Unix(unix, 0).In(loc), nil
}

func velocityRun(o *velocityOptions) error {
	g := o.g
	if o.db.given(g, o.inputs) {
		why := o.rowFlag()
		if why == "" {
			var rows needsRows
			if err := velocityDBRun(o); !errors.As(err, &rows) {
				return err
			}
			why = string(rows)
		} else {
			why += " needs the stage rows"
		}
		o.inputs.dbWhy = why
	}
	in, stream, err := o.readStages()
	if err != nil {
		return err
	}
	iopts := in.opts
	opts := o.opts
	opts.Location = iopts.Location
	opts.Stream = stream
	if opts.From, err = parsePeriodBound("from", o.From, iopts); err != nil {
		return err
	}
	if opts.To, err = parsePeriodBound("to", o.To, iopts); err != nil {
		return err
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From) {
		return usagef("--from %s is after --to %s", o.From, o.To)
	}
	asOf, err := g.asOfOrComplete(in) // the default as-of, streamed stages included
	if err != nil {
		return err
	}
	opts.AsOf = asOfTime(asOf)
	res, err := velocity.Analyze(in.ds, opts)
	if err != nil {
		return err
	}
	return g.writeReportWithPlot(o.Plot, in.withWarnings(res.Report()), in.paths())
}

// readStages reads velocity's inputs. A long stages file is streamed:
// velocity keeps 16 bytes per stage entry instead of the table (see
// velocity.StageStream), returned beside the inputs; nil when the stages
// were read as a table.
func (o *velocityOptions) readStages() (*inputSet, *velocity.StageStream, error) {
	read := *o.inputs // a copy: how this run reads, not the flags
	read.wide = nil
	for _, w := range o.opts.Wide {
		read.wide = append(read.wide, w.Header)
	}
	var stream *velocity.StageStream
	if o.streamable() {
		read.sink = func(ds *funnel.Dataset, kind funnel.TableKind) func(*funnel.Table) error {
			if kind != funnel.Stages || leadsDated(ds) {
				return nil
			}
			stream = velocity.NewStageStream()
			return stream.Add
		}
	}
	in, err := o.g.readInputs(&read, funnel.Stages)
	if errors.Is(err, velocity.ErrNotLong) {
		// A wide stages file (or a long one with mistyped columns): read
		// it as a table, which gives the exact error when there is one.
		read.sink, stream = nil, nil
		in, err = o.g.readInputs(&read, funnel.Stages)
	}
	return in, stream, err
}

// streamable reports whether the stages file can be streamed: not when
// --by or --wide need its other columns, nor from stdin, which could not
// be read again as a table if it turns out not to be long.
func (o *velocityOptions) streamable() bool {
	if len(o.opts.By) > 0 || len(o.opts.Wide) > 0 {
		return false
	}
	p := o.inputs.paths[funnel.Stages]
	return p == nil || *p != "-"
}

// leadsDated reports whether ds has leads with ids and creation dates:
// then the stages file is read as a table, for ingest's check of stage
// entries dated before their lead's creation, which needs the table.
func leadsDated(ds *funnel.Dataset) bool {
	id := ds.Leads.Role(funnel.RoleLeadID)
	return id != nil && id.Kind == funnel.KindText && ds.Leads.Has(funnel.RoleCreatedAt)
}
