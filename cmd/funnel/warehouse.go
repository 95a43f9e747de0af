package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/config"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/warehouse"
)

// warehouseFlags are the flags of reading the inputs from a database
// (issue 15), one set for every command that does: --db URL, --db-table
// input=schema.table (repeatable), --explain and --dialect; the config
// file's warehouse section gives what the flags leave out. A command
// registers them with addWarehouseFlags and runs on the database through
// open.
type warehouseFlags struct {
	URL     string
	Tables  []string
	Explain bool
	Dialect string
	// Timeout is --db-timeout: each statement's timeout and the run's
	// deadline on the database (0: none).
	Timeout time.Duration

	sqlOnly bool // the command writes SQL and never connects (score --sql): no --db, no --explain
}

// addWarehouseFlags registers the flags on cmd; does says what the
// command computes in the database, for --db's help ("the journeys are
// cut in SQL"). With sqlOnly (score --sql) only --db-table and --dialect
// are registered: the command prints SQL and never connects.
func addWarehouseFlags(cmd *cobra.Command, w *warehouseFlags, does string, sqlOnly bool) {
	f := cmd.Flags()
	w.sqlOnly = sqlOnly
	if !sqlOnly {
		f.StringVar(&w.URL, "db", "", "read the inputs from this PostgreSQL database `URL` (postgres://user@host/db; the password from PGPASSWORD or ~/.pgpass) instead of files; "+does)
		f.DurationVar(&w.Timeout, "db-timeout", warehouse.DefaultTimeout, "with --db: the longest a statement, and the whole run, may take on the database (e.g. 30s, 2h; 0: none); past it the query is cancelled on the server")
		f.BoolVar(&w.Explain, "explain", false, "with --db: print the SQL that would run, without connecting (columns named as their roles, or as --col names them)")
	}
	f.StringArrayVar(&w.Tables, "db-table", nil, "the table of an input in the database, `input=schema.table` (repeatable; default: the config's warehouse tables)")
	f.StringVar(&w.Dialect, "dialect", "postgres", "the SQL dialect written (postgres)")
}

// given reports whether the run reads a database: --db or --explain, or
// the config file's warehouse url when no input file or folder is given
// (by flag or config).
func (w *warehouseFlags) given(g *globalOptions, in *inputFlags) bool {
	if w.sqlOnly {
		return false
	}
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

// dialect returns the --dialect's Dialect.
func (w *warehouseFlags) dialect() (warehouse.Dialect, error) {
	switch strings.ToLower(strings.TrimSpace(w.Dialect)) {
	case "", "postgres", "postgresql":
		return warehouse.Postgres{}, nil
	}
	return nil, usagef("--dialect %q: the dialect written is postgres (docs/warehouse.md says how BigQuery, Snowflake and Trino plug in)", w.Dialect)
}

// source returns the database and its tables: the flags, else the config
// file's warehouse section. The URL is required unless sqlOnly.
func (w *warehouseFlags) source(cfg *config.Config) (warehouse.Source, error) {
	src := warehouse.Source{URL: w.URL, Tables: map[funnel.TableKind]warehouse.TableName{}}
	tables := map[string]string{}
	if cfg != nil {
		if src.URL == "" && !w.sqlOnly {
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
	if src.URL == "" && !w.sqlOnly {
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

// dbRun is a command's run on a database: the source, the --col
// overrides, the dialect, and (once connect is called) the connection.
type dbRun struct {
	src     warehouse.Source
	columns map[string]string // ingest's --col overrides
	ing     ingest.Options    // the reading options (--col, --tz, ...)
	dialect warehouse.Dialect
	explain bool
	rc      warehouse.RunControl
	// ctx is the run's context: the command's (a signal cancels it)
	// bounded by --db-timeout; close cancels it.
	ctx    context.Context
	cancel context.CancelFunc
	db     *warehouse.DB
	cats   map[funnel.TableKind]warehouse.Catalog // the catalogs table read
	// extra are columns --explain assumes besides the roles (a
	// command's --by columns, with their types), per input.
	extra map[funnel.TableKind][]warehouse.Column
	// streamed: the tables are read through the file reader
	// (streamInputs), which takes any declared type for a role.
	streamed bool
}

// explainColumns adds columns that --explain assumes the input kind's
// table has besides the roles (a command's --by or units columns).
func (r *dbRun) explainColumns(kind funnel.TableKind, cols []warehouse.Column) {
	if r.extra == nil {
		r.extra = map[funnel.TableKind][]warehouse.Column{}
	}
	r.extra[kind] = append(r.extra[kind], cols...)
}

// open checks a database run of the command called name: no input file or
// folder is given, the tables named are among reads (the inputs the
// command takes from a database so far), and those in needs are named.
// why words what the command does not read from a database yet, for the
// error on another table.
func (w *warehouseFlags) open(g *globalOptions, in *inputFlags, name, why string, reads, needs []funnel.TableKind) (*dbRun, error) {
	if in != nil {
		for _, k := range in.kinds {
			if *in.paths[k] != "" {
				return nil, usagef("--db reads the inputs from the database: leave out --%s", k)
			}
		}
	}
	if g.DataDir != "" {
		return nil, usagef("--db reads the inputs from the database: leave out --data")
	}
	cfg, err := g.config()
	if err != nil {
		return nil, err
	}
	src, err := w.source(cfg)
	if err != nil {
		return nil, err
	}
	for k := range src.Tables {
		if !containsKind(reads, k) {
			return nil, usagef("--db-table %s: %s %s", k, name, why)
		}
	}
	for _, k := range needs {
		if _, ok := src.Tables[k]; !ok {
			return nil, usagef("--db %s: name the %s table with --db-table %s=schema.table", src, k, k)
		}
	}
	ing, err := g.ingestOptions(cfg)
	if err != nil {
		return nil, err
	}
	d, err := w.dialect()
	if err != nil {
		return nil, err
	}
	if w.Timeout < 0 {
		return nil, usagef("--db-timeout %s: want a duration of 0 (none) or more", w.Timeout)
	}
	r := &dbRun{src: src, columns: ing.Columns, ing: ing, dialect: d, explain: w.Explain, rc: warehouse.RunControl{Timeout: w.Timeout}}
	r.ctx, r.cancel = r.rc.Context(g.context())
	databaseRuns.Add(1)
	return r, nil
}

// context is the run's context: MainContext's, else the background.
func (g *globalOptions) context() context.Context {
	if g.ctx == nil {
		return context.Background()
	}
	return g.ctx
}

func containsKind(kinds []funnel.TableKind, k funnel.TableKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// table returns the input kind's table bound by its catalog: on the
// server (connecting on the first call), or with --explain a catalog whose
// columns are named as roles (or as --col names them), and whether it is
// a base table; warnings are the binding's.
func (r *dbRun) table(ctx context.Context, kind funnel.TableKind, roles []string) (*funnel.Table, bool, []string, error) {
	name := r.src.Tables[kind]
	var cat warehouse.Catalog
	if r.explain {
		cat = warehouse.RoleCatalog(name, kind, roles, r.columns)
		for _, c := range r.extra[kind] {
			if !slices.ContainsFunc(cat.Columns, func(have warehouse.Column) bool { return have.Name == c.Name }) {
				cat.Columns = append(cat.Columns, c)
			}
		}
	} else {
		if r.db == nil {
			db, err := warehouse.Open(ctx, r.src.URL, r.rc)
			if err != nil {
				return nil, false, nil, err
			}
			db.Reading = r.ing
			r.db = db
		}
		var err error
		if cat, err = r.db.Catalog(ctx, name); err != nil {
			return nil, false, nil, err
		}
		if cat.Base { // a view's first row may cost its whole query: its runs say so themselves
			if err := r.db.HasRows(ctx, name); err != nil {
				return nil, false, nil, err
			}
		}
	}
	if r.cats == nil {
		r.cats = map[funnel.TableKind]warehouse.Catalog{}
	}
	r.cats[kind] = cat
	bind := warehouse.Bind
	if r.streamed {
		bind = warehouse.BindStreamed // the file reader reads the values
	}
	t, warnings, err := bind(cat, kind, r.columns)
	return t, cat.Base, warnings, err
}

// timeWithoutZone reports whether the column of the input kind's table
// is a timestamp without time zone, whose epoch the database reads as
// UTC wall time.
func (r *dbRun) timeWithoutZone(kind funnel.TableKind, column string) bool {
	for _, c := range r.cats[kind].Columns {
		if c.Name == column {
			return strings.EqualFold(c.Type, "timestamp without time zone") || strings.EqualFold(c.Type, "timestamp")
		}
	}
	return false
}

// refuseZoneless refuses --tz (a zone other than UTC) when a column of
// cols (of t, the input kind's table; every time column of t when cols
// is empty) is a timestamp the database stores without a zone: the SQL
// reads it as UTC wall time, where a file's would be read in --tz. Nil
// columns are skipped; --explain checks nothing (no catalog).
func (r *dbRun) refuseZoneless(t *funnel.Table, cols ...*funnel.Column) error {
	loc := r.ing.Location
	if t == nil || loc == nil || loc == time.UTC || r.explain {
		return nil
	}
	if len(cols) == 0 {
		cols = t.Columns
	}
	for _, c := range cols {
		if c != nil && c.Kind == funnel.KindTime && r.timeWithoutZone(t.Kind, c.Name) {
			return usagef("--tz %s: %s column %q is a timestamp without time zone, which the database reads as UTC: store it with its zone (timestamptz), or leave out --tz", loc, t.Source, c.Name)
		}
	}
	return nil
}

// close closes the connection, if any, and ends the run's context.
func (r *dbRun) close() {
	if r.db != nil {
		r.db.Close()
	}
	r.cancel()
	databaseRuns.Add(-1)
}

// readInputs reads the tables of the run (those the source names) as
// readInputs reads files: each table's rows streamed through the file
// reader (warehouse.Records: its types, checks, warnings and errors, so
// the analysis gets the values a file of the same rows gives), every
// column of a table or, with in.keep, those the command uses. For the
// commands not pushed down yet and the options a push-down cannot serve
// (streamInputs): the analysis runs in Go on the rows; the inputSet's
// source and why say so in the meta. required are the inputs the command
// cannot run without.
func (r *dbRun) readInputs(g *globalOptions, in *inputFlags, required ...funnel.TableKind) (*inputSet, error) {
	for _, k := range required {
		if _, ok := r.src.Tables[k]; !ok {
			return nil, usagef("--db %s: name the %s table with --db-table %s=schema.table", r.src, k, k)
		}
	}
	opts := r.ing
	if in != nil {
		opts.Keep, opts.Sink, opts.WideHeaders = in.keep, in.sink, in.wide
	}
	files := map[funnel.TableKind]string{}
	ds, err := ingest.LoadDatasetFrom(func(k funnel.TableKind) (ingest.RecordReader, error) {
		if _, ok := r.src.Tables[k]; !ok {
			return nil, nil
		}
		// The binding's warnings are the file reader's too: it binds the
		// same header again and says them.
		t, base, _, err := r.table(r.ctx, k, nil)
		if err != nil {
			return nil, err
		}
		files[k] = t.Source
		return r.db.Records(r.ctx, warehouse.RecordsSQL(r.dialect, t, base, keptColumns(t, opts.Keep)), t)
	}, opts)
	g.read = &inputSet{ds: ds, files: files, opts: r.ing, source: r.src.String()}
	if in != nil {
		g.read.why = in.dbWhy
	}
	if err != nil {
		return nil, err
	}
	return g.read, nil
}

// keptColumns are the columns of t (bound by Bind) keep takes, nil
// (every column) without keep.
func keptColumns(t *funnel.Table, keep func(kind funnel.TableKind, role, header string, roles []string) bool) []string {
	if keep == nil {
		return nil
	}
	roles := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		roles[i] = c.Role
	}
	var names []string
	for _, c := range t.Columns {
		if keep(t.Kind, c.Role, c.Name, roles) {
			names = append(names, c.Name)
		}
	}
	return names
}

// explainStreamed prints the queries that stream the tables of a command
// whose analysis runs in Go on the rows, without connecting: what names
// the command ("funnel accounts").
func (r *dbRun) explainStreamed(g *globalOptions, what, why string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "-- %s: %s; each table's rows are streamed and read as a file of them is (%s, %s)\n", what, notPushedDown(why), r.src, r.dialect.Name())
	b.WriteString("-- every column of a table is read, as the catalog lists them (shown here: the columns named as the roles)\n")
	for _, k := range funnel.TableKinds {
		if _, ok := r.src.Tables[k]; !ok {
			continue
		}
		t, base, _, err := r.table(r.ctx, k, warehouse.RoleNames(k))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "\n-- the %s\n%s\n", k, warehouse.RecordsSQL(r.dialect, t, base, nil))
	}
	_, err := fmt.Fprint(g.io.Out, b.String())
	return err
}

// streamedMeta words the meta pushed_down of a run on streamed tables.
func streamedMeta(in *inputSet) string {
	var names []string
	for _, k := range funnel.TableKinds {
		if s, ok := in.files[k]; ok && !slices.Contains(names, s) { // one table may serve two inputs
			names = append(names, s)
		}
	}
	return "nothing (" + notPushedDown(in.why) + "): the rows of " + strings.Join(names, ", ") + " were streamed and the analysis ran on them as on files"
}

// notPushedDown says why a run streams its tables: why (the flag that
// needs the rows), else that the command is not pushed down yet.
func notPushedDown(why string) string {
	if why != "" {
		return why
	}
	return "not pushed down yet"
}

// streamInputs reads a command's inputs from its tables on a database
// run, streamed (dbRun.readInputs): name is the command ("accounts"), the
// inputs it takes from a database those of in, required those it cannot
// run without. With --explain it prints the queries and returns
// errExplained: the command is done.
func (w *warehouseFlags) streamInputs(g *globalOptions, in *inputFlags, name string, required ...funnel.TableKind) (*inputSet, error) {
	var reads []funnel.TableKind
	var words []string
	for _, k := range in.kinds {
		if k != funnel.Paths {
			reads = append(reads, k)
			words = append(words, k.String())
		}
	}
	r, err := w.open(g, in, name, "reads the "+strings.Join(words, ", ")+" tables", reads, nil)
	if err != nil {
		return nil, err
	}
	defer r.close()
	r.streamed = true
	if r.explain {
		if err := r.explainStreamed(g, "funnel "+name, in.dbWhy); err != nil {
			return nil, err
		}
		return nil, errExplained
	}
	return r.readInputs(g, in, required...)
}

// fromDatabase makes the inputs of command name readable from a database
// through the warehouse flags w: globalOptions.readInputs streams them
// from their tables when w is given (--db, or the config's warehouse).
func (in *inputFlags) fromDatabase(w *warehouseFlags, name string) {
	in.db, in.dbName = w, name
}

// readTable reads the input kind's table as readInputs reads one (its
// rows streamed through the file reader), into a Dict of its own: for a
// small table an analysis pushed down takes whole (attribute's costs).
func (r *dbRun) readTable(kind funnel.TableKind) (*funnel.Table, []string, error) {
	t, base, _, err := r.table(r.ctx, kind, nil) // its warnings are the reader's too
	if err != nil {
		return nil, nil, err
	}
	return r.db.ReadTable(r.ctx, warehouse.RecordsSQL(r.dialect, t, base, nil), t, funnel.NewDict(), r.ing)
}
