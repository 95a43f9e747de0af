package main

import (
	"fmt"
	"slices"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/warehouse"
)

// attributeDBRun is attribute on a database: the touches table's journeys
// cut and grouped by path in SQL (warehouse.PathSQL), the models run on
// that path table. Journeys ending at opportunities or stage entries, and
// costs, are not pushed down yet: naming their tables is an error.
func attributeDBRun(o *attributeOptions) error {
	r, err := o.db.open(o.g, o.inputs, "attribute", "reads only the touches (an event log with a converted flag) from a database so far",
		[]funnel.TableKind{funnel.Touches}, []funnel.TableKind{funnel.Touches})
	if err != nil {
		return err
	}
	defer r.close()
	touches := r.src.Tables[funnel.Touches]
	opts := warehouse.PathOptions{By: o.By, Lookback: o.lookback}
	ctx := r.ctx
	roles := []string{funnel.RoleLeadID, funnel.RoleOccurredAt, funnel.RoleConverted, funnel.RoleValue}
	by := o.By
	if by == "" {
		by = funnel.RoleChannel
	}
	if !slices.Contains(roles, by) {
		roles = append(roles, by)
	}
	t, base, bindWarnings, err := r.table(ctx, funnel.Touches, roles)
	if err != nil {
		return err
	}
	q, err := warehouse.PathSQL(r.dialect, t, base, opts)
	if err != nil {
		return err
	}
	if r.explain {
		_, err = fmt.Fprintf(o.g.io.Out, "-- funnel attribute: the path table of %s in %s (%s)\n-- columns: %s\n%s",
			touches, r.src, r.dialect.Name(), t.Headers(), q.SQL)
		return err
	}
	j, err := r.db.Paths(ctx, q)
	if err != nil {
		return err
	}
	res, err := attribution.Attribute(j, o.cfg)
	if err != nil {
		return fmt.Errorf("%s: %w", touches, err)
	}
	rep := res.Report()
	rep.AddMeta("source", r.src.String())
	rep.AddMeta("pushed_down", "journeys cut and grouped by path in SQL ("+r.dialect.Name()+"); "+touches.String()+" read in the database")
	for _, w := range bindWarnings {
		rep.Warnf("%s: %s", touches, w)
	}
	return o.write(rep, res, nil)
}
