package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/signals"
	"github.com/funnel-analytics/funnel/velocity"
)

// webFileNames are the names --data looks for when --web is not given.
var webFileNames = []string{"web_visits.csv", "web_visits.csv.gz", "web_visits.tsv", "web_visits.xlsx"}

type signalsOptions struct {
	g      *globalOptions
	inputs *inputFlags
	db     warehouseFlags // --db: the inputs streamed from a database's tables

	Web          string
	Targets      string
	Period       string
	Baseline     int
	MinBaseline  int
	Drop         string
	Surge        string
	Alpha        float64
	PAdjust      string
	Active       string
	StallAfter   string
	TrialLength  string
	WebTypes     []string
	TrialSignup  []string
	TrialUsage   []string
	ActiveStages []string
	ContentBy    string

	opts signals.Options
}

func newSignalsCmd(g *globalOptions, runF func(*signalsOptions) error) *cobra.Command {
	o := &signalsOptions{g: g}
	cmd := &cobra.Command{
		Use:   "signals --touches FILE [--web FILE] [--opportunities FILE] [--stages FILE]",
		Short: "Account signals for sales: traffic drops, stalled trials, surges, web traffic, and a backtest",
		Long: `Which accounts should sales hear about this week? signals compares each
account's latest week or month with its own past: web traffic that drops
while a deal is open, surges of new interest, and trials nobody uses, with a
backtest of how often a drop came before a lost deal; exit code 3 when any is
found, for a cron job.

More: 'funnel help signal-rules'.`,
		Example: `  funnel signals --data exports
  funnel signals --data exports --period week --as-of 2026-10-25 -q || notify-sales`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(o, runF, signalsRun, o.parse, g.checkOutput)
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Touches, funnel.Leads, funnel.Accounts, funnel.Opportunities, funnel.Stages)
	addWarehouseFlags(cmd, &o.db, "signals is not pushed down yet: the tables' rows are streamed and analyzed as files are", false)
	o.inputs.fromDatabase(&o.db, "signals")
	f := cmd.Flags()
	f.StringVar(&o.Web, "web", "", "web activity `FILE`, read as touches besides --touches (default: web_visits.csv in --data, when there)")
	f.StringVar(&o.Targets, "targets", "", "target account list `FILE`: ids one a line, or a table with an account_id column (default: the accounts' target column)")
	f.StringVar(&o.Period, "period", "month", "week (ISO) or month")
	f.IntVar(&o.Baseline, "baseline", signals.DefaultBaseline, "periods before the latest one that make an account's baseline")
	f.IntVar(&o.MinBaseline, "min-baseline", signals.DefaultMinBaseline, "web touches a baseline needs for a drop (and the latest period for a surge)")
	f.StringVar(&o.Drop, "drop", "50%", "fall of the rate that makes a traffic drop")
	f.StringVar(&o.Surge, "surge", "100%", "rise of the rate that makes a surge")
	f.Float64Var(&o.Alpha, "alpha", signals.DefaultAlpha, "one-sided significance level of drops and surges")
	f.StringVar(&o.PAdjust, "p-adjust", signals.AdjustBH, "multiple-testing adjustment of a period's p-values over the accounts tested: bh (Benjamini-Hochberg) or none")
	f.StringVar(&o.Active, "active", "90d", "a stage of --active-stages entered within this before --as-of makes a sales conversation")
	f.StringVar(&o.StallAfter, "stall-after", "7d", "a trial without usage this long is stalled")
	f.StringVar(&o.TrialLength, "trial-length", "30d", "how long a trial runs from its signup")
	f.StringSliceVar(&o.WebTypes, "web-types", signals.DefaultWebTypes, "activity types that are web activity")
	f.StringSliceVar(&o.TrialSignup, "trial-signup", signals.DefaultTrialSignup, "activity types of a trial signup")
	f.StringSliceVar(&o.TrialUsage, "trial-usage", signals.DefaultTrialUsage, "activity types of trial usage")
	f.StringSliceVar(&o.ActiveStages, "active-stages", signals.DefaultActiveStage, "stages whose recent entry makes a sales conversation")
	f.StringVar(&o.ContentBy, "content-by", "", "touches column of the content item (default: content, url, page_url, page or content_item, else campaign)")
	return cmd
}

// parse validates the flags into a signals.Options.
func (o *signalsOptions) parse() error {
	c := &o.opts
	var err error
	if c.Period, err = velocity.ParsePeriod(o.Period); err != nil || c.Period == velocity.Quarter {
		return usagef("--period %q: want week or month", o.Period)
	}
	if o.Baseline < 1 || o.MinBaseline < 1 {
		return usagef("--baseline %d, --min-baseline %d: want 1 or more", o.Baseline, o.MinBaseline)
	}
	c.Baseline, c.MinBaseline = o.Baseline, o.MinBaseline
	if c.Drop, err = parseShare(o.Drop); err != nil || c.Drop == 0 {
		return usagef("--drop %q: want a share above 0 such as 50%%", o.Drop)
	}
	if c.Surge, err = parsePositiveShare(o.Surge); err != nil {
		return usagef("--surge %q: %v", o.Surge, err)
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return usagef("--alpha %g: want a level between 0 and 1", o.Alpha)
	}
	c.Alpha = o.Alpha
	if c.Adjust = strings.ToLower(strings.TrimSpace(o.PAdjust)); c.Adjust != signals.AdjustBH && c.Adjust != signals.AdjustNone {
		return usagef("--p-adjust %q: want bh or none", o.PAdjust)
	}
	for _, d := range []struct {
		flag, value string
		to          *int64
	}{{"active", o.Active, &c.Active}, {"stall-after", o.StallAfter, &c.StallAfter}, {"trial-length", o.TrialLength, &c.TrialLength}} {
		if *d.to, err = funnel.ParseDuration(d.value); err != nil || *d.to <= 0 {
			return usagef("--%s %q: want a positive duration such as 7d", d.flag, d.value)
		}
	}
	for _, l := range []struct {
		flag string
		in   []string
		to   *[]string
	}{{"web-types", o.WebTypes, &c.WebTypes}, {"trial-signup", o.TrialSignup, &c.TrialSignup}, {"trial-usage", o.TrialUsage, &c.TrialUsage}, {"active-stages", o.ActiveStages, &c.ActiveStages}} {
		if *l.to = trimAll(l.in); len(*l.to) == 0 {
			return usagef("--%s: want at least one name", l.flag)
		}
	}
	c.ContentBy = strings.TrimSpace(o.ContentBy)
	return nil
}

// parsePositiveShare reads a rise such as "100%" or "1.5" (any positive
// share, above 100% too).
func parsePositiveShare(s string) (float64, error) {
	v, err := parseShare(s)
	if err == nil && v > 0 {
		return v, nil
	}
	t := strings.TrimSpace(s)
	var f float64
	if _, serr := fmt.Sscanf(strings.TrimSuffix(t, "%"), "%g", &f); serr == nil && f > 0 {
		if strings.HasSuffix(t, "%") {
			f /= 100
		}
		return f, nil
	}
	return 0, fmt.Errorf("want a positive share such as 100%% or 1.5")
}

func signalsRun(o *signalsOptions) error {
	g := o.g
	in, err := g.readInputs(o.inputs, funnel.Touches)
	if err != nil {
		return err
	}
	opts := o.opts
	opts.Location = in.opts.Location
	if opts.AsOf, err = g.asOf(in.opts); err != nil {
		return err
	}
	if opts.Web, err = in.readWeb(o.Web, g.DataDir); err != nil {
		return err
	}
	if o.Targets != "" {
		if opts.Targets, err = in.readTargets(o.Targets); err != nil {
			return err
		}
	}
	res, err := signals.Analyze(in.ds, opts)
	if err != nil {
		return err
	}
	return g.writeReport(in.withWarnings(res.Report()), in.paths())
}

// readWeb reads the web activity file, read as touches into the inputs'
// Dict: path, else web_visits.* in dir; nil when there is none.
func (s *inputSet) readWeb(path, dir string) (*funnel.Table, error) {
	return s.readBeside("web", path, dir, webFileNames, funnel.Touches)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
