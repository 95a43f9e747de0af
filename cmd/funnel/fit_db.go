package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/scoring"
	"github.com/funnel-analytics/funnel/warehouse"
)

// rowFlag is the first flag of the run that needs the leads' rows (not
// pushed down: a deal-size family, --split-values, --cv, --capacity), ""
// when none does.
func (o *fitOptions) rowFlag() (string, error) {
	split, err := o.g.splitValues()
	if err != nil {
		return "", err
	}
	cfg := o.cfg
	for _, f := range []struct {
		on   bool
		flag string
	}{{cfg.Features.Family.Amount(), "--family " + cfg.Features.Family.String()},
		{split != "", "--split-values"}, {o.CV > 0, "--cv"}, {o.Capacity > 0, "--capacity"}} {
		if f.on {
			return f.flag, nil
		}
	}
	return "", nil
}

// fitDBRun is fit on a database: the touches counted per lead before its
// cutoff, the leads columns encoded and the leads grouped by design row
// in SQL (warehouse.FitQuery), with a target stage each lead's first
// entry into it found in the stage history there; only the groups cross
// the wire, and the regression runs on them (scoring.FitGroups). A run
// that needs the leads' rows (rowFlag) reads the tables streamed
// instead (fitRun, inputFlags.fromDatabase).
func fitDBRun(o *fitOptions) error {
	g, cfg := o.g, o.cfg
	reads, needs := []funnel.TableKind{funnel.Leads, funnel.Touches}, []funnel.TableKind{funnel.Leads}
	if o.TargetStage != "" {
		reads, needs = append(reads, funnel.Stages), append(needs, funnel.Stages)
	}
	r, err := o.db.open(g, o.inputs, "fit", "reads only the leads, the touches and, with --target-stage, the stages from a database so far", reads, needs)
	if err != nil {
		return err
	}
	defer r.close()
	if cfg.Features.AsOf, err = g.asOf(r.ing); err != nil {
		return err
	}
	ctx := r.ctx
	leads, touches, stages, warnings, err := o.dbTables(ctx, r)
	if err != nil {
		return err
	}
	q, err := warehouse.NewFitQuery(r.dialect, leads, touches, stages, cfg.Features)
	if err != nil {
		return err
	}
	if r.explain {
		return o.explain(r, q, leads, touches, stages)
	}
	groups, err := r.db.Fit(ctx, q, cfg.Features.AsOf)
	if err != nil {
		return err
	}
	m, err := scoring.FitGroups(groups, cfg)
	if err != nil {
		return err
	}
	rep := m.Report()
	rep.AddMeta("source", r.src.String())
	var tables []string
	for _, k := range []funnel.TableKind{funnel.Leads, funnel.Touches, funnel.Stages} {
		if n, ok := r.src.Tables[k]; ok && (k != funnel.Stages || stages != nil) {
			tables = append(tables, n.String())
		}
	}
	what := "touch counts before each lead's cutoff"
	if stages != nil {
		what = "each lead's first entry into stage " + o.TargetStage + ", " + what
	}
	pushed := fmt.Sprintf("%s, the leads' terms and their grouping by design row in SQL (%s): %d groups of %d leads read; %s read in the database",
		what, r.dialect.Name(), len(groups.Count), m.Regression.Rows, strings.Join(tables, ", "))
	if cfg.Features.HalfLife > 0 {
		pushed += "; with --decay the decayed counts are mostly distinct, so about one group a lead crosses the wire"
	}
	rep.AddMeta("pushed_down", pushed)
	rep.Warnings = append(rep.Warnings, warnings...)
	files, err := o.modelOutput(m, rep)
	if err != nil {
		return err
	}
	return g.writeReport(rep, nil, files...)
}

// dbTables binds the leads table (the touches table, when named, and
// with --target-stage the stages table) by their catalogs, and refuses
// --tz with a time column the database stores without a zone (read as
// UTC, where a file's would be read in --tz). The warnings are the
// bindings'.
func (o *fitOptions) dbTables(ctx context.Context, r *dbRun) (leads, touches, stages *funnel.Table, warnings []string, err error) {
	fc := o.cfg.Features
	bind := func(kind funnel.TableKind, roles []string) (*funnel.Table, error) {
		t, _, w, err := r.table(ctx, kind, roles)
		for _, s := range w {
			warnings = append(warnings, r.src.Tables[kind].String()+": "+s)
		}
		return t, err
	}
	roles := []string{funnel.RoleLeadID, funnel.RoleCreatedAt}
	if fc.Target != "" {
		roles = append(roles, fc.Target)
	}
	roles = append(roles, fc.Features...)
	if leads, err = bind(funnel.Leads, roles); err != nil {
		return nil, nil, nil, nil, err
	}
	if r.explain { // the catalog assumed: the target a timestamp (a text one with --positive)
		if c := leads.Named(fc.Target); c != nil && fc.Positive == "" && c.Role == "" {
			c.Kind = funnel.KindTime
		}
	}
	if _, ok := r.src.Tables[funnel.Touches]; ok {
		if touches, err = bind(funnel.Touches, []string{funnel.RoleLeadID, funnel.RoleOccurredAt, funnel.RoleActivityType}); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	if o.TargetStage != "" {
		if stages, err = bind(funnel.Stages, []string{funnel.RoleEntityID, funnel.RoleStage, funnel.RoleEnteredAt}); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	if err := r.refuseZoneless(leads, leads.Named(fc.Target), leads.Role(funnel.RoleCreatedAt)); err != nil {
		return nil, nil, nil, nil, err
	}
	if touches != nil {
		if err := r.refuseZoneless(touches, touches.Role(funnel.RoleOccurredAt)); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	if stages != nil {
		if err := r.refuseZoneless(stages, stages.Role(funnel.RoleEnteredAt)); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	return leads, touches, stages, warnings, nil
}

// explain prints fit's queries without connecting: the design query is
// shown for the --activity-types given and without the features' levels,
// which the levels and touches queries find.
func (o *fitOptions) explain(r *dbRun, q *warehouse.FitQuery, leads, touches, stages *funnel.Table) error {
	fc := o.cfg.Features
	var encodings []scoring.Encoding
	for k, name := range fc.Features {
		c := leads.Named(name)
		encodings = append(encodings, scoring.EncodingOfLevels(fc.Features[k], c.Kind == funnel.KindNumber, nil, fc))
	}
	var types []string
	if touches != nil {
		types = slices.Sorted(slices.Values(trimAll(fc.ActivityTypes)))
	}
	if err := q.WithTerms(types, encodings); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- funnel fit: the leads of %s", r.src.Tables[funnel.Leads])
	var more []string
	if touches != nil {
		more = append(more, "the touches of "+r.src.Tables[funnel.Touches].String())
	}
	if stages != nil {
		more = append(more, "the stage history of "+r.src.Tables[funnel.Stages].String())
	}
	if len(more) == 2 {
		b.WriteString(", " + more[0] + " and " + more[1])
	} else if len(more) == 1 {
		b.WriteString(" and " + more[0])
	}
	fmt.Fprintf(&b, " in %s (%s)\n-- leads columns: %s\n", r.src, r.dialect.Name(), leads.Headers())
	if touches != nil {
		fmt.Fprintf(&b, "-- touches columns: %s\n", touches.Headers())
	}
	if stages != nil {
		fmt.Fprintf(&b, "-- stages columns: %s; the target: each lead's first entry into stage %q\n", stages.Headers(), o.TargetStage)
	}
	b.WriteString("-- $1 of queries 2 to 5: the as-of time in Unix seconds (--as-of, else query 1's latest time + 1)\n")
	b.WriteString("\n-- 1. the latest time in the tables (without --as-of)\n" + q.Latest)
	b.WriteString("\n-- 2. the leads: left out, late conversions, the target's values, a duplicate lead_id\n" + q.Leads)
	b.WriteString("\n-- 3. the kept leads per level of each feature\n" + q.Levels)
	if touches != nil {
		b.WriteString("\n-- 4. the touches by fate, and the activity types used\n" + q.Touches)
	}
	b.WriteString("\n-- 5. the design rows with their leads and positives: the activity types and levels come from 3 and 4\n")
	b.WriteString("--    (shown for --activity-types and with no level)\n" + q.Design)
	_, err := fmt.Fprint(o.g.io.Out, b.String())
	return err
}
