package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/speed"
	"github.com/funnel-analytics/funnel/velocity"
)

// defaultSalesTouch are the activity types or channels of a sales touch
// when --sales-touch is not given.
var defaultSalesTouch = []string{"sales_outreach", "call", "meeting"}

// salesFileNames are the names --data looks for when --sales is not given.
var salesFileNames = []string{"sales_activities.csv", "sales_activities.csv.gz", "sales_activities.tsv", "sales_activities.xlsx"}

type speedOptions struct {
	g      *globalOptions
	inputs *inputFlags
	db     warehouseFlags // --db: the inputs streamed from a database's tables

	Start       string
	StartTouch  []string
	SalesTouch  []string
	Sales       string
	Ladder      string
	SQL         string
	Opportunity string
	Owner       string
	Source      string
	AlertMedian string

	salesTouchGiven bool // --sales-touch was given: not read with a sales activities file
	opts            speed.Options
}

func newSpeedCmd(g *globalOptions, runF func(*speedOptions) error) *cobra.Command {
	o := &speedOptions{g: g}
	cmd := &cobra.Command{
		Use:   "speed --touches FILE --stages FILE [--leads FILE]",
		Short: "Speed to lead: time from MQL (or a form fill) to the first sales touch, and conversion by delay",
		Long: `How fast does sales follow up a lead, and does speed pay? For each lead,
the time from its MQL (or a form fill) to its first sales touch, by month,
owner and source, and the conversion to SQL and opportunity by delay bin.
More: 'funnel help speed-to-lead'.`,
		Example: `  funnel speed --data exports
  funnel speed --data exports --alert-median 1h -q || notify-sales-ops`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.salesTouchGiven = cmd.Flags().Changed("sales-touch")
			return dispatch(o, runF, speedRun, o.parse, g.checkOutput)
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Touches, funnel.Stages, funnel.Leads)
	addWarehouseFlags(cmd, &o.db, "speed is not pushed down yet: the tables' rows are streamed and analyzed as files are", false)
	o.inputs.fromDatabase(&o.db, "speed")
	f := cmd.Flags()
	f.StringVar(&o.Start, "start", "mql", "the stage whose entry starts the clock")
	f.StringSliceVar(&o.StartTouch, "start-touch", nil, "start the clock at the lead's first touch of these activity types or channels instead, e.g. form_fill,demo_request")
	f.StringSliceVar(&o.SalesTouch, "sales-touch", defaultSalesTouch, "activity types or channels of a sales touch in the touches (not read with a sales activities file)")
	f.StringVar(&o.Sales, "sales", "", "sales activities `FILE` (a CRM Tasks export: lead id, date), every row a sales touch, the touches then not searched for sales touches (default: sales_activities.csv in --data, when there)")
	f.StringVar(&o.Ladder, "ladder", "", "the stage ladder, comma-separated, e.g. mql,sql,opportunity,customer (default: inferred as velocity does)")
	f.StringVar(&o.SQL, "sql", "sql", "the stage of the first conversion")
	f.StringVar(&o.Opportunity, "opportunity", "opportunity", "the stage of the second conversion")
	f.StringVar(&o.Owner, "owner", "", "leads column of the lead's owner (default: owner or lead_owner when there)")
	f.StringVar(&o.Source, "source", "", "leads column of the lead's source (default: lead_source or source when there)")
	f.StringVar(&o.AlertMedian, "alert-median", "", "exit 3 when the latest complete month's median delay is over this `DURATION`, e.g. 1h")
	return cmd
}

// parse validates the flags into a speed.Options.
func (o *speedOptions) parse() error {
	c := &o.opts
	c.Start, c.SQL, c.Opportunity = strings.TrimSpace(o.Start), strings.TrimSpace(o.SQL), strings.TrimSpace(o.Opportunity)
	if c.Start == "" || c.SQL == "" || c.Opportunity == "" {
		return usagef("--start, --sql and --opportunity: want stage names")
	}
	if c.SalesTouch = trimAll(o.SalesTouch); len(c.SalesTouch) == 0 {
		return usagef("--sales-touch: want at least one activity type or channel")
	}
	c.StartTouch = trimAll(o.StartTouch)
	if o.Ladder != "" {
		l, err := velocity.ParseOrder(o.Ladder)
		if err != nil {
			return usagef("--ladder: %v", err)
		}
		c.Ladder = l
	}
	c.Owner, c.Source = strings.TrimSpace(o.Owner), strings.TrimSpace(o.Source)
	if o.AlertMedian != "" {
		d, err := funnel.ParseDuration(o.AlertMedian)
		if err != nil || d <= 0 {
			return usagef("--alert-median %q: want a positive duration such as 1h or 30m", o.AlertMedian)
		}
		c.AlertMedian = d
	}
	return nil
}

func speedRun(o *speedOptions) error {
	g := o.g
	in, err := g.readInputs(o.inputs, funnel.Touches, funnel.Stages)
	if err != nil {
		return err
	}
	opts := o.opts
	opts.Location = in.opts.Location
	if opts.AsOf, err = g.asOfOrComplete(in); err != nil {
		return err
	}
	if opts.Sales, err = in.readSales(o.Sales, g.DataDir); err != nil {
		return err
	}
	if opts.Sales != nil && o.salesTouchGiven {
		return usagef("--sales-touch names sales touches in the touches; with a sales activities file (%s) every row of it is one", opts.Sales.Source)
	}
	res, err := speed.Analyze(in.ds, opts)
	if err != nil {
		return err
	}
	return g.writeReport(in.withWarnings(res.Report()), in.paths())
}

// readSales reads the sales activities file, read as touches into the
// inputs' Dict: path, else sales_activities.* in dir; nil when there is
// none.
func (s *inputSet) readSales(path, dir string) (*funnel.Table, error) {
	return s.readBeside("sales", path, dir, salesFileNames, funnel.Touches)
}
