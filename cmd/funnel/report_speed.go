package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/config"
	"github.com/funnel-analytics/funnel/report"
	"github.com/funnel-analytics/funnel/speed"
)

// reportSpeedFlags are the report's flags of its Speed sheet.
type reportSpeedFlags struct {
	AlertMedian string
	Sales       string
}

// addReportSpeedFlags adds --alert-median and --sales to the report.
func addReportSpeedFlags(cmd *cobra.Command, f *reportSpeedFlags) {
	cmd.Flags().StringVar(&f.AlertMedian, "alert-median", "", "exit 3 when the month's median delay from MQL to the first sales touch is over this `DURATION`, e.g. 1h (default: the config's speed.alert_median)")
	cmd.Flags().StringVar(&f.Sales, "sales", "", "sales activities `FILE` for the Speed sheet, every row a sales touch (default: the config's speed.sales, else sales_activities.csv in the data folder)")
}

// speedSettings parses the config's speed section (and the report's
// --alert-median) as speed's flags: the Speed sheet's options, and the
// sales activities file the config names ("" when none). Without
// sales_touch the sales touches are speed's defaults.
func speedSettings(cfg *config.Config, o *reportOptions) (speed.Options, string, error) {
	sc := cfg.Speed
	so := &speedOptions{g: o.g, Start: "mql", SalesTouch: defaultSalesTouch, SQL: "sql", Opportunity: "opportunity", AlertMedian: sc.AlertMedian}
	setIf(&so.Start, sc.Start)
	if len(sc.SalesTouch) > 0 {
		so.SalesTouch = sc.SalesTouch
	}
	if err := so.parse(); err != nil {
		return speed.Options{}, "", configError(cfg, "speed", err)
	}
	if f := o.speed.AlertMedian; f != "" {
		d, err := funnel.ParseDuration(f)
		if err != nil || d <= 0 {
			return speed.Options{}, "", usagef("--alert-median %q: want a positive duration such as 1h or 30m", f)
		}
		so.opts.AlertMedian = d
	}
	return so.opts, cfg.Resolve(sc.Sales), nil
}

// readSpeedInputs reads the sales activities into opts: --sales, else
// the config's speed.sales, else sales_activities.* in --data or the
// config's data folder; none leaves them nil (the touches of the sales
// types are the sales touches). A file together with the config's
// sales_touch is an error, as with funnel speed: every row of the file is
// a sales touch.
func readSpeedInputs(o *reportOptions, cfg *config.Config, set reportSettings, in *inputSet, opts *report.Options) error {
	path, dir := o.speed.Sales, reportDataDir(o, cfg)
	if path == "" {
		path = set.files.sales
	}
	sales, err := in.readSales(path, dir)
	if err != nil {
		return err
	}
	if sales != nil && len(cfg.Speed.SalesTouch) > 0 {
		return configError(cfg, "speed", fmt.Errorf("sales_touch names sales touches in the touches; with a sales activities file (%s) every row of it is one", sales.Source))
	}
	opts.Speed.Sales = sales
	return nil
}
