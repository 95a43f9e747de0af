package main

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/velocity"
	"github.com/funnel-analytics/funnel/warehouse"
)

// rowFlag is the first flag of the run that needs the stage rows (not
// pushed down), "" when none does.
func (o *velocityOptions) rowFlag() string {
	opts := o.opts
	for _, f := range []struct {
		on   bool
		flag string
	}{{len(opts.By) > 0, "--by"}, {len(opts.Wide) > 0, "--wide"}, {opts.StageField != "", "--stage-field"}, {opts.Detail, "--detail"}} {
		if f.on {
			return f.flag
		}
	}
	return ""
}

// needsRows is velocityDBRun's answer for a stages table it cannot push
// down (a field or stage history, a wide table): why the rows are read;
// velocityRun then streams them, and the file reader reads the layout as
// it reads a file's.
type needsRows string

func (n needsRows) Error() string { return string(n) }

// velocityDBRun is velocity on a database: a long stages table's
// transitions computed by window functions and aggregated per period and
// pair in SQL (warehouse.VelocitySQL), the tables built from those cells
// (velocity.Plan) as Analyze builds them from a file. --by, --wide,
// --stage-field and --detail need the rows (rowFlag), and so do a
// history or wide stages table (needsRows) and the opportunities'
// pipeline, not pushed down yet: then velocityRun reads the tables
// streamed instead (inputFlags.fromDatabase).
func velocityDBRun(o *velocityOptions) error {
	g, opts := o.g, o.opts
	r, err := o.db.open(g, o.inputs, "velocity", "reads only the stages (a long table: entity_id, stage, entered_at) from a database so far",
		[]funnel.TableKind{funnel.Stages}, []funnel.TableKind{funnel.Stages})
	if err != nil {
		return err
	}
	defer r.close()
	opts.Location = r.ing.Location
	if opts.From, err = parsePeriodBound("from", o.From, r.ing); err != nil {
		return err
	}
	if opts.To, err = parsePeriodBound("to", o.To, r.ing); err != nil {
		return err
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From) {
		return usagef("--from %s is after --to %s", o.From, o.To)
	}
	ctx := r.ctx
	t, base, bindWarnings, err := r.table(ctx, funnel.Stages, []string{funnel.RoleEntityID, funnel.RoleStage, funnel.RoleEnteredAt})
	if err != nil {
		return err
	}
	if c := velocity.NotLong(t); c != nil {
		return needsRows(fmt.Sprintf("%s is a history (column %q), read row by row", t.Source, c.Name))
	}
	if t.Role(funnel.RoleEntityID) == nil || t.Role(funnel.RoleStage) == nil || t.Role(funnel.RoleEnteredAt) == nil {
		return needsRows(t.Source + " is not a long table (entity_id, stage, entered_at)")
	}
	q, err := warehouse.VelocitySQL(r.dialect, t, base)
	if err != nil {
		return err
	}
	if r.explain {
		return o.explain(r, t, q)
	}
	stages := r.src.Tables[funnel.Stages]
	if err := r.refuseZoneless(t, t.Role(funnel.RoleEnteredAt)); err != nil {
		return err
	}
	res, err := o.pushDown(ctx, r, q, opts)
	if err != nil {
		return err
	}
	rep := res.Report()
	rep.AddMeta("source", r.src.String())
	rep.AddMeta("pushed_down", "transitions computed by window functions and aggregated per period and pair in SQL ("+r.dialect.Name()+"); "+stages.String()+" read in the database")
	for _, w := range bindWarnings {
		rep.Warnf("%s: %s", stages, w)
	}
	return g.writeReportWithPlot(o.Plot, rep, nil)
}

// pushDown runs the summary, cells and trend queries and builds the
// result: the summary without a cut gives the latest entry, and so the
// default as-of; a cut at or before it runs the summary again with it.
func (o *velocityOptions) pushDown(ctx context.Context, r *dbRun, q *warehouse.VelocityQuery, opts velocity.Options) (*velocity.Result, error) {
	sum, latest, err := r.db.Summary(ctx, q, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	asOf, err := o.g.asOf(r.ing)
	if err != nil {
		return nil, err
	}
	if asOf == 0 {
		asOf = funnel.CompleteThrough(latest, opts.Location, time.Now())
	}
	opts.AsOf = asOfTime(asOf)
	if asOf != 0 && latest != funnel.NoTime && asOf <= latest {
		if sum, _, err = r.db.Summary(ctx, q, asOf); err != nil {
			return nil, err
		}
	}
	plan, err := velocity.NewPlan(sum, opts)
	if err != nil {
		return nil, err
	}
	if err := q.ForPlan(r.dialect, plan.Stages, plan.Pairs); err != nil {
		return nil, err
	}
	cells, err := r.db.Cells(ctx, q, sum, plan, opts.Within)
	if err != nil {
		return nil, err
	}
	first := plan.Aggregate(cells)
	trend, err := r.db.Trend(ctx, q, sum, plan, opts.Within, first)
	if err != nil {
		return nil, err
	}
	return plan.Result(trend), nil
}

// explain prints the three queries, for the ladder of --stage-order (else
// the lifecycle), without connecting.
func (o *velocityOptions) explain(r *dbRun, t *funnel.Table, q *warehouse.VelocityQuery) error {
	order := o.opts.Order
	if len(order) == 0 {
		order = velocity.Lifecycle
	}
	ladder, err := velocity.NewLadder(order, velocity.LadderExplicit)
	if err != nil {
		return err
	}
	pairs, err := ladder.PairIndexes(o.opts.Pairs)
	if err != nil {
		return err
	}
	if err := q.ForPlan(r.dialect, ladder.Len(), pairs); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- funnel velocity: the stage entries of %s in %s (%s)\n-- columns: %s\n", r.src.Tables[funnel.Stages], r.src, r.dialect.Name(), t.Headers())
	fmt.Fprintf(&b, "-- ladder (codes 0-%d): %s; a lost stage is coded %d and up\n", ladder.Len()-1, strings.Join(ladder.Stages, ", "), ladder.Len())
	b.WriteString("\n-- 1. summary: the distinct stage names; $1 the as-of cut in Unix seconds (NULL: none)\n")
	b.WriteString(q.Summary)
	b.WriteString("\n-- 2. cells: $1 the stage names, $2 their codes (-1 off the ladder), $3 the periods' first instants and the last one's end,\n--    $4 the as-of cut, $5 the number of periods, $6 the --within window in seconds (0: none)\n")
	b.WriteString(q.Cells)
	b.WriteString("\n-- 3. trend: $1 to $5 as in 2, $6 the first period shown (after --min-transitions)\n")
	b.WriteString(q.Trend)
	_, err = fmt.Fprint(o.g.io.Out, b.String())
	return err
}
