package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/warehouse"
)

// sizeDBRun is size on a database: the base table's targets counted per
// segment in SQL with their units, leads, furthest stage and closed
// opportunities (warehouse.SizeSQL), the prices, win rates and totals
// from those counts (market.FromTally) as Size makes them from the files.
// The opportunities' outcomes are decided on their streamed columns (the
// status words are the file path's code); multi-value segments
// (--split-values with --by) are not pushed down: sizeRun reads the
// tables streamed instead.
func sizeDBRun(o *sizeOptions) error {
	g := o.g
	r, err := o.db.open(g, o.inputs, "size", "reads the accounts, leads, stages and opportunities",
		[]funnel.TableKind{funnel.Accounts, funnel.Leads, funnel.Stages, funnel.Opportunities}, nil)
	if err != nil {
		return err
	}
	defer r.close()
	opts := o.opts
	if opts.SplitValues, err = g.splitValues(); err != nil {
		return err
	}
	in, err := o.dbInput(r, opts)
	if err != nil {
		return err
	}
	if err := zoneless(r, in); err != nil {
		return err
	}
	q, err := warehouse.SizeSQL(r.dialect, in, opts)
	if err != nil {
		return err
	}
	if r.explain {
		return o.explain(r, in, q)
	}
	if o.Prices != "" {
		if opts.Prices, err = o.readPricesFile(r); err != nil {
			return err
		}
	}
	asOf, err := g.asOf(r.ing)
	if err != nil {
		return err
	}
	opts.AsOf = asOfTime(asOf)
	tally, err := r.db.Size(r.ctx, q, opts)
	if err != nil {
		return err
	}
	res, err := market.FromTally(tally, opts)
	if err != nil {
		return err
	}
	rep := res.Report()
	rep.AddMeta("source", r.src.String())
	rep.AddMeta("pushed_down", sizePushedDown(r, in))
	for _, w := range o.warnings {
		rep.Warnf("%s", w)
	}
	return g.writeReportWithPlot(o.Plot, rep, nil)
}

// sizePushedDown words the meta pushed_down: what is computed in SQL,
// and what is streamed.
func sizePushedDown(r *dbRun, in warehouse.SizeInput) string {
	s := "targets, units, leads and furthest stages counted per segment in SQL (" + r.dialect.Name() + ")"
	if in.Opportunities != nil {
		s += "; streamed: the opportunities' id, stage, status, won, closed and date columns (" + in.Opportunities.Source +
			"), whose outcomes are decided as the file path decides them, then counted per segment in SQL"
	}
	return s
}

// zoneless refuses --tz with a time column without a time zone in the
// tables read (refuseZoneless), which the database reads as UTC wall
// time and a file as wall time in the zone.
func zoneless(r *dbRun, in warehouse.SizeInput) error {
	for _, t := range []*funnel.Table{in.Base, in.Leads, in.Stages, in.Opportunities} {
		if err := r.refuseZoneless(t); err != nil {
			return err
		}
	}
	return nil
}

// dbInput binds the tables named: the base is the accounts, else (or
// with --use-leads) the leads.
func (o *sizeOptions) dbInput(r *dbRun, opts market.Options) (warehouse.SizeInput, error) {
	var in warehouse.SizeInput
	_, hasAccounts := r.src.Tables[funnel.Accounts]
	_, hasLeads := r.src.Tables[funnel.Leads]
	if !hasAccounts && !hasLeads {
		return in, usagef("--db %s: name the accounts table with --db-table accounts=schema.table (or the leads: --db-table leads=...)", r.src)
	}
	filterCols := filterColumns(opts.Filter)
	bind := func(kind funnel.TableKind, roles []string, extra []warehouse.Column) (*funnel.Table, bool, error) {
		if _, ok := r.src.Tables[kind]; !ok {
			return nil, false, nil
		}
		r.explainColumns(kind, extra)
		t, ordered, warnings, err := r.table(r.ctx, kind, roles)
		for _, w := range warnings {
			o.warnings = append(o.warnings, fmt.Sprintf("%s: %s", r.src.Tables[kind], w))
		}
		return t, ordered, err
	}
	baseKind := funnel.Accounts
	if !hasAccounts || opts.UseLeads {
		baseKind = funnel.Leads
	}
	baseExtra := append(sizeColumns(opts), filterCols...)
	var err error
	for _, k := range []funnel.TableKind{funnel.Accounts, funnel.Leads} {
		if k == funnel.Accounts && baseKind == funnel.Leads {
			continue // the accounts are not read when the leads are the base
		}
		var extra []warehouse.Column
		if k == baseKind {
			extra = baseExtra
		}
		roles := []string{funnel.RoleAccountID}
		if k == funnel.Leads {
			roles = []string{funnel.RoleLeadID, funnel.RoleAccountID}
		}
		t, ordered, e := bind(k, roles, extra)
		if e != nil {
			return in, e
		}
		if k == baseKind {
			in.Base, in.BaseOrdered = t, ordered
		} else {
			in.Leads, in.LeadsOrdered = t, ordered
		}
	}
	if in.Stages, in.StagesOrdered, err = bind(funnel.Stages, []string{funnel.RoleEntityID, funnel.RoleStage, funnel.RoleEnteredAt}, nil); err != nil {
		return in, err
	}
	oppRoles := []string{funnel.RoleOpportunityID, funnel.RoleAccountID, funnel.RoleLeadID, funnel.RoleStage, funnel.RoleWon, funnel.RoleClosedAt, funnel.RoleCreatedAt}
	if in.Opportunities, in.OpportunitiesOrdered, err = bind(funnel.Opportunities, oppRoles, nil); err != nil {
		return in, err
	}
	return in, nil
}

// sizeColumns are the base columns --explain assumes besides the roles:
// the --by columns (text) and the units column (a number).
func sizeColumns(opts market.Options) []warehouse.Column {
	var cols []warehouse.Column
	for _, b := range opts.By {
		cols = append(cols, warehouse.Column{Name: b, Type: "text"})
	}
	if opts.UnitsColumn != "" {
		cols = append(cols, warehouse.Column{Name: opts.UnitsColumn, Type: "double precision"})
	}
	return cols
}

// filterColumns are the filter's columns --explain assumes: a number
// where the value reads as one, a date where it reads as one, else text.
func filterColumns(filter string) []warehouse.Column {
	f, err := market.ParseFilter(filter)
	if err != nil || f == nil {
		return nil
	}
	var cols []warehouse.Column
	for _, c := range f.Clauses {
		typ := "text"
		if _, err := strconv.ParseFloat(c.Value, 64); err == nil {
			typ = "double precision"
		} else if _, err := market.FilterTime(c.Value); err == nil {
			typ = "timestamp with time zone"
		}
		cols = append(cols, warehouse.Column{Name: c.Column, Type: typ})
	}
	return cols
}

// readPricesFile reads --prices, a file, with the run's reading options.
func (o *sizeOptions) readPricesFile(r *dbRun) (*funnel.Table, error) {
	in := &inputSet{ds: &funnel.Dataset{Dict: funnel.NewDict()}, opts: r.ing}
	return in.readPrices(o.Prices)
}

// explain prints the queries without connecting.
func (o *sizeOptions) explain(r *dbRun, in warehouse.SizeInput, q *warehouse.SizeQuery) error {
	var b strings.Builder
	fmt.Fprintf(&b, "-- funnel size: the segments of %s in %s (%s)\n-- columns: %s\n", in.Base.Source, r.src, r.dialect.Name(), in.Base.Headers())
	step := 0
	for i, v := range q.Values {
		step++
		fmt.Fprintf(&b, "\n-- %d. the values of %q: those equal to %q (case and surrounding spaces aside) are the tally's $%d\n%s", step, q.Clauses[i].Column, q.Clauses[i].Value, q.ValueParam(i), v)
	}
	if q.Stages != nil {
		step++
		fmt.Fprintf(&b, "\n-- %d. the stage names of %s (velocity's summary; $1 NULL: no cut), bound to the ladder as the file path binds them\n%s", step, in.Stages.Source, q.Stages.Summary)
	}
	if q.Opportunities != "" {
		step++
		fmt.Fprintf(&b, "\n-- %d. streamed: the columns of %s that decide the outcomes and link them; the closed ones, counted per account and lead id, are the tally's parameters\n%s", step, in.Opportunities.Source, q.Opportunities)
	}
	step++
	fmt.Fprintf(&b, "\n-- %d. the tally: per segment and furthest stage, the targets, units, leads, won and lost; then the totals row\n%s", step, q.Tally)
	_, err := fmt.Fprint(o.g.io.Out, b.String())
	return err
}
