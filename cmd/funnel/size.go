package main

import (
	"math"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
	"github.com/funnel-analytics/funnel/market"
	"github.com/funnel-analytics/funnel/velocity"
)

type sizeOptions struct {
	g      *globalOptions
	inputs *inputFlags

	Plot string

	By       []string
	Units    float64
	UnitsCol string
	Price    float64
	Prices   string
	Filter   string
	MinLeads int
	UseLeads bool
	Order    string

	priceGiven bool // --price was given (0 is then a mistake)
	opts       market.Options

	db       warehouseFlags
	warnings []string // the database tables' binding warnings
}

func newSizeCmd(g *globalOptions, runF func(*sizeOptions) error) *cobra.Command {
	o := &sizeOptions{g: g}
	cmd := &cobra.Command{
		Use:   "size --accounts FILE --by industry,region --price P",
		Short: "Market size per segment and each segment's progress through the funnel",
		Long: `How big could each segment be, and is it worth opening? size multiplies target
accounts x units per account x unit price per segment (--by industry,region)
and, with pipeline data, adds the win rate with its 95% interval, the
expected revenue and whether a segment has enough leads to open.

More: 'funnel help market-size'.`,
		Example: `  funnel size --data exports --by industry,region --units-col employees --price 40
  funnel size --accounts accounts.csv --by region --units 25 --prices prices.csv --filter "employees>=200"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.priceGiven = cmd.Flags().Changed("price")
			return dispatch(o, runF, sizeRun, o.parse, g.checkOutputs(o.inputs, destination{"--plot", o.Plot}))
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Accounts, funnel.Leads, funnel.Stages, funnel.Opportunities)
	f := cmd.Flags()
	f.StringSliceVar(&o.By, "by", nil, "segment columns, e.g. industry,region (default: one segment)")
	f.Float64Var(&o.Units, "units", 1, "units (seats, licences) per account")
	f.StringVar(&o.UnitsCol, "units-col", "", "take each account's units from this number column, e.g. employees")
	f.Float64Var(&o.Price, "price", 0, "unit price (the fallback for segments --prices does not list)")
	f.StringVar(&o.Prices, "prices", "", "price per segment: `FILE` with the --by columns and a price column")
	f.StringVar(&o.Filter, "filter", "", "narrow the target accounts, e.g. \"employees>=200\"")
	f.IntVar(&o.MinLeads, "min-leads", 1, "leads a segment needs to be ready")
	f.BoolVar(&o.UseLeads, "use-leads", false, "size from the leads (each lead a target) even when accounts are given")
	f.StringVar(&o.Order, "stage-order", "", "the stage ladder of --stages, comma-separated")
	aliasFlag(f, "order", "stage-order")
	addPlotFlag(cmd, &o.Plot, "the market size per segment (a bar chart)")
	addWarehouseFlags(cmd, &o.db, "the segments are counted in SQL (with --split-values and --by the tables are streamed and sized as files are)", false)
	o.inputs.fromDatabase(&o.db, "size")
	return cmd
}

// parse validates the flags into a market.Options.
func (o *sizeOptions) parse() error {
	if !(o.Units > 0) || math.IsInf(o.Units, 0) {
		return usagef("--units %v: want a positive number of units per account (or --units-col COLUMN)", o.Units)
	}
	if o.priceGiven && (!(o.Price > 0) || math.IsInf(o.Price, 0)) {
		return usagef("--price %v: want a positive unit price", o.Price)
	}
	if o.Price == 0 && o.Prices == "" {
		return usagef("give the unit price: --price P or --prices FILE")
	}
	if o.MinLeads < 1 {
		return usagef("--min-leads %d: want 1 or more", o.MinLeads)
	}
	if o.Filter != "" {
		if _, err := market.ParseFilter(o.Filter); err != nil {
			return usagef("--filter: %v", err)
		}
	}
	if o.Order != "" {
		var err error
		if o.opts.Order, err = velocity.ParseOrder(o.Order); err != nil {
			return usagef("--stage-order: %v", err)
		}
	}
	o.opts.By = trimAll(o.By)
	o.opts.Filter, o.opts.Units, o.opts.UnitsColumn = o.Filter, o.Units, o.UnitsCol
	o.opts.Price, o.opts.MinLeads, o.opts.UseLeads = o.Price, o.MinLeads, o.UseLeads
	return checkPlot(o.Plot)
}

func sizeRun(o *sizeOptions) error {
	g := o.g
	if o.db.given(g, o.inputs) {
		split, err := g.splitValues()
		if err != nil {
			return err
		}
		if split == "" || len(o.opts.By) == 0 { // a target in several segments needs the rows: streamed
			return sizeDBRun(o)
		}
		o.inputs.dbWhy = "--split-values with --by needs the rows"
	}
	in, err := g.readInputs(o.inputs)
	if err != nil {
		return err
	}
	if in.ds.Accounts == nil && in.ds.Leads == nil {
		return usagef("missing input: --accounts (or --leads, or --data DIR with accounts.csv)")
	}
	opts := o.opts
	if opts.SplitValues, err = g.splitValues(); err != nil {
		return err
	}
	if o.Prices != "" {
		if opts.Prices, err = in.readPrices(o.Prices); err != nil {
			return err
		}
	}
	asOf, err := g.asOf(in.opts)
	if err != nil {
		return err
	}
	opts.AsOf = asOfTime(asOf)
	res, err := market.Size(in.ds, opts)
	if err != nil {
		return err
	}
	return g.writeReportWithPlot(o.Plot, in.withWarnings(res.Report()), in.paths())
}

// readPrices reads a file of prices per segment (size --prices, the
// config's size.prices), as the inputs were read, and records it in s.
func (s *inputSet) readPrices(path string) (*funnel.Table, error) {
	prices, warnings, err := ingest.Load(path, funnel.Accounts, s.ds.Dict, s.opts)
	if err != nil {
		return nil, err
	}
	s.add(path, warnings)
	return prices, nil
}
