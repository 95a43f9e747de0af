package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/attribution"
	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/config"
	"github.com/funnel-analytics/funnel/warehouse"
)

// warehouseFlags read the inputs from a database (issue 15): --db URL,
// --db-table input=schema.table (repeatable) and --explain; the config
// file's warehouse section gives what the flags leave out.
type warehouseFlags struct {
	URL     string
	Tables  []string
	Explain bool
}

func addWarehouseFlags(cmd *cobra.Command, w *warehouseFlags) {
	f := cmd.Flags()
	f.StringVar(&w.URL, "db", "", "read the inputs from this PostgreSQL database `URL` (postgres://user@host/db; the password from PGPASSWORD or ~/.pgpass) instead of files; the journeys are cut in SQL")
	f.StringArrayVar(&w.Tables, "db-table", nil, "the table of an input in --db, `input=schema.table` (repeatable; default: the config's warehouse tables)")
	f.BoolVar(&w.Explain, "explain", false, "with --db: print the SQL that would run, without connecting (columns named as their roles, or as --col names them)")
}

// given reports whether the run reads a database: --db or --explain, or
// the config file's warehouse url when no input file or folder is given
// (by flag or config).
func (w *warehouseFlags) given(g *globalOptions, in *inputFlags) bool {
	if w.URL != "" || w.Explain {
		return true
	}
	for _, k := range in.kinds {
		if *in.paths[k] != "" {
			return false
		}
	}
	cfg, err := g.config()
	return err == nil && cfg != nil && cfg.Warehouse.URL != "" && g.DataDir == "" && cfg.Data == "" && len(cfg.Inputs) == 0
}

// source returns the database and its tables: the flags, else the config
// file's warehouse section.
func (w *warehouseFlags) source(cfg *config.Config) (warehouse.Source, error) {
	src := warehouse.Source{URL: w.URL, Tables: map[funnel.TableKind]warehouse.TableName{}}
	tables := map[string]string{}
	if cfg != nil {
		if src.URL == "" {
			src.URL = cfg.Warehouse.URL
		}
		for k, v := range cfg.Warehouse.Tables {
			tables[k] = v
		}
	}
	for _, t := range w.Tables {
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			return src, usagef("--db-table %q: want input=schema.table, e.g. touches=marketing.activities", t)
		}
		tables[strings.TrimSpace(k)] = v
	}
	if src.URL == "" {
		return src, usagef("--explain needs --db URL (or the config's warehouse url)")
	}
	for k, v := range tables {
		kind, ok := funnel.ParseTableKind(k)
		if !ok {
			return src, usagef("--db-table %s=%s: no input %q (inputs: touches, leads, stages, opportunities, accounts, costs)", k, v, k)
		}
		name, err := warehouse.ParseTableName(v)
		if err != nil {
			return src, usagef("--db-table %s=%s: %v", k, v, err)
		}
		src.Tables[kind] = name
	}
	return src, nil
}

// attributeDBRun is attribute on a database: the touches table's journeys
// cut and grouped by path in SQL (warehouse.PathSQL), the models run on
// that path table. Journeys ending at opportunities or stage entries, and
// costs, are not pushed down yet: naming their tables is an error.
func attributeDBRun(o *attributeOptions) error {
	g := o.g
	for _, k := range o.inputs.kinds {
		if *o.inputs.paths[k] != "" {
			return usagef("--db reads the inputs from the database: leave out --%s", k)
		}
	}
	if g.DataDir != "" {
		return usagef("--db reads the inputs from the database: leave out --data")
	}
	cfg, err := g.config()
	if err != nil {
		return err
	}
	src, err := o.db.source(cfg)
	if err != nil {
		return err
	}
	touches, ok := src.Tables[funnel.Touches]
	if !ok {
		return usagef("--db %s: name the touches table with --db-table touches=schema.table", src)
	}
	for k := range src.Tables {
		if k != funnel.Touches {
			return usagef("--db-table %s: attribute reads only the touches (an event log with a converted flag) from a database so far", k)
		}
	}
	ing, err := g.ingestOptions(cfg)
	if err != nil {
		return err
	}
	opts := warehouse.PathOptions{By: o.By, Lookback: o.lookback}
	if o.db.Explain {
		return o.explain(src, touches, ing.Columns, opts)
	}
	ctx := context.Background()
	db, err := warehouse.Connect(ctx, src.URL)
	if err != nil {
		return err
	}
	defer db.Close()
	cat, err := db.Catalog(ctx, touches)
	if err != nil {
		return err
	}
	t, bindWarnings, err := warehouse.Bind(cat, funnel.Touches, ing.Columns)
	if err != nil {
		return err
	}
	q, err := warehouse.PathSQL(db.Dialect, t, cat.Base, opts)
	if err != nil {
		return err
	}
	j, err := db.Paths(ctx, q)
	if err != nil {
		return err
	}
	res, err := attribution.Attribute(j, o.cfg)
	if err != nil {
		return fmt.Errorf("%s: %w", touches, err)
	}
	rep := res.Report()
	rep.AddMeta("source", src.String())
	rep.AddMeta("pushed_down", "journeys cut and grouped by path in SQL ("+db.Dialect.Name()+"); "+touches.String()+" read in the database")
	for _, w := range bindWarnings {
		rep.Warnf("%s: %s", touches, w)
	}
	return o.write(rep, res, nil)
}

// explain prints the path query for a touches table whose columns are
// named as the roles it reads, or as --col names them, without
// connecting.
func (o *attributeOptions) explain(src warehouse.Source, touches warehouse.TableName, cols map[string]string, opts warehouse.PathOptions) error {
	roles := []string{funnel.RoleLeadID, funnel.RoleOccurredAt, funnel.RoleConverted, funnel.RoleValue}
	by := o.By
	if by == "" {
		by = funnel.RoleChannel
	}
	if !slices.Contains(roles, by) {
		roles = append(roles, by)
	}
	cat := warehouse.RoleCatalog(touches, funnel.Touches, roles, cols)
	t, _, err := warehouse.Bind(cat, funnel.Touches, cols)
	if err != nil {
		return err
	}
	q, err := warehouse.PathSQL(warehouse.Postgres{}, t, cat.Base, opts)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(o.g.io.Out, "-- funnel attribute: the path table of %s in %s (postgres)\n-- columns: %s\n%s",
		touches, src, t.Headers(), q.SQL)
	return err
}
