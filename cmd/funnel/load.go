package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/warehouse"
)

// loadKinds are the inputs funnel load writes into a database: those the
// commands read from one.
var loadKinds = []funnel.TableKind{funnel.Leads, funnel.Touches, funnel.Stages, funnel.Opportunities, funnel.Accounts, funnel.Costs, funnel.Attendees, funnel.Content}

type loadOptions struct {
	g       *globalOptions
	inputs  *inputFlags
	URL     string
	Schema  string
	Replace bool
}

func newLoadCmd(g *globalOptions, runF func(*loadOptions) error) *cobra.Command {
	o := &loadOptions{g: g}
	cmd := &cobra.Command{
		Use:   "load --db URL --data DIR [--db-schema funnel] [--replace]",
		Short: "Load an export set into PostgreSQL tables, to try the --db commands",
		Long: `load reads an export set as every command reads it (the same layouts, types,
checks and warnings) and writes each input into a table of a PostgreSQL
database: leads, touches, stages, opportunities, accounts, costs, attendees and
content, in the schema --db-schema (default: the connection's current one). The
columns are the files' headers, typed by what the reader made of them (text,
double precision, boolean, date, timestamp with time zone). Everything is
written in one transaction: a failure or Ctrl-C leaves the database as it was.
A table that exists is an error unless --replace. The commands that take --db
then read the tables: --db-table touches=touches (or SCHEMA.touches).`,
		Example: `  funnel load --db postgres://analyst@localhost/crm --data exports --db-schema crm
  funnel attribute --db postgres://analyst@localhost/crm --db-table touches=crm.touches`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(o, runF, loadRun, o.parse)
		},
	}
	o.inputs = addInputFlags(cmd, loadKinds...)
	f := cmd.Flags()
	f.StringVar(&o.URL, "db", "", "the PostgreSQL database `URL` to write into (postgres://user@host/db; the password from PGPASSWORD or ~/.pgpass)")
	f.StringVar(&o.Schema, "db-schema", "", "the schema of the tables, created when missing (default: the connection's current schema)")
	f.BoolVar(&o.Replace, "replace", false, "replace tables that exist (default: an error, nothing loaded)")
	return cmd
}

func (o *loadOptions) parse() error {
	if strings.TrimSpace(o.URL) == "" {
		return usagef("give the database to load into: --db postgres://user@host/db")
	}
	return nil
}

// loadRow is a row of load's table loaded.
type loadRow struct {
	Input   string `table:"input"`
	File    string `table:"file"`
	Table   string `table:"table"`
	Rows    int    `table:"rows"`
	Columns int    `table:"columns"`
}

func loadRun(o *loadOptions) error {
	g := o.g
	in, err := g.readInputs(o.inputs)
	if err != nil {
		return err
	}
	var tables []*funnel.Table
	var names []warehouse.TableName
	for _, k := range loadKinds {
		if t := in.ds.Table(k); t != nil {
			tables = append(tables, t)
			names = append(names, warehouse.TableName{Schema: strings.TrimSpace(o.Schema), Name: k.String()})
		}
	}
	if len(tables) == 0 {
		return usagef("no input to load: give --data DIR or an input file (--touches, --leads, ...)")
	}
	rc := warehouse.RunControl{}
	ctx, cancel := rc.Context(g.context())
	defer cancel()
	databaseRuns.Add(1) // a signal cancels the load (rolled back), see handleSignals
	defer databaseRuns.Add(-1)
	db, err := warehouse.Open(ctx, o.URL, rc)
	if err != nil {
		return err
	}
	defer db.Close()
	stored, err := db.Store(ctx, tables, names, o.Replace, in.opts.Location)
	if err != nil {
		return err
	}
	rows := make([]loadRow, len(stored))
	var flags []string
	for i, s := range stored {
		rows[i] = loadRow{Input: tables[i].Kind.String(), File: s.Source, Table: s.Table.String(), Rows: s.Rows, Columns: len(s.Columns)}
		flags = append(flags, "--db-table "+tables[i].Kind.String()+"="+s.Table.String())
	}
	rep := funnel.NewReport("load", "loaded into "+warehouse.Redact(o.URL))
	rep.AddMeta("database", warehouse.Redact(o.URL))
	rep.AddMeta("tables", len(stored))
	rep.AddMeta("read_with", strings.Join(flags, " "))
	rep.AddTable("loaded", funnel.FrameOf(rows))
	return g.writeReport(in.withWarnings(rep), in.paths())
}
