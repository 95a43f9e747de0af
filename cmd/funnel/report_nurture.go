package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/config"
	"github.com/funnel-analytics/funnel/nurture"
	"github.com/funnel-analytics/funnel/report"
)

// reportNurtureFlags are the report's flags of its Nurture sheet.
type reportNurtureFlags struct {
	Program     []string
	Enrollments string
}

// addReportNurtureFlags adds --program and --enrollments to the report.
func addReportNurtureFlags(cmd *cobra.Command, f *reportNurtureFlags) {
	cmd.Flags().StringSliceVar(&f.Program, "program", nil, "campaigns of the nurture program for the Nurture sheet's comparison (default: the config's nurture.program)")
	cmd.Flags().StringVar(&f.Enrollments, "enrollments", "", "program memberships `FILE`, read as touches (default: the config's nurture.enrollments, else nurture.csv in the data folder)")
}

// nurtureSettings parses the config's nurture section (and the report's
// --program) as nurture's flags: the Nurture sheet's options, and the
// enrollments file the config names ("" when none). The comparison's
// strata are the config's, else nil: nurture's defaults, those the leads
// lack left out with a warning.
func nurtureSettings(cfg *config.Config, o *reportOptions) (nurture.Options, string, error) {
	nc := cfg.Nurture
	no := &nurtureOptions{g: o.g, Dormant: funnel.FormatDays(nurture.DefaultDormant), Weeks: nurture.DefaultWeeks,
		Target: fmt.Sprintf("%d/%dw", nurture.DefaultTargetTouches, nurture.DefaultTargetWeeks), Outcome: nurture.DefaultOutcome,
		Program: nc.Program, ProgramColumn: nc.ProgramColumn, Strata: nurture.DefaultStrata, Unsubscribe: nurture.DefaultUnsubscribe}
	setIf(&no.Dormant, nc.Dormant)
	setIf(&no.Outcome, nc.Outcome)
	if len(nc.Strata) > 0 {
		no.Strata, no.strataGiven = nc.Strata, true
	}
	if len(o.nurture.Program) > 0 {
		no.Program, no.ProgramColumn = o.nurture.Program, ""
	}
	if err := no.parse(); err != nil {
		return nurture.Options{}, "", configError(cfg, "nurture", err)
	}
	return no.opts, cfg.Resolve(nc.Enrollments), nil
}

// readNurtureInputs reads the program's enrollments into opts: --enrollments,
// else the config's nurture.enrollments, else nurture.* in --data or the
// config's data folder; none leaves them nil.
func readNurtureInputs(o *reportOptions, cfg *config.Config, set reportSettings, in *inputSet, opts *report.Options) error {
	path, dir := o.nurture.Enrollments, reportDataDir(o, cfg)
	if path == "" {
		path = set.files.enrollments
	}
	enr, err := in.readEnrollments(path, dir)
	if err != nil {
		return err
	}
	opts.Nurture.Enrollments = enr
	return nil
}
