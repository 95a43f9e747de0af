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
	Detail      bool

	opts velocity.Options
}

// newVelocityOptions returns velocity's options as its flags leave them
// when none is given: the flags' defaults, and the base the report's
// config settings go on.
func newVelocityOptions(g *globalOptions) *velocityOptions {
	return &velocityOptions{g: g, Period: "month", AlertMin: velocity.DefaultAlertMin}
}

func newVelocityCmd(g *globalOptions, runF func(*velocityOptions) error) *cobra.Command {
	o := newVelocityOptions(g)
	cmd := &cobra.Command{
		Use:   "velocity --stages FILE",
		Short: "Stage-to-stage velocity per month, conversion rates and slow-down alerts",
		Long: `Measure how fast entities move between lifecycle stages, period by period.

For each entity and each adjacent pair of stages (S -> next) of the ladder,
every entry into the next stage is matched to the latest entry into S at or
before it; its duration is the exact time between the two, in fractional
days (whole days when the inputs are dates). Re-entries count again and are
numbered (entry column of the transitions table); a move down the ladder
(sql -> mql) is a recycle, counted per period on the step that must be made
again; entering a stage over a skipped one counts in skipped, never as a
transition. A transition belongs to the period of its later entry.

Ladder: --stage-order, else the nine-stage lead lifecycle (awareness, friend,
name, engaged, prospect, mql, sql, opportunity, customer) when the stage
names fall in it, else the order of the wide columns, else the order
entities most often follow, won stages last; meta says which. A terminal
lost stage (Closed Lost, Lost, Disqualified, Unqualified, Closed - Not
Converted, Canceled, Out-Sold, Rejected, Dead) is never a rung unless
--stage-order names it: entering it is an exit from the stage the record was in,
counted in the exits table (from_stage, lost, share).

Field history exports (Salesforce Lead / Opportunity Field History: Field /
Event, Old Value, New Value, Edit Date; HubSpot property history: Property,
Value, Timestamp) keep only the rows of the stage field (--stage-field,
else Stage, Deal Stage, Lifecycle Stage, Lead Status or Status), with a
warning counting the rows of other fields; each record starts in its first
Old Value at its creation (its "Created." row, else its created date in
--leads or --opportunities).

Tables: velocity (period, from_stage, to_stage, transitions, mean_days,
median_days, p90_days (linear interpolation, as R type 7 and pandas),
recycles, skipped), conversion (per period and stage: entered, advanced,
advanced_within, rate, still_open), trend (a sparkline per transition),
exits (when there are lost stages) and, with --detail, transitions. With --opportunities: pipeline velocity in meta
(open opportunities x win rate x average won amount / average cycle days).
A deal is won, lost or open by its status (Deal - Status, Status), closed
flag (Closed, IsClosed) with its won flag, or a stage name that says
closed (Closed Won, Closed Lost); a past close date alone is the expected
one of an open deal. Meta outcome_source says which decided.

As of: --as-of, else the end of the day of the latest timestamp in the
inputs, but no later than the end of tomorrow, so that a date in the future
(a typo such as 2099) does not stretch the series. Entries dated at or after
the as-of time had not happened by then: they are left out of every table,
with a warning that counts them.

Alerts for cron: with --alert-slower 25%, a transition whose latest complete
period (one that ends by the as-of time) has a mean at least 25% slower
than the mean of the three periods before it is printed as an alert and
the exit code is 3; meta alert_slower (0.25), alert_min and alerts say the
threshold in force and the alerts raised. A bare number is a fraction
(0.25): 25 without % is an error, not 2500%. Fewer than four complete periods: nothing is judged,
with a warning.`,
		Example: `  funnel velocity --data exports
  funnel velocity --stages stages.csv --period quarter --by region
  funnel velocity --stages deals.csv --wide "Engaged=engage_date,Closed=close_date"
  funnel velocity --data exports --alert-slower 25% --alert-min 20 -q || echo "slower!"
  funnel velocity --data exports -o velocity.xlsx`,
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
	f.BoolVar(&o.Detail, "detail", false, "add the transitions table: every matched transition")
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
	asOf, err := g.asOf(iopts)
	if err != nil {
		return err
	}
	if asOf == 0 {
		asOf = funnel.CompleteThrough(in.ds.LatestTime(), opts.Location, time.Now()) // the default as-of, streamed stages included
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
