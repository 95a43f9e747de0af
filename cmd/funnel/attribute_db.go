package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/warehouse"
)

// attributeDBRun is attribute on a database: the journeys cut and grouped
// by path in SQL (warehouse.PathSQL), the models run on that path table.
// The journeys end at the touches' converted flag (an event log), at the
// opportunities (--db-table opportunities=..., with leads mapping
// contacts to accounts), or at the entries into lifecycle stages
// (--milestone mql,... with --db-table stages=...). time_decay's
// per-journey weights are computed in SQL beside the path table
// (warehouse.PathQuery.WithDecay), and on journeys ending at
// opportunities w_shaped's and full_path's (WithMarkers); every model
// gives what it gives on the files (w_shaped on an event log: the same
// error). A costs table is streamed and read as a file is (a small
// table); path tables are not read from a database.
func attributeDBRun(o *attributeOptions) (err error) {
	if len(o.ExtraTouches) > 0 {
		return usagef("--extra-touches reads files: with --db, name one touches table (a view that unions the sources, in the database)")
	}
	needs := []funnel.TableKind{funnel.Touches}
	if o.stages != nil {
		needs = append(needs, funnel.Stages)
	}
	r, err := o.db.open(o.g, o.inputs, "attribute", "reads touches, opportunities, leads, stages and costs from a database (a path table is read from a file: --paths)",
		[]funnel.TableKind{funnel.Touches, funnel.Opportunities, funnel.Leads, funnel.Stages, funnel.Costs}, needs)
	if err != nil {
		return err
	}
	defer r.close()
	if _, ok := r.src.Tables[funnel.Costs]; ok {
		if r.explain {
			defer func() {
				if err == nil {
					t, base, _, e := r.table(r.ctx, funnel.Costs, warehouse.RoleNames(funnel.Costs))
					if e == nil {
						_, e = fmt.Fprintf(o.g.io.Out, "\n-- the costs, streamed and read as a file is\n%s\n", warehouse.RecordsSQL(r.dialect, t, base, nil))
					}
					err = e
				}
			}()
		} else {
			t, warnings, err := r.readTable(funnel.Costs)
			if err != nil {
				return err
			}
			o.dbCosts, o.dbCostsWarnings = t, warnings
		}
	}
	if _, ok := r.src.Tables[funnel.Stages]; ok && o.stages == nil {
		return usagef("--db-table stages: read only with --milestone naming lifecycle stages (mql, sql, ...)")
	}
	ctx := r.ctx
	_, b2b := r.src.Tables[funnel.Opportunities]
	switch {
	case o.stages != nil:
		return o.stagesDB(ctx, r)
	case b2b:
		return o.opportunitiesDB(ctx, r)
	}
	return o.eventLogDB(ctx, r)
}

// runsDecay reports whether the run's models include time_decay:
// --models naming it, or the default models.
func (o *attributeOptions) runsDecay() bool {
	return o.cfg.Models == nil || slices.Contains(o.cfg.Models, attribution.TimeDecay)
}

// runsMarkers reports whether the run's models include w_shaped or
// full_path: --models naming one, or the default models.
func (o *attributeOptions) runsMarkers() bool {
	return o.cfg.Models == nil || slices.Contains(o.cfg.Models, attribution.WShaped) || slices.Contains(o.cfg.Models, attribution.FullPath)
}

// withDecay asks path query q for time_decay's credit (computed in SQL,
// at --half-life) when the run's models include it.
func (o *attributeOptions) withDecay(q *warehouse.PathQuery) {
	if o.runsDecay() {
		q.WithDecay(o.cfg.Heuristic.HalfLife)
	}
}

// explainDecay is what --explain adds for time_decay's query of q: a
// title and the SQL, "" when the run does not compute it.
func explainDecay(r *dbRun, q *warehouse.PathQuery) string {
	sql := q.DecaySQL(r.dialect)
	if sql == "" {
		return ""
	}
	return "\n-- time_decay: the credit per credited value, the per-journey weights 2^((t - latest touch)/half-life) normalised by window sums;\n" +
		"-- the same parameters\n" + sql
}

// explainMarkers is what --explain adds for the marker models' query of
// B2B path query q (WithMarkers set; "" without, or without a leads
// table holding created_at).
func explainMarkers(r *dbRun, q *warehouse.PathQuery, s warehouse.B2BTables, level attribution.Level) string {
	sql, err := warehouse.MarkerSQL(r.dialect, q, s, level)
	if !q.MarkerModels() || err != nil {
		return ""
	}
	return "\n-- w_shaped and full_path: the credit per credited value, each journey's lead-creation, opportunity-creation and won touches\n" +
		"-- by window functions; the same parameters and $8: the opportunities' created_at (seconds), in the order of $5\n" + sql
}

// byRole is the touches' role (or column) credited: --by, else channel.
func (o *attributeOptions) byRole() string {
	if o.By == "" {
		return funnel.RoleChannel
	}
	return o.By
}

// touchRoles are the touch roles a run binds (for --explain's catalog):
// roles, then the --by column.
func (o *attributeOptions) touchRoles(roles ...string) []string {
	if by := o.byRole(); !slices.Contains(roles, by) {
		roles = append(roles, by)
	}
	return roles
}

// eventLogDB is the journeys of an event log: each converting touch ends
// one.
func (o *attributeOptions) eventLogDB(ctx context.Context, r *dbRun) error {
	touches := r.src.Tables[funnel.Touches]
	t, base, bindWarnings, err := r.table(ctx, funnel.Touches, o.touchRoles(funnel.RoleLeadID, funnel.RoleOccurredAt, funnel.RoleConverted, funnel.RoleValue))
	if err != nil {
		return err
	}
	if err := r.refuseZoneless(t, t.Role(funnel.RoleOccurredAt)); err != nil {
		return err
	}
	q, err := warehouse.PathSQL(r.dialect, t, base, warehouse.PathOptions{By: o.By, Lookback: o.lookback})
	if err != nil {
		return err
	}
	o.withDecay(q)
	if r.explain {
		_, err = fmt.Fprintf(o.g.io.Out, "-- funnel attribute: the path table of %s in %s (%s)\n-- columns: %s\n%s%s",
			touches, r.src, r.dialect.Name(), t.Headers(), q.SQL, explainDecay(r, q))
		return err
	}
	j, err := r.db.Paths(ctx, q)
	if err != nil {
		return err
	}
	res, err := o.attributeDB(j)
	if err != nil {
		return fmt.Errorf("%s: %w", touches, err)
	}
	rep := res.Report()
	o.dbMeta(rep, r, touches.String()+" read in the database", prefixed(touches.String(), bindWarnings))
	return o.write(rep, res, nil)
}

// b2bTables binds the touches, the opportunities (unless stages) and the
// leads (when named) of a B2B run; warnings are the bindings'.
func (o *attributeOptions) b2bTables(ctx context.Context, r *dbRun, stages bool) (warehouse.B2BTables, []string, error) {
	var s warehouse.B2BTables
	var warnings []string
	bind := func(kind funnel.TableKind, roles []string, t **funnel.Table, base *bool) error {
		if _, ok := r.src.Tables[kind]; !ok {
			return nil
		}
		b, isBase, w, err := r.table(ctx, kind, roles)
		*t, *base = b, isBase
		warnings = append(warnings, prefixed(r.src.Tables[kind].String(), w)...)
		if err != nil {
			return err
		}
		return r.refuseZoneless(b, b.Role(funnel.RoleOccurredAt), b.Role(funnel.RoleCreatedAt), b.Role(funnel.RoleClosedAt))
	}
	if err := bind(funnel.Touches, o.touchRoles(funnel.RoleLeadID, funnel.RoleAccountID, funnel.RoleOccurredAt), &s.Touches, &s.TouchesBase); err != nil {
		return s, nil, err
	}
	if !stages {
		if err := bind(funnel.Opportunities, []string{funnel.RoleOpportunityID, funnel.RoleAccountID, funnel.RoleLeadID, funnel.RoleCreatedAt,
			funnel.RoleClosedAt, funnel.RoleAmount, funnel.RoleWon}, &s.Opportunities, &s.OpportunitiesBase); err != nil {
			return s, nil, err
		}
	}
	err := bind(funnel.Leads, []string{funnel.RoleLeadID, funnel.RoleAccountID, funnel.RoleCreatedAt}, &s.Leads, &s.LeadsBase)
	return s, warnings, err
}

// opportunitiesDB is the B2B journeys: each won or lost opportunity ends
// one (attribution.FromOpportunities' rules; the outcomes decided in Go
// on the opportunities' role columns, the touches cut in SQL).
func (o *attributeOptions) opportunitiesDB(ctx context.Context, r *dbRun) error {
	s, bindWarnings, err := o.b2bTables(ctx, r, false)
	if err != nil {
		return err
	}
	opts := attribution.OpportunityOptions{By: o.By, Level: o.level, Milestone: o.milestone, Lookback: o.lookback}
	q, level, err := warehouse.B2BPathSQL(r.dialect, s, opts)
	if err != nil {
		return err
	}
	o.withDecay(q)
	if o.runsMarkers() {
		q.WithMarkers()
	}
	touches, opps := r.src.Tables[funnel.Touches], r.src.Tables[funnel.Opportunities]
	if r.explain {
		return o.explainMilestones(r, s, q, fmt.Sprintf("the journeys of %s ending at %s's %s_at (%s level)", touches, opps, o.milestone, level),
			"-- $1-$5: per won or lost opportunity (row order), its entity, milestone second, won, amount and row;\n"+
				"-- $6: the entities with an opportunity; $7 the order of the other entities' null journeys\n", explainMarkers(r, q, s, level))
	}
	j, err := r.db.OpportunityJourneys(ctx, q, s, level, opts)
	if err != nil {
		return err
	}
	res, err := o.attributeDB(j)
	if err != nil {
		return fmt.Errorf("%s: %w", opps, err)
	}
	rep := res.Report()
	read := touches.String() + " read in the database"
	if q.MarkerModels() {
		read += " (w_shaped's and full_path's milestone touches and weights in SQL, where the leads and opportunities carry created_at)"
	}
	o.dbMeta(rep, r, read+"; the role columns of "+opps.String()+
		" read to decide the outcomes (the rules of the files)", bindWarnings)
	return o.write(rep, res, nil)
}

// stagesDB is the journeys into lifecycle stages: the stages table's
// role columns read, the entries decided in Go (velocity.Reached, as on
// files), the touches cut in SQL per stage.
func (o *attributeOptions) stagesDB(ctx context.Context, r *dbRun) error {
	s, bindWarnings, err := o.b2bTables(ctx, r, true)
	if err != nil {
		return err
	}
	st, stBase, w, err := r.table(ctx, funnel.Stages, []string{funnel.RoleEntityID, funnel.RoleStage, funnel.RoleEnteredAt})
	if err != nil {
		return err
	}
	if err := r.refuseZoneless(st, st.Role(funnel.RoleEnteredAt)); err != nil {
		return err
	}
	stages := r.src.Tables[funnel.Stages]
	bindWarnings = append(bindWarnings, prefixed(stages.String(), w)...)
	if r.explain {
		level := o.level
		if level == attribution.AutoLevel {
			level = attribution.LeadLevel
		}
		q, err := warehouse.StagePathSQL(r.dialect, s, o.By, o.lookback, level)
		if err != nil {
			return err
		}
		o.withDecay(q)
		return o.explainMilestones(r, s, q, fmt.Sprintf("the journeys of %s ending at the entries of %s into %s (%s level; without --level the one whose ids match more stage records)",
			r.src.Tables[funnel.Touches], stages, o.Milestone, level),
			"-- $1-$5: per entity that reached the stage, its id, first second at the stage or above, true, 0, 0;\n"+
				"-- $6: those entities; $7 0 (the journeys in the order of their entity's first touch). One run per stage.\n", "")
	}
	dict := funnel.NewDict()
	loaded, reading, err := r.db.Load(ctx, st, stBase, nil, dict)
	if err != nil {
		return err
	}
	bindWarnings = append(reading, bindWarnings...)
	names, reached, warnings, err := stageEntries(&funnel.Dataset{Dict: dict, Stages: loaded}, o.stages, o.ladder)
	if err != nil {
		return err
	}
	level, err := r.db.StageLevel(ctx, s, o.level, stageRecords(reached, dict))
	if err != nil {
		return err
	}
	q, err := warehouse.StagePathSQL(r.dialect, s, o.By, o.lookback, level)
	if err != nil {
		return err
	}
	o.withDecay(q)
	rep, err := stageReport(stages.String(), names, warnings, func(k int) (*attribution.Result, error) {
		j, err := r.db.StageJourneys(ctx, q, reached[k], dict)
		if err != nil {
			return nil, err
		}
		res, err := o.attributeDB(j)
		if err != nil {
			return nil, fmt.Errorf("stage %s: %w", names[k], err)
		}
		return res, nil
	})
	if err != nil {
		return err
	}
	o.dbMeta(rep, r, r.src.Tables[funnel.Touches].String()+" read in the database; the role columns of "+stages.String()+
		" read to find each record's entries (the rules of the files)", bindWarnings)
	return o.g.writeReportWithPlot(o.Plot, rep, nil)
}

// stageRecords are the entities of the stage records (the keys of
// reached's maps), as text.
func stageRecords(reached []map[int32]int64, dict *funnel.Dict) []string {
	var out []string
	for _, m := range reached {
		if m != nil {
			for e := range m {
				out = append(out, dict.String(e))
			}
			break
		}
	}
	slices.Sort(out)
	return out
}

// explainMilestones prints a milestone path query: a title, the tables'
// columns, what the parameters hold, and the SQL, then time_decay's and
// (more: explainMarkers) the marker models' queries.
func (o *attributeOptions) explainMilestones(r *dbRun, s warehouse.B2BTables, q *warehouse.PathQuery, title, params, more string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "-- funnel attribute: %s, in %s (%s)\n", title, r.src, r.dialect.Name())
	for _, t := range []*funnel.Table{s.Touches, s.Opportunities, s.Leads} {
		if t != nil {
			fmt.Fprintf(&b, "-- %s columns: %s\n", t.Source, t.Headers())
		}
	}
	b.WriteString(params)
	b.WriteString(q.SQL)
	b.WriteString(explainDecay(r, q))
	b.WriteString(more)
	_, err := fmt.Fprint(o.g.io.Out, b.String())
	return err
}

// dbMeta adds the meta of a run on a database: the source, what was
// pushed down (read: what the database read, besides the path table the
// SQL computed, and time_decay's per-journey weights when it ran), and
// the bindings' warnings.
func (o *attributeOptions) dbMeta(rep *funnel.Report, r *dbRun, read string, warnings []string) {
	rep.AddMeta("source", r.src.String())
	decay := ""
	if o.runsDecay() {
		decay = "; time_decay's per-journey weights in SQL (window sums per journey)"
	}
	if o.dbCosts != nil {
		read += "; " + o.dbCosts.Source + " streamed and read as a file is"
	}
	rep.AddMeta("pushed_down", "journeys cut and grouped by path in SQL ("+r.dialect.Name()+")"+decay+"; "+read)
	for _, w := range append(o.dbCostsWarnings, warnings...) {
		rep.Warnf("%s", w)
	}
}

// attributeDB runs the models on journeys j read from a database, with
// the costs table read from it (joined by what the journeys credit, as
// from files) unless the config has costs.
func (o *attributeOptions) attributeDB(j *attribution.Journeys) (*attribution.Result, error) {
	cfg := o.cfg
	if cfg.Costs == nil && o.dbCosts != nil {
		var err error
		if cfg.Costs, err = j.CostsFrom(o.dbCosts); err != nil {
			return nil, err
		}
	}
	return attribution.Attribute(j, cfg)
}

// prefixed returns each warning with "source: " before it.
func prefixed(source string, warnings []string) []string {
	out := make([]string, len(warnings))
	for i, w := range warnings {
		out[i] = source + ": " + w
	}
	return out
}
