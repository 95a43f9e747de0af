package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/nurture"
	"github.com/funnel-analytics/funnel/velocity"
)

// enrollmentFileNames are the names --data looks for when --enrollments
// is not given.
var enrollmentFileNames = []string{"nurture.csv", "nurture.csv.gz", "nurture.tsv", "nurture.xlsx"}

type nurtureOptions struct {
	g      *globalOptions
	inputs *inputFlags
	db     warehouseFlags // --db: the inputs streamed from a database's tables

	Dormant       string
	Weeks         int
	Target        string
	Outcome       string
	Program       []string
	ProgramColumn string
	Enrollments   string
	Strata        []string
	strataGiven   bool // --strata was given: a column the leads lack is an error, not a warning
	Unsubscribe   []string
	Ladder        string

	opts nurture.Options
}

func newNurtureCmd(g *globalOptions, runF func(*nurtureOptions) error) *cobra.Command {
	o := &nurtureOptions{g: g}
	cmd := &cobra.Command{
		Use:   "nurture --touches FILE --leads FILE [--stages FILE] [--program CAMPAIGN] [--costs FILE]",
		Short: "Nurturing and re-engagement: dormant leads, cadence, contact frequency, and a nurture program against comparable leads",
		Long: `How much of the database is asleep, what wakes it, and does nurturing pay?
The share of leads dormant (no touch for --dormant) by stage and month, the
dormant spells that ended in a touch and the touch that ended them; each
lead's touches per week in its first --weeks against a target, with the rate
of reaching --outcome; the rate of going dormant after a month of each
contact frequency; and the members of a nurture program against non-members
of the same source, segment and entry month (a Mantel-Haenszel rate ratio),
with the cost per lead reaching --outcome when there are costs.
More: 'funnel help nurture'.`,
		Example: `  funnel nurture --data exports --program "Nurture: Welcome Program"
  funnel nurture --data exports --dormant 60d --target-cadence 30/13w --outcome mql`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.strataGiven = cmd.Flags().Changed("strata")
			return dispatch(o, runF, nurtureRun, o.parse, g.checkOutput)
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Touches, funnel.Leads, funnel.Stages, funnel.Costs)
	addWarehouseFlags(cmd, &o.db, "nurture is not pushed down yet: the tables' rows are streamed and analyzed as files are", false)
	o.inputs.fromDatabase(&o.db, "nurture")
	f := cmd.Flags()
	f.StringVar(&o.Dormant, "dormant", "90d", "a lead with no touch for this `DURATION` is dormant")
	f.IntVar(&o.Weeks, "weeks", nurture.DefaultWeeks, "the cadence counts a lead's touches in its first this many weeks")
	f.StringVar(&o.Target, "target-cadence", "30/13w", "the target cadence, TOUCHES/WEEKSw: 30/13w is 30 touches in 13 weeks")
	f.StringVar(&o.Outcome, "outcome", nurture.DefaultOutcome, "the stage whose reaching is the outcome (mql, sql, customer, or a leads date column's stage such as won)")
	f.StringSliceVar(&o.Program, "program", nil, "campaigns of the nurture program: a lead with a touch or enrollment of one is a member")
	f.StringVar(&o.ProgramColumn, "program-column", "", "leads `COLUMN` whose value (not empty, false, 0 or no) makes a member, instead of --program")
	f.StringVar(&o.Enrollments, "enrollments", "", "program memberships `FILE` (lead_id, occurred_at, campaign), read as touches (default: nurture.csv in --data, when there)")
	f.StringSliceVar(&o.Strata, "strata", nurture.DefaultStrata, "leads columns the comparison matches on exactly; month is the month of created_at")
	f.StringSliceVar(&o.Unsubscribe, "unsubscribe", nurture.DefaultUnsubscribe, "activity types of an unsubscribe")
	f.StringVar(&o.Ladder, "ladder", "", "the stage ladder, comma-separated (default: inferred as velocity does)")
	return cmd
}

// parse validates the flags into a nurture.Options.
func (o *nurtureOptions) parse() error {
	c := &o.opts
	d, err := funnel.ParseDuration(o.Dormant)
	if err != nil || d <= 0 {
		return usagef("--dormant %q: want a positive duration such as 90d", o.Dormant)
	}
	c.Dormant = d
	if o.Weeks < 1 {
		return usagef("--weeks %d: want 1 or more", o.Weeks)
	}
	c.Weeks = o.Weeks
	if c.TargetTouches, c.TargetWeeks, err = parseCadence(o.Target); err != nil {
		return usagef("--target-cadence %q: %v", o.Target, err)
	}
	if c.Outcome = strings.TrimSpace(o.Outcome); c.Outcome == "" {
		return usagef("--outcome: want a stage name")
	}
	c.Program, c.ProgramColumn = trimAll(o.Program), strings.TrimSpace(o.ProgramColumn)
	if len(c.Program) > 0 && c.ProgramColumn != "" {
		return usagef("--program and --program-column: give one")
	}
	if c.Strata = trimAll(o.Strata); len(c.Strata) == 0 {
		return usagef("--strata: want at least one column (or month)")
	}
	if !o.strataGiven {
		c.Strata = nil // the default strata: a column the leads lack is left out with a warning
	}
	c.Unsubscribe = trimAll(o.Unsubscribe)
	if c.Unsubscribe == nil {
		c.Unsubscribe = []string{}
	}
	if o.Ladder != "" {
		if c.Ladder, err = velocity.ParseOrder(o.Ladder); err != nil {
			return usagef("--ladder: %v", err)
		}
	}
	return nil
}

// parseCadence reads a target cadence written TOUCHES/WEEKSw ("30/13w";
// the w may be left out).
func parseCadence(s string) (touches, weeks int, err error) {
	n, w, ok := strings.Cut(strings.TrimSpace(s), "/")
	w = strings.TrimSuffix(strings.TrimSpace(w), "w")
	touches, err1 := strconv.Atoi(strings.TrimSpace(n))
	weeks, err2 := strconv.Atoi(strings.TrimSpace(w))
	if !ok || err1 != nil || err2 != nil || touches < 1 || weeks < 1 {
		return 0, 0, fmt.Errorf("want TOUCHES/WEEKSw with whole numbers above 0, such as 30/13w")
	}
	return touches, weeks, nil
}

func nurtureRun(o *nurtureOptions) error {
	g := o.g
	in, err := g.readInputs(o.inputs, funnel.Touches)
	if err != nil {
		return err
	}
	opts := o.opts
	opts.Location = in.opts.Location
	if opts.AsOf, err = g.asOfOrComplete(in); err != nil {
		return err
	}
	if opts.Enrollments, err = in.readEnrollments(o.Enrollments, g.DataDir); err != nil {
		return err
	}
	res, err := nurture.Analyze(in.ds, opts)
	if err != nil {
		return err
	}
	return g.writeReport(in.withWarnings(res.Report()), in.paths())
}

// readEnrollments reads the program memberships file, read as touches
// into the inputs' Dict: path, else nurture.* in dir; nil when there is
// none.
func (s *inputSet) readEnrollments(path, dir string) (*funnel.Table, error) {
	return s.readBeside("enrollments", path, dir, enrollmentFileNames, funnel.Touches)
}
