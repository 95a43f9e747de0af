package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/experiment"
	"github.com/funnel-analytics/funnel/funnel"
)

// assignmentFileNames are the names --data looks for when --assignments
// is not given.
var assignmentFileNames = []string{"experiment.csv", "experiment.csv.gz", "experiment.tsv", "experiment.xlsx"}

type testOptions struct {
	g      *globalOptions
	inputs *inputFlags
	db     warehouseFlags // --db: the inputs streamed from a database's tables

	Assignments string
	Group       string
	Control     string
	Target      string
	TargetStage string
	Unit        string
	Date        string
	MDE         string
	Power       float64
	Alpha       float64

	opts experiment.Options
}

func newTestCmd(g *globalOptions, runF func(*testOptions) error) *cobra.Command {
	o := &testOptions{g: g}
	cmd := &cobra.Command{
		Use:     "test --group COLUMN (--target COLUMN | --target-stage STAGE) [--assignments FILE] [--leads FILE] [--stages FILE]",
		Aliases: []string{"experiment"},
		Short:   "A/B or holdout test: uplift with its interval and p-value, the size and weeks the test needs, peeking",
		Long: `Did the treatment work, and has the test run long enough to say? Per arm the
units and their conversion rate; per treatment arm against the control the
uplift and the ratio with intervals and a p-value; the units per arm the
minimum detectable effect needs and the weeks that takes at the observed
traffic, with a warning when the test is read before its planned size.
More: 'funnel help ab-test'.`,
		Example: `  funnel test --data exports --group group --target-stage sql
  funnel test --leads leads.csv --group "Test Group" --control Holdout --target Converted --positive Yes --unit account --mde 2pp`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dispatch(o, runF, testRun, o.parse, g.checkOutput)
		},
	}
	o.inputs = addInputFlags(cmd, funnel.Leads, funnel.Stages)
	addWarehouseFlags(cmd, &o.db, "test is not pushed down yet: the tables' rows are streamed and analyzed as files are", false)
	o.inputs.fromDatabase(&o.db, "test")
	f := cmd.Flags()
	f.StringVar(&o.Assignments, "assignments", "", "the test's assignments `FILE`: a row per lead (lead_id, account_id, a date) with its group column (default: experiment.csv in --data, when there; else the group column is one of the leads)")
	f.StringVar(&o.Group, "group", "", "the column naming each unit's arm (control/treatment, A/B/C)")
	f.StringVar(&o.Control, "control", "", "the control arm's `VALUE` (default: the arm named control, holdout or A)")
	f.StringVar(&o.Target, "target", "", "the outcome: a yes/no, 0/1 or timestamp column of the assignments or the leads")
	f.StringVar(&o.TargetStage, "target-stage", "", "the outcome: reaching this stage of --stages")
	f.StringVar(&o.Unit, "unit", "lead", "what was assigned: lead, or account (its leads' outcomes aggregated: converted when any converted)")
	f.StringVar(&o.Date, "date", "", "the column of the date a unit entered the test (default: assigned_at or created_at of the assignments, else of the lead)")
	f.StringVar(&o.MDE, "mde", "10%", "minimum detectable effect of the plan: a relative uplift (10%), an absolute difference of rates (0.02) or points (2pp)")
	f.Float64Var(&o.Power, "power", 0.8, "power of the plan")
	f.Float64Var(&o.Alpha, "alpha", 0.05, "two-sided significance level of the p-values and the plan")
	return cmd
}

// parse validates the flags into an experiment.Options.
func (o *testOptions) parse() error {
	c := &o.opts
	if c.Group = strings.TrimSpace(o.Group); c.Group == "" {
		return usagef("give the group column: --group COLUMN")
	}
	c.Target, c.TargetStage = strings.TrimSpace(o.Target), strings.TrimSpace(o.TargetStage)
	switch {
	case c.Target == "" && c.TargetStage == "":
		return usagef("give the outcome: --target COLUMN or --target-stage STAGE")
	case c.Target != "" && c.TargetStage != "":
		return usagef("give one of --target and --target-stage, not both")
	}
	if len(o.g.Positive) > 0 {
		c.Positive = o.g.Positive[0]
	}
	c.Control, c.Date = strings.TrimSpace(o.Control), strings.TrimSpace(o.Date)
	var err error
	if c.Unit, err = experiment.ParseUnit(o.Unit); err != nil {
		return usagef("--unit: %v", err)
	}
	if c.MDE, err = experiment.ParseMDE(o.MDE); err != nil {
		return usagef("--mde %v", err)
	}
	for _, p := range []struct {
		name, example string
		v             float64
	}{{"power", "0.8", o.Power}, {"alpha", "0.05", o.Alpha}} {
		if !(p.v > 0 && p.v < 1) { // NaN too
			return usagef("--%s %g: want a number between 0 and 1, such as %s", p.name, p.v, p.example)
		}
	}
	c.Power, c.Alpha = o.Power, o.Alpha
	return nil
}

func testRun(o *testOptions) error {
	g := o.g
	path := o.Assignments
	if path == "" && g.DataDir != "" {
		path = findFile(g.DataDir, assignmentFileNames)
	}
	var required []funnel.TableKind
	if path == "" {
		required = append(required, funnel.Leads)
	}
	if o.opts.TargetStage != "" {
		required = append(required, funnel.Stages)
	}
	in, err := g.readInputs(o.inputs, required...)
	if err != nil {
		return err
	}
	assignments, err := in.readBeside("assignments", path, "", nil, funnel.Leads)
	if err != nil {
		return err
	}
	opts := o.opts
	if opts.AsOf, err = g.asOf(in.opts); err != nil {
		return err
	}
	res, err := experiment.Analyze(in.ds, assignments, opts)
	if err != nil {
		return err
	}
	return g.writeReport(in.withWarnings(res.Report()), in.paths())
}
