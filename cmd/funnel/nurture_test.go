package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestNurtureFlags(t *testing.T) {
	t.Parallel()
	testFlags(t, newNurtureCmd, []flagCase[*nurtureOptions]{
		{name: "defaults", check: func(t *testing.T, o *nurtureOptions) {
			c := o.opts
			if c.Dormant != 90*86400 || c.Weeks != 13 || c.TargetTouches != 30 || c.TargetWeeks != 13 || c.Outcome != "sql" ||
				c.Strata != nil {
				t.Errorf("defaults %+v", c)
			}
		}},
		{name: "set", args: []string{"--dormant", "60d", "--weeks", "8", "--target-cadence", "12/8", "--program", "Welcome", "--outcome", "mql"},
			check: func(t *testing.T, o *nurtureOptions) {
				c := o.opts
				if c.Dormant != 60*86400 || c.Weeks != 8 || c.TargetTouches != 12 || c.TargetWeeks != 8 || !slices.Equal(c.Program, []string{"Welcome"}) || c.Outcome != "mql" {
					t.Errorf("set %+v", c)
				}
			}},
		{name: "strata", args: []string{"--strata", "lead_source, month"}, check: func(t *testing.T, o *nurtureOptions) {
			if !slices.Equal(o.opts.Strata, []string{"lead_source", "month"}) {
				t.Errorf("strata %v", o.opts.Strata)
			}
		}},
		{name: "bad cadence", args: []string{"--target-cadence", "30/0w"}, code: ExitUsage},
		{name: "both programs", args: []string{"--program", "A", "--program-column", "B"}, code: ExitUsage},
		{name: "dormant 0", args: []string{"--dormant", "0d"}, code: ExitUsage},
	})
}

// TestNurtureDefaultStrata: leads without an industry column are matched
// on the other default strata with a warning, while --strata naming the
// column is an error naming the leads' columns.
func TestNurtureDefaultStrata(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(testdata("nurture", "basic", "leads.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, ",")
		rows = append(rows, strings.Join(append(f[:3:3], f[4:]...), ",")) // without industry, the fourth column
	}
	leads := filepath.Join(t.TempDir(), "leads.csv")
	if err := os.WriteFile(leads, []byte(strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--leads", leads, "--touches", testdata("nurture", "basic", "touches.csv"),
		"--enrollments", testdata("nurture", "basic", "nurture.csv"), "--dormant", "30d"}
	_, stderr, code := runCommand(t, &globalOptions{Format: "csv", AsOf: "2026-03-31"}, newNurtureCmd, nil, args...)
	if code != ExitOK || !strings.Contains(stderr, `no column "industry": the comparison is not matched on it`) {
		t.Errorf("default strata: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runCommand(t, &globalOptions{Format: "csv", AsOf: "2026-03-31"}, newNurtureCmd, nil, append(args, "--strata", "industry,month")...)
	if code != ExitFailure || !strings.Contains(stderr, `no column "industry" to match on`) {
		t.Errorf("--strata industry: exit %d, stderr %q", code, stderr)
	}
}
