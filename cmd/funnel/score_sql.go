package main

import (
	"fmt"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/warehouse"
)

// scoreSQLRun prints the model as a view (warehouse.ScoreSQL) over the
// leads and touches tables named with --db-table (placeholders leads and
// touches when none is named), as of --as-of (else the time the view is
// read), without connecting: the nightly scoring runs in the warehouse.
func scoreSQLRun(o *scoreOptions) error {
	if o.db.URL != "" || o.db.Explain {
		return usagef("--sql prints the view without connecting: leave out --db and --explain")
	}
	g := o.g
	for _, k := range o.inputs.kinds {
		if *o.inputs.paths[k] != "" {
			return usagef("--sql prints a view over database tables: leave out --%s (name the tables with --db-table)", k)
		}
	}
	switch {
	case o.WinModel != "":
		return usagef("--sql prints the view of one win model: leave out --win-model")
	case o.Decay != "" || o.RecyclePenalty != 0:
		return usagef("--sql prints the model's score without --decay or --recycle-penalty (not in the view yet): leave them out")
	}
	mf, err := readModel("--model", o.Model)
	if err != nil {
		return err
	}
	if mf.IsAmount() {
		return fmt.Errorf("--model %s: --sql prints a win model's score; a %s deal-size model has no view yet", o.Model, mf.Family)
	}
	cfg, err := g.config()
	if err != nil {
		return err
	}
	w := o.db
	w.sqlOnly = true // no URL: the view is printed, not run
	src, err := w.source(cfg)
	if err != nil {
		return err
	}
	for k := range src.Tables {
		if k != funnel.Leads && k != funnel.Touches {
			return usagef("--db-table %s: the score view reads the leads and the touches", k)
		}
	}
	d, err := w.dialect()
	if err != nil {
		return err
	}
	ing, err := g.ingestOptions(cfg)
	if err != nil {
		return err
	}
	asOf, err := g.asOf(ing)
	if err != nil {
		return err
	}
	view, err := warehouse.ParseTableName(o.View)
	if err != nil {
		return usagef("--view %s: %v", o.View, err)
	}
	sql, err := warehouse.ScoreSQL(d, mf, warehouse.ScoreOptions{View: view, Leads: src.Tables[funnel.Leads], Touches: src.Tables[funnel.Touches],
		Columns: ing.Columns, AsOf: asOf, Grades: o.grades})
	if err != nil {
		return fmt.Errorf("--sql: %s: %w", o.Model, err)
	}
	_, err = fmt.Fprint(g.io.Out, sql)
	return err
}
