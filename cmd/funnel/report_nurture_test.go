package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/nurture"
)

// TestReportNurtureSettings: the config's nurture section is parsed as
// nurture's flags: nothing set gives nurture's defaults (90 days, 30 in 13
// weeks, sql) with nil strata (the lenient defaults); a section gives its
// values, the enrollments relative to the config file; --program replaces
// the config's program and program_column; a bad value names the config
// and the section.
func TestReportNurtureSettings(t *testing.T) {
	t.Parallel()
	set, err := parseReportSettings(t, "", &reportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	no := set.opts.Nurture
	if no.Dormant != 90*86400 || no.Weeks != 13 || no.TargetTouches != 30 || no.TargetWeeks != 13 || no.Outcome != "sql" ||
		no.Strata != nil || no.Program != nil || no.ProgramColumn != "" || set.files.enrollments != "" {
		t.Errorf("defaults %+v, enrollments %q", no, set.files.enrollments)
	}
	doc := "nurture:\n  dormant: 60d\n  outcome: mql\n  program_column: nurtured\n  enrollments: exports/enrolled.csv\n  strata: [lead_source, month]\n"
	set, err = parseReportSettings(t, doc, &reportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	no = set.opts.Nurture
	if no.Dormant != 60*86400 || no.Outcome != "mql" || no.ProgramColumn != "nurtured" || !slices.Equal(no.Strata, []string{"lead_source", nurture.MonthStratum}) ||
		set.files.enrollments != filepath.Join("conf", "exports", "enrolled.csv") {
		t.Errorf("section %+v, enrollments %q", no, set.files.enrollments)
	}
	set, err = parseReportSettings(t, doc, &reportOptions{nurture: reportNurtureFlags{Program: []string{"Welcome"}}})
	if err != nil {
		t.Fatal(err)
	}
	if no = set.opts.Nurture; !slices.Equal(no.Program, []string{"Welcome"}) || no.ProgramColumn != "" {
		t.Errorf("--program: %+v", no)
	}
	_, err = parseReportSettings(t, "nurture:\n  program: [Welcome]\n  program_column: nurtured\n", &reportOptions{})
	if err == nil || !strings.HasPrefix(err.Error(), "config "+filepath.Join("conf", "funnel.yaml")+": nurture: --program and --program-column: give one") {
		t.Errorf("both program and program_column: %v", err)
	}
}
